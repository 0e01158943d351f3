"""Who may do what: small predicates shared by the API, the admin and the pages.

Roles are per organisation (``Membership``). Owners and organisers manage their
organisation's programmes, events and agenda; reviewers and staff work on its
events without managing them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .enums import MANAGING_ROLES, EventStatus, MemberRole
from .models import Event, Organisation


def _roles(user, organisation_id: int) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    # Cache the memberships on the user object for the length of a request.
    cache = getattr(user, "_bridges_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in user.memberships.values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._bridges_roles = cache
    return cache.get(organisation_id, set())


def forget_roles(user) -> None:
    """Drop the roles cached on ``user`` after its memberships changed."""
    if user is not None and hasattr(user, "_bridges_roles"):
        del user._bridges_roles


def managed_organisation_ids(user) -> list[int]:
    if not user or not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=MANAGING_ROLES).values_list("organisation_id", flat=True)
    )


def member_organisation_ids(user) -> list[int]:
    if not user or not user.is_authenticated:
        return []
    return list(user.memberships.values_list("organisation_id", flat=True))


def can_manage_organisation(user, organisation: Organisation | int) -> bool:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return bool(_roles(user, org_id) & MANAGING_ROLES)


def is_owner(user, organisation: Organisation | int) -> bool:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return MemberRole.OWNER in _roles(user, org_id)


def can_manage_event(user, event: Event) -> bool:
    return can_manage_organisation(user, event.organisation_id)


def can_review(user, event: Event) -> bool:
    return bool(_roles(user, event.organisation_id) & (MANAGING_ROLES | {MemberRole.REVIEWER}))


def can_check_in(user, event: Event) -> bool:
    return bool(_roles(user, event.organisation_id) & (MANAGING_ROLES | {MemberRole.STAFF}))


def can_view_event(user, event: Event) -> bool:
    """Published and cancelled events are public; drafts only to the organisation's members."""
    if event.status != EventStatus.DRAFT:
        return True
    return bool(_roles(user, event.organisation_id))


def visible_events(user, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    from django.db.models import Q

    queryset = queryset if queryset is not None else Event.objects.all()
    member_orgs = member_organisation_ids(user)
    return queryset.filter(~Q(status=EventStatus.DRAFT) | Q(organisation_id__in=member_orgs))
