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

On an event (or an object of one) the roles also count that are held on that event only:
an ``EventRole`` (someone invited to the event) and, for members of a co-organising
organisation, what its ``CoOrganiserGrant`` gives them. All of a user's roles are read in
one query (a UNION), once per request.
"""

from __future__ import annotations

import rules
from django.db.models import CharField, F, Value

from .enums import MANAGING_ROLES, CoOrganiserAccess, EventStatus, MemberRole
from .models import CoOrganiserGrant, Event, EventRole, Membership, Organisation

# Which roles may do what; the selectors that scope lists use the same sets.
REVIEW_ROLES = MANAGING_ROLES | {MemberRole.REVIEWER}
CHECK_IN_ROLES = MANAGING_ROLES | {MemberRole.STAFF}


def granted_role(access: str, role: str) -> str | None:
    """The role a co-organiser's member with ``role`` holds on the event at ``access``."""
    if access == CoOrganiserAccess.FULL:
        return MemberRole.ORGANISER if role == MemberRole.OWNER else role
    if access == CoOrganiserAccess.REVIEW and role in REVIEW_ROLES:
        return MemberRole.REVIEWER
    if access == CoOrganiserAccess.STAFF and role in CHECK_IN_ROLES:
        return MemberRole.STAFF
    return None


def _all_roles(user) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """(roles per organisation id, roles held on single events per event id), one query
    per request (cached on ``user``)."""
    cache = getattr(user, "_bridges_roles", None)
    if cache is None:
        text = CharField()
        memberships = Membership.objects.filter(user=user).annotate(
            kind=Value("organisation", text), access=Value("", text)
        )
        event_roles = EventRole.objects.filter(user=user).annotate(
            kind=Value("event", text), access=Value("", text)
        )
        grants = (
            CoOrganiserGrant.objects.filter(organisation__memberships__user=user)
            .exclude(access=CoOrganiserAccess.NAMED)
            .annotate(kind=Value("grant", text), role=F("organisation__memberships__role"))
        )
        rows = memberships.values_list("kind", "organisation_id", "role", "access").union(
            event_roles.values_list("kind", "event_id", "role", "access"),
            grants.values_list("kind", "event_id", "role", "access"),
            all=True,
        )
        by_organisation: dict[int, set[str]] = {}
        by_event: dict[int, set[str]] = {}
        for kind, key, role, access in rows:
            if kind == "grant":
                role = granted_role(access, role)
            if role:
                target = by_organisation if kind == "organisation" else by_event
                target.setdefault(key, set()).add(role)
        cache = user._bridges_roles = (by_organisation, by_event)
    return cache


def roles_by_organisation(user) -> dict[int, set[str]]:
    """The user's roles per organisation id, read once per request (cached on ``user``)."""
    if not user or not user.is_authenticated:
        return {}
    return _all_roles(user)[0]


def roles_by_event(user) -> dict[int, set[str]]:
    """The roles the user holds on single events (invited to the event, or through a
    co-organising organisation's grant), per event id."""
    if not user or not user.is_authenticated:
        return {}
    return _all_roles(user)[1]


def forget_roles(user) -> None:
    """Drop the roles cached on ``user`` after its memberships or event roles changed."""
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


def _event_id(obj) -> int | None:
    if obj is None or isinstance(obj, int | Organisation):
        return None
    if isinstance(obj, Event):
        return obj.pk
    if hasattr(obj, "event_id"):  # applications, sessions, legs, quotas
        return obj.event_id
    event = getattr(obj, "event", None)  # passes and other objects of an event
    return event.pk if isinstance(event, Event) else None


def roles_in(user, obj) -> set[str]:
    """The user's roles in the organisation of ``obj``, and on its event when it has one."""
    org_id = _organisation_id(obj)
    if org_id is None:
        return set()
    roles = roles_by_organisation(user).get(org_id, set())
    event_id = _event_id(obj)
    if event_id is not None:
        on_event = roles_by_event(user).get(event_id)
        if on_event:
            roles = roles | on_event
    return roles


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
