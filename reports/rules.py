"""Who may see the dashboards, run exports, and manage tokens and webhooks.

Dashboards and the organiser's exports belong to the organisation's owners and
organisers (reviewers and staff see neither). Each export names the rule it needs
(``reports.exports``): most use ``reports.run_export``; a list staff also keep (the
attendance list) may name the rule of the app it comes from.
"""

from __future__ import annotations

import rules

from programmes.rules import is_organiser, is_owner, roles_by_organisation

rules.add_perm("reports.view_dashboard", is_organiser)
rules.add_perm("reports.run_export", is_organiser)
# API tokens and webhooks speak for the whole organisation: its owners manage them.
rules.add_perm("reports.manage_integrations", is_owner)


@rules.predicate
def is_member_anywhere(user) -> bool:
    return bool(roles_by_organisation(user))


# Personal tokens (a scanner's) for anyone with a role in some organisation.
rules.add_perm("reports.have_personal_tokens", is_member_anywhere)
