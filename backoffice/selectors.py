"""The organiser area's reads: the organisations a person manages and what needs attention.

The back office is the top floor: it reads applications (participants), decisions
(review) and the outbox (notifications), which ``programmes`` may not import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.enums import MessageStatus
from notifications.models import Message
from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import (
    ACTIVE_SESSION_STATUSES,
    MANAGING_ROLES,
    CoOrganiserAccess,
    EventPhase,
    MemberRole,
)
from programmes.models import CoOrganiserGrant, Event, Membership, Organisation, Session
from programmes.selectors import on_own_events

# Sent and not yet decided (accepted, waitlisted or rejected).
TO_DECIDE_STATUSES = frozenset(
    {ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.SHORTLISTED}
)

# The groups of the organiser area, in the order shown: code, heading, the phases it holds.
GROUPS = (
    ("draft", _("Drafts"), frozenset({EventPhase.DRAFT})),
    ("open", _("Open for applications"), frozenset({EventPhase.APPLICATIONS_OPEN})),
    ("upcoming", _("Coming up"), frozenset({EventPhase.ANNOUNCED, EventPhase.APPLICATIONS_CLOSED})),
    ("running", _("Running now"), frozenset({EventPhase.IN_PROGRESS})),
    ("past", _("Past and cancelled"), frozenset({EventPhase.COMPLETED, EventPhase.CANCELLED})),
)


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT of ``queryset``'s rows of the outer event (0 when none)."""
    counted = queryset.filter(event=OuterRef("pk")).order_by().values("event")
    counted = counted.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_attention(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate each event with what needs its organisers: one subquery per count, so a
    list of any length is still one query (a join per count would multiply rows)."""
    return queryset.annotate(
        to_decide=_count(Application.objects.filter(status__in=TO_DECIDE_STATUSES)),
        consent_missing=_count(
            Application.objects.filter(status=ApplicationStatus.AWAITING_GUARDIAN_CONSENT)
        ),
        failed_messages=_count(Message.objects.filter(status=MessageStatus.FAILED)),
        sessions_without_venue=_count(
            Session.objects.filter(venue__isnull=True, status__in=ACTIVE_SESSION_STATUSES)
        ),
    )


@dataclass
class OrganisationOverview:
    organisation: Organisation
    # (code, heading, events) for the groups that have events, in GROUPS order.
    groups: list[tuple[str, str, list[Event]]] = field(default_factory=list)


def organiser_overview(user, now: dt.datetime | None = None) -> list[OrganisationOverview]:
    """The organisations ``user`` owns or organises, each with its events grouped by phase
    (in the event's own zone) and annotated by :func:`with_attention`. Two queries."""
    if not user or not user.is_authenticated:
        return []
    now = now or timezone.now()
    managing = Q(memberships__user=user, memberships__role__in=MANAGING_ROLES)
    # Someone who organises single events (invited to them, or through a co-organising
    # organisation's full access) sees those, under the event's organisation.
    own_events = Event.objects.filter(on_own_events(user, MANAGING_ROLES)).values("pk")
    organisations = list(
        Organisation.objects.filter(managing | Q(events__in=own_events))
        .annotate(
            managed=Exists(
                Membership.objects.filter(
                    organisation=OuterRef("pk"), user=user, role__in=MANAGING_ROLES
                )
            )
        )
        .distinct()
        .order_by("name", "pk")
    )
    if not organisations:
        return []
    by_id = {organisation.pk: organisation for organisation in organisations}
    managed = [pk for pk, organisation in by_id.items() if organisation.managed]
    events = with_attention(
        Event.objects.filter(
            Q(organisation_id__in=managed) | on_own_events(user, MANAGING_ROLES)
        ).order_by("start_date", "title", "pk")
    )
    grouped: dict[int, dict[str, list[Event]]] = {pk: {} for pk in by_id}
    group_of = {phase: code for code, _title, phases in GROUPS for phase in phases}
    for event in events:
        event.organisation = by_id[event.organisation_id]
        event.current_phase = event.phase(now)
        grouped[event.organisation_id].setdefault(group_of[event.current_phase], []).append(event)
    return [
        OrganisationOverview(
            organisation=by_id[pk],
            groups=[
                (code, title, groups[code]) for code, title, _phases in GROUPS if code in groups
            ],
        )
        for pk, groups in grouped.items()
    ]


def team_members(organisation: Organisation) -> list:
    """The organisation's members with their accounts, owners first."""
    order = [role.value for role in MemberRole]
    members = organisation.memberships.select_related("user")
    return sorted(members, key=lambda m: (order.index(m.role), m.user.email.lower()))


def pending_invitations(
    organisation: Organisation, now: dt.datetime | None = None, *, event: Event | None = None
):
    """Invitations not yet accepted, withdrawn or expired, newest first: to the organisation,
    or with ``event`` to that event only."""
    return organisation.invitations.filter(
        event=event, accepted_at=None, revoked_at=None, expires_at__gt=now or timezone.now()
    ).select_related("invited_by")


def event_roles(event: Event) -> list:
    """Who holds a role on this event only, organisers first."""
    order = [role.value for role in MemberRole]
    rows = event.roles.select_related("user")
    return sorted(rows, key=lambda r: (order.index(r.role), r.user.email.lower()))


def co_organiser_grants(event: Event) -> list[tuple[Organisation, str]]:
    """Each co-organising organisation with its access level (named only without a grant)."""
    levels = dict(
        CoOrganiserGrant.objects.filter(event=event).values_list("organisation_id", "access")
    )
    return [
        (organisation, levels.get(organisation.pk, CoOrganiserAccess.NAMED))
        for organisation in event.co_organisers.order_by("name")
    ]
