"""Reads for the programmes app, each with the joins a page or an API list needs.

Every function here returns querysets (or plain data built from one) whose query
count does not grow with the number of rows: lists prefetch what they render.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.content_language import contains_in_any_language

from .enums import (
    ACTIVE_SESSION_STATUSES,
    MANAGING_ROLES,
    ConflictKind,
    CoOrganiserAccess,
    EventStatus,
    MemberRole,
)
from .models import CoOrganiserGrant, Event, EventRole, Leg, Membership, Person, Session, Venue
from .rules import REVIEW_ROLES, granted_role

ALL_ROLES = frozenset(MemberRole)


# Which rows a user may list: the same roles as programmes/rules.py, read fresh (a list
# query must not trust roles cached on a user object that outlives the request in tests).
def member_organisation_ids(user) -> list[int]:
    """The organisations where ``user`` holds any role (``programmes.rules.is_member``)."""
    if not user or not user.is_authenticated:
        return []
    return list(user.memberships.values_list("organisation_id", flat=True))


def managed_organisation_ids(user) -> list[int]:
    """The organisations ``user`` owns or organises (``programmes.rules.is_organiser``)."""
    if not user or not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=MANAGING_ROLES).values_list("organisation_id", flat=True)
    )


def _grants_giving(roles: frozenset[str]) -> Q | None:
    """Which co-organiser grants (access level and the member's own role) give one of
    ``roles`` on the event, as ``programmes.rules`` maps them; None when none does."""
    pairs = [
        Q(access=access, organisation__memberships__role=role)
        for access in CoOrganiserAccess
        if access != CoOrganiserAccess.NAMED
        for role in MemberRole
        if granted_role(access, role) in roles
    ]
    if not pairs:
        return None
    combined = pairs[0]
    for pair in pairs[1:]:
        combined |= pair
    return combined


def on_own_events(user, roles: frozenset[str] = ALL_ROLES) -> Q:
    """Events on which ``user`` holds one of ``roles`` through that event alone (an
    ``EventRole``, or a co-organising organisation's grant): the events beyond their
    organisations' that ``programmes.rules.roles_in`` counts. A filter of subqueries (no
    query of its own), read fresh; matches nothing for anonymous users."""
    if not user or not user.is_authenticated:
        return Q(pk__in=[])
    found = Q(pk__in=EventRole.objects.filter(user=user, role__in=roles).values("event_id"))
    grants = _grants_giving(roles)
    if grants is not None:
        granted = CoOrganiserGrant.objects.filter(grants, organisation__memberships__user=user)
        found |= Q(pk__in=granted.values("event_id"))
    return found


def event_role_holders(event: Event, roles: frozenset[str]):
    """The user ids holding one of ``roles`` on ``event`` (as a subquery): members of its
    organisation, people invited to the event, and co-organisers' members by their grant.
    The same roles as ``programmes.rules``, read the other way round."""
    members = Membership.objects.filter(organisation_id=event.organisation_id, role__in=roles)
    invited = EventRole.objects.filter(event=event, role__in=roles)
    found = Q(pk__in=members.values("user_id")) | Q(pk__in=invited.values("user_id"))
    grants = _grants_giving(roles)
    if grants is not None:
        granted = CoOrganiserGrant.objects.filter(grants, event=event)
        found |= Q(pk__in=granted.values("organisation__memberships__user_id"))
    return get_user_model().objects.filter(found).values("pk")


def event_reviewer_ids(event: Event):
    """Who may be given the event's applications to review (``programmes.rules.is_reviewer``):
    its organisation's owners, organisers and reviewers, people invited to the event as
    organiser or reviewer, and co-organisers' members whose grant makes them reviewers.
    Every reviewer list and check (the selection page, the applications desk, assigning)
    reads this one selector."""
    return event_role_holders(event, REVIEW_ROLES)


def visible_events(user, queryset: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """The events ``programmes.view_event`` lets ``user`` see: public ones, drafts of the
    user's organisations, and drafts on which they hold a role of their own."""
    queryset = queryset if queryset is not None else Event.objects.all()
    if not user or not user.is_authenticated:
        return queryset.exclude(status=EventStatus.DRAFT)
    return queryset.filter(
        ~Q(status=EventStatus.DRAFT)
        | Q(organisation_id__in=member_organisation_ids(user))
        | on_own_events(user)
    )


def filter_events(
    queryset: QuerySet[Event],
    *,
    kind: str | None = None,
    country: str | None = None,
    open_now: bool = False,
    starts_after: dt.date | None = None,
    starts_before: dt.date | None = None,
    q: str | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Narrow an event queryset by the public filters (shared by pages and the API).

    ``country`` matches the host country or the country of any leg, so a workshop
    hosted by Korea with days in Vietnam is found under both. ``starts_after`` /
    ``starts_before`` bound the first day, inclusive. ``open_now`` keeps events whose
    application window contains ``now``.
    """
    if kind:
        queryset = queryset.filter(kind=kind)
    if country:
        country = country.upper()
        in_leg = Leg.objects.filter(event=OuterRef("pk"), country=country)
        queryset = queryset.filter(Q(host_country=country) | Exists(in_leg))
    if open_now:
        at = now or timezone.now()
        queryset = queryset.filter(
            status=EventStatus.PUBLISHED, applications_open_at__lte=at, applications_close_at__gt=at
        )
    if starts_after:
        queryset = queryset.filter(start_date__gte=starts_after)
    if starts_before:
        queryset = queryset.filter(start_date__lte=starts_before)
    if q:
        for word in q.split()[:8]:
            queryset = queryset.filter(
                contains_in_any_language("title", word)
                | contains_in_any_language("theme", word)
                | contains_in_any_language("summary", word)
                | Q(organisation__name__icontains=word)
                | contains_in_any_language("programme__title", word)
            )
    return queryset


def not_over(queryset: QuerySet[Event], now: dt.datetime | None = None) -> QuerySet[Event]:
    """Events whose last day is not before today, by the UTC date minus one day (see
    ``published_events``)."""
    today = (now or timezone.now()).astimezone(dt.UTC).date() - dt.timedelta(days=1)
    return queryset.filter(end_date__gte=today)


def with_event_relations(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """What an event card or an API event row renders, fetched in a fixed number of queries."""
    return queryset.select_related("organisation", "programme").prefetch_related(
        "legs", "quotas", "co_organisers", "partners"
    )


def published_events(
    *,
    kind: str | None = None,
    country: str | None = None,
    open_now: bool = False,
    starts_after: dt.date | None = None,
    starts_before: dt.date | None = None,
    q: str | None = None,
    include_past: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Events the public listing shows: published, not cancelled, not draft.

    Cancelled events stay readable by their URL (``visible_events``) but are not
    advertised. Unless ``include_past`` is set, events whose last day is before
    today are left out ("upcoming" means not yet over, so events in progress stay).
    The cut-off is the UTC date minus one day, so an event whose last day is still
    running somewhere west of UTC is not dropped early.
    Ordered by first day then title; organisation, programme, legs and quotas are
    fetched up front.
    """
    queryset = Event.objects.filter(status=EventStatus.PUBLISHED)
    if not include_past:
        queryset = not_over(queryset, now)
    queryset = filter_events(
        queryset,
        kind=kind,
        country=country,
        open_now=open_now,
        starts_after=starts_after,
        starts_before=starts_before,
        q=q,
        now=now,
    )
    return with_event_relations(queryset).order_by("start_date", "title", "pk")


def next_listing_change(
    rows: Iterable[tuple[dt.datetime | None, dt.datetime | None, dt.date, dt.date, str]],
    now: dt.datetime,
    *,
    at_most: float,
) -> float:
    """Seconds until one of the listed events could show differently with the clock
    alone (its application window opens or closes, its first day starts or its last day
    ends in its zone), capped at ``at_most``. Rows: (applications open, applications
    close, start date, end date, time zone name)."""
    moments = []
    for opens_at, closes_at, start_date, end_date, zone_name in rows:
        moments += [moment for moment in (opens_at, closes_at) if moment]
        zone = zoneinfo.ZoneInfo(zone_name)
        for day in (start_date, end_date + dt.timedelta(days=1)):
            moments.append(dt.datetime.combine(day, dt.time(), tzinfo=zone))
    ahead = [(moment - now).total_seconds() for moment in moments if moment > now]
    return min([at_most, *ahead])


def event_sessions(event: Event, *, include_cancelled: bool = True) -> QuerySet[Session]:
    """The event's sessions by start, with venue and speakers prefetched.

    Each session's ``event`` is the given instance (no query per row) once evaluated
    through :func:`attach_event`.
    """
    queryset = (
        Session.objects.filter(event=event)
        .select_related("venue")
        .prefetch_related(Prefetch("speakers", queryset=Person.objects.order_by("name")))
        .order_by("starts_at", "title", "pk")
    )
    if not include_cancelled:
        queryset = queryset.filter(status__in=ACTIVE_SESSION_STATUSES)
    return queryset


def attach_event(event: Event, sessions) -> list[Session]:
    """Evaluate ``sessions`` and point each at ``event`` so ``session.zone`` costs no query."""
    rows = list(sessions)
    for session in rows:
        session.event = event
    return rows


@dataclass
class AgendaDay:
    """One local calendar day of an agenda and the sessions that start on it."""

    date: dt.date
    sessions: list[Session] = field(default_factory=list)


def event_agenda(event: Event, *, include_cancelled: bool = True) -> list[AgendaDay]:
    """The event's sessions grouped by the local day they start on, days in order.

    A session's day is taken in its own zone (the venue's, else the event's), so the
    Hanoi leg of a Korea-Vietnam exchange is listed by Hanoi dates. Cancelled sessions
    are included by default (with their ``status``) because participants need to see
    what was called off; pass ``include_cancelled=False`` to drop them. Only days with
    sessions appear. Two queries whatever the size: sessions with venues, then speakers.
    """
    days: dict[dt.date, list[Session]] = defaultdict(list)
    for session in attach_event(event, event_sessions(event, include_cancelled=include_cancelled)):
        days[session.local_starts_at.date()].append(session)
    return [AgendaDay(date=day, sessions=days[day]) for day in sorted(days)]


@dataclass
class Conflict:
    """One problem in an event's agenda, for organisers to fix.

    ``sessions`` are the sessions involved (the other one may belong to another
    event of the same organisation); ``person`` / ``venue`` / ``leg`` name the
    shared resource or the leg the venue does not match.
    """

    kind: str
    message: str
    sessions: list[Session]
    person: Person | None = None
    venue: Venue | None = None
    leg: Leg | None = None
    date: dt.date | None = None


def _overlaps(a: Session, b: Session) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def event_conflicts(event: Event) -> list[Conflict]:
    """Speakers and venues booked twice at once, and venues away from the day's leg.

    Double bookings are checked against every live session, in this event or another
    one, that shares the speaker or venue (speakers and venues belong to one
    organisation, so the other session is always that organisation's). A venue is
    "outside the leg" when the legs covering the session's local day are all in other
    cities or countries; days no leg covers are not checked. Cancelled sessions free
    people and rooms and are ignored. A fixed number of queries.
    """
    own = attach_event(
        event,
        Session.objects.filter(event=event, status__in=ACTIVE_SESSION_STATUSES)
        .select_related("venue")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk"),
    )
    conflicts: list[Conflict] = []
    if not own:
        return conflicts
    window_start = min(s.starts_at for s in own)
    window_end = max(s.ends_at for s in own)
    person_ids = {p.pk for s in own for p in s.speakers.all()}
    venue_ids = {s.venue_id for s in own if s.venue_id}
    candidates = list(
        Session.objects.filter(
            Q(speakers__in=person_ids) | Q(venue_id__in=venue_ids),
            status__in=ACTIVE_SESSION_STATUSES,
            starts_at__lt=window_end,
            ends_at__gt=window_start,
        )
        .distinct()
        .select_related("venue", "event")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )
    by_pk = {s.pk: s for s in own}
    candidates = [by_pk.get(c.pk, c) for c in candidates]

    seen: set[tuple] = set()
    for session in own:
        for other in candidates:
            if other.pk == session.pk or not _overlaps(session, other):
                continue
            pair = tuple(sorted((session.pk, other.pk)))
            shared = {p.pk: p for p in session.speakers.all()}
            for person in other.speakers.all():
                if person.pk in shared and ("speaker", person.pk, pair) not in seen:
                    seen.add(("speaker", person.pk, pair))
                    conflicts.append(
                        Conflict(
                            kind=ConflictKind.SPEAKER_DOUBLE_BOOKED,
                            message=_("%(person)s is in “%(a)s” and “%(b)s” at the same time.")
                            % {"person": person.name, "a": session.title, "b": other.title},
                            sessions=sorted([session, other], key=lambda s: (s.starts_at, s.pk)),
                            person=shared[person.pk],
                        )
                    )
            if (
                session.venue_id
                and session.venue_id == other.venue_id
                and ("venue", pair) not in seen
            ):
                seen.add(("venue", pair))
                conflicts.append(
                    Conflict(
                        kind=ConflictKind.VENUE_DOUBLE_BOOKED,
                        message=_("%(venue)s hosts “%(a)s” and “%(b)s” at the same time.")
                        % {"venue": session.venue.name, "a": session.title, "b": other.title},
                        sessions=sorted([session, other], key=lambda s: (s.starts_at, s.pk)),
                        venue=session.venue,
                    )
                )

    legs = list(event.legs.all())
    for session in own:
        if not session.venue_id or not legs:
            continue
        day = session.local_starts_at.date()
        covering = [leg for leg in legs if leg.start_date <= day <= leg.end_date]
        if not covering:
            continue
        venue = session.venue
        if not any(
            leg.country == venue.country
            and leg.city.strip().casefold() == venue.city.strip().casefold()
            for leg in covering
        ):
            conflicts.append(
                Conflict(
                    kind=ConflictKind.VENUE_OUTSIDE_LEG,
                    message=_(
                        "“%(title)s” is at %(venue)s in %(city)s, but on %(day)s the event is in %(legs)s."
                    )
                    % {
                        "title": session.title,
                        "venue": venue.name,
                        "city": venue.city,
                        "day": day.isoformat(),
                        "legs": ", ".join(leg.city for leg in covering),
                    },
                    sessions=[session],
                    venue=venue,
                    leg=covering[0],
                    date=day,
                )
            )
    return conflicts
