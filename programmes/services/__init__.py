"""Everything that changes organisations, programmes, events, venues, people and sessions.

Each function runs in one transaction and validates with the model's ``full_clean``
(field choices such as countries and time zones, plus the cross-field rules in the
models' ``clean``), so a rejected call leaves nothing behind. Rule breaches raise
``django.core.exceptions.ValidationError`` keyed by field, or ``BridgesError`` /
``ConflictError`` for rules about who may do what and about the current state; the
API's exception handler turns both into a 4xx naming the field.

Permission to call a service is the caller's job (the named rules of ``rules.py``),
except where the rule is itself the business rule: only owners manage memberships.

One module per job:

- ``organisations``: organisations and their members (roles; the last owner stays)
- ``programmes``: programmes, an organisation's series of events
- ``people``: people named on agendas
- ``venues``: venues, their zone and capacity
- ``events``: events (draft, published, cancelled), their legs and country quotas
- ``sessions``: sessions on the agenda, moved, confirmed, cancelled, deleted
- ``common``: unique slugs, wall-clock times read in a zone, same-organisation checks

Callers import from ``programmes.services``; the names below are the public ones.
"""

from .common import (
    check_same_organisation,
    make_aware_in,
    unique_slug,
)
from .events import (
    EVENT_FIELDS,
    EVENT_LINKS,
    LEG_FIELDS,
    QUOTA_FIELDS,
    event_cancel,
    event_check_contents_fit,
    event_create,
    event_delete,
    event_publish,
    event_update,
    gender_quota_codes,
    gender_quota_create,
    gender_quota_delete,
    gender_quota_update,
    gender_quotas_set,
    leg_create,
    leg_delete,
    leg_update,
    quota_create,
    quota_delete,
    quota_update,
)
from .organisations import (
    ORGANISATION_FIELDS,
    membership_add,
    membership_change,
    membership_remove,
    organisation_create,
    organisation_update,
)
from .people import (
    PERSON_FIELDS,
    person_create,
    person_delete,
    person_update,
)
from .programmes import (
    PROGRAMME_FIELDS,
    programme_create,
    programme_delete,
    programme_update,
)
from .sessions import (
    SESSION_FIELDS,
    SESSION_SCHEDULE_FIELDS,
    session_cancel,
    session_confirm,
    session_create,
    session_delete,
    session_update,
    session_zone_name,
)
from .venues import (
    VENUE_FIELDS,
    venue_create,
    venue_delete,
    venue_update,
)

__all__ = [
    "EVENT_FIELDS",
    "EVENT_LINKS",
    "LEG_FIELDS",
    "ORGANISATION_FIELDS",
    "PERSON_FIELDS",
    "PROGRAMME_FIELDS",
    "QUOTA_FIELDS",
    "SESSION_FIELDS",
    "SESSION_SCHEDULE_FIELDS",
    "VENUE_FIELDS",
    "check_same_organisation",
    "event_cancel",
    "event_check_contents_fit",
    "event_create",
    "event_delete",
    "event_publish",
    "event_update",
    "leg_create",
    "leg_delete",
    "leg_update",
    "make_aware_in",
    "membership_add",
    "membership_change",
    "membership_remove",
    "organisation_create",
    "organisation_update",
    "person_create",
    "person_delete",
    "person_update",
    "programme_create",
    "programme_delete",
    "programme_update",
    "gender_quota_codes",
    "gender_quota_create",
    "gender_quota_delete",
    "gender_quota_update",
    "gender_quotas_set",
    "quota_create",
    "quota_delete",
    "quota_update",
    "session_cancel",
    "session_confirm",
    "session_create",
    "session_delete",
    "session_update",
    "session_zone_name",
    "unique_slug",
    "venue_create",
    "venue_delete",
    "venue_update",
]
