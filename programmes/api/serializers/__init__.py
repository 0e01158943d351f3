"""Input and output shapes of the programmes API.

Input serializers only parse and type-check; the rules live in ``programmes.services``.
Instants are output in UTC (``...Z``) unless a field says it is local; local fields
carry their offset (``2027-07-05T09:00:00+09:00``) and sit next to the zone name.

One module per part of the API:

- ``fields``: instants in UTC, wall-clock times read in a zone, countries, zones, slugs
- ``organisations``: organisations, members, programmes, people, venues
- ``events``: events with their legs and country quotas
- ``sessions``: sessions, the agenda by local day, conflicts

Callers import from ``programmes.api.serializers``; the names below are the public ones.
"""

from .events import (
    WINDOW_HELP,
    EventInputSerializer,
    EventSerializer,
    EventStatusSerializer,
    GenderQuotaInputSerializer,
    GenderQuotaSerializer,
    LegInputSerializer,
    LegSerializer,
    QuotaInputSerializer,
    QuotaSerializer,
)
from .fields import (
    CountryCodeField,
    SlugLookupField,
    TimeZoneNameField,
    UTCDateTimeField,
    WallClockDateTimeField,
    utc_iso,
)
from .organisations import (
    MembershipChangeSerializer,
    MembershipCreateSerializer,
    MembershipSerializer,
    OrganisationInputSerializer,
    OrganisationRefSerializer,
    OrganisationSerializer,
    PersonInputSerializer,
    PersonSerializer,
    ProgrammeInputSerializer,
    ProgrammeSerializer,
    PublicPersonSerializer,
    PublicVenueSerializer,
    VenueInputSerializer,
    VenueSerializer,
)
from .sessions import (
    SESSION_TIME_HELP,
    AgendaDaySerializer,
    AgendaSerializer,
    ConflictSerializer,
    SessionInputSerializer,
    SessionRefSerializer,
    SessionSerializer,
)

__all__ = [
    "AgendaDaySerializer",
    "AgendaSerializer",
    "ConflictSerializer",
    "CountryCodeField",
    "EventInputSerializer",
    "EventSerializer",
    "EventStatusSerializer",
    "LegInputSerializer",
    "LegSerializer",
    "MembershipChangeSerializer",
    "MembershipCreateSerializer",
    "MembershipSerializer",
    "OrganisationInputSerializer",
    "OrganisationRefSerializer",
    "OrganisationSerializer",
    "PersonInputSerializer",
    "PersonSerializer",
    "ProgrammeInputSerializer",
    "ProgrammeSerializer",
    "PublicPersonSerializer",
    "PublicVenueSerializer",
    "GenderQuotaInputSerializer",
    "GenderQuotaSerializer",
    "QuotaInputSerializer",
    "QuotaSerializer",
    "SESSION_TIME_HELP",
    "SessionInputSerializer",
    "SessionRefSerializer",
    "SessionSerializer",
    "SlugLookupField",
    "TimeZoneNameField",
    "UTCDateTimeField",
    "VenueInputSerializer",
    "VenueSerializer",
    "WINDOW_HELP",
    "WallClockDateTimeField",
    "utc_iso",
]
