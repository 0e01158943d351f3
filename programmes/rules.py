"""Who may do what, as named rules (django-rules, as pretalx does).

Roles are per organisation (``Membership``). Owners and organisers manage their
organisation's programmes, events and agenda; reviewers review and staff check in on its
events without managing them. The role predicates below are what every app's
``rules.py`` builds on; pages, the API and templates ask for a named permission:
``request.user.has_perm("programmes.change_event", event)`` or, in a template,
``{% has_perm "programmes.change_event" user event as can_manage %}``. Services that
check another person's role (the reviewer who declares a conflict) call the predicate.

A predicate's object is an organisation (or its id), an event, or an object of an event
(anything with ``.event``: an application, a pass, a session).
"""

from __future__ import annotations

import rules

from .enums import MANAGING_ROLES, EventStatus, MemberRole
from .models import Organisation

# Which roles may do what; the selectors that scope lists use the same sets.
REVIEW_ROLES = MANAGING_ROLES | {MemberRole.REVIEWER}
CHECK_IN_ROLES = MANAGING_ROLES | {MemberRole.STAFF}


def roles_by_organisation(user) -> dict[int, set[str]]:
    """The user's roles per organisation id, read once per request (cached on ``user``)."""
    if not user or not user.is_authenticated:
        return {}
    cache = getattr(user, "_bridges_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in user.memberships.values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._bridges_roles = cache
    return cache


def forget_roles(user) -> None:
    """Drop the roles cached on ``user`` after its memberships changed."""
    if user is not None and hasattr(user, "_bridges_roles"):
        del user._bridges_roles


def _organisation_id(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, int):
        return obj
    if isinstance(obj, Organisation):
        return obj.pk
    if hasattr(obj, "organisation_id"):  # events, programmes, venues, people
        return obj.organisation_id
    return obj.event.organisation_id


def roles_in(user, obj) -> set[str]:
    """The user's roles in the organisation of ``obj``."""
    org_id = _organisation_id(obj)
    if org_id is None:
        return set()
    return roles_by_organisation(user).get(org_id, set())


@rules.predicate
def is_member(user, obj) -> bool:
    """Any role in the organisation: its events' back office exists for them."""
    return bool(roles_in(user, obj))


@rules.predicate
def is_organiser(user, obj) -> bool:
    """Owners and organisers."""
    return bool(roles_in(user, obj) & MANAGING_ROLES)


@rules.predicate
def is_owner(user, obj) -> bool:
    return MemberRole.OWNER in roles_in(user, obj)


@rules.predicate
def is_reviewer(user, obj) -> bool:
    """Reviewers, and the owners and organisers who run the review."""
    return bool(roles_in(user, obj) & REVIEW_ROLES)


@rules.predicate
def is_check_in_staff(user, obj) -> bool:
    """Staff, and owners and organisers: they check people in."""
    return bool(roles_in(user, obj) & CHECK_IN_ROLES)


@rules.predicate
def is_public_event(user, event) -> bool:
    """Published and cancelled events are public; drafts are not."""
    return event is not None and event.status != EventStatus.DRAFT


# Drafts only to the organisation's members.
is_visible_event = is_public_event | is_member

rules.add_perm("programmes.view_event", is_visible_event)
# Outsiders get a 404 from back-office pages and endpoints (ids can't be probed).
rules.add_perm("programmes.view_organisation", is_member)
rules.add_perm("programmes.change_organisation", is_organiser)
rules.add_perm("programmes.change_event", is_organiser)
# The owners' business rule as well (programmes.services.membership_*).
rules.add_perm("programmes.change_memberships", is_owner)
