"""Who may use the organiser area: owners and organisers of some organisation.

Built on the role predicates of ``programmes.rules``; each organisation's and event's
pages still ask ``programmes.change_organisation`` / ``programmes.change_event``.
"""

from __future__ import annotations

import rules

from programmes.enums import MANAGING_ROLES
from programmes.rules import roles_by_organisation


@rules.predicate
def organises_something(user) -> bool:
    return any(roles & MANAGING_ROLES for roles in roles_by_organisation(user).values())


rules.add_perm("backoffice.view_organiser_area", organises_something)
# The same rule for the main navigation's {% test_rule %}: asked on every page, it reads
# the roles the navigation has cached, without the model backend's permission queries.
rules.add_rule("backoffice.view_organiser_area", organises_something)
