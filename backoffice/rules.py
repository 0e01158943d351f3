"""Who may use the organiser area: owners and organisers of some organisation.

Built on the role predicates of ``programmes.rules``; each organisation's and event's
pages still ask ``programmes.change_organisation`` / ``programmes.change_event``.
"""

from __future__ import annotations

import rules

from programmes.enums import MANAGING_ROLES
from programmes.rules import roles_by_event, roles_by_organisation


@rules.predicate
def organises_something(user) -> bool:
    """Owner or organiser of an organisation, or organiser of one event."""
    held = [*roles_by_organisation(user).values(), *roles_by_event(user).values()]
    return any(roles & MANAGING_ROLES for roles in held)


@rules.predicate
def manages_organisation_of(user, event) -> bool:
    """Creating events (a copy included) is for the organisation's owners and organisers,
    not for someone who organises one event only."""
    return bool(roles_by_organisation(user).get(event.organisation_id, set()) & MANAGING_ROLES)


rules.add_perm("backoffice.view_organiser_area", organises_something)
rules.add_perm("backoffice.copy_event", manages_organisation_of)
# The same rule for the main navigation's {% test_rule %}: asked on every page, it reads
# the roles the navigation has cached, without the model backend's permission queries.
rules.add_rule("backoffice.view_organiser_area", organises_something)
