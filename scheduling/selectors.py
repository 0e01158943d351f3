"""Reads for scheduling: solver input built from the database, proposals beside the
current agenda, live session phases and teams. Lists prefetch what they render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from participants.enums import ApplicationStatus
from participants.models import Application
from programmes.enums import ACTIVE_SESSION_STATUSES, SessionStatus
from programmes.models import Event, Session, Venue

from . import solver
from .enums import LivePhase
from .models import (
    ProposedPlacement,
    ScheduleRun,
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
    Team,
    TeamMember,
)


def rules_for(event: Event) -> SchedulingRules:
    """The event's rules, or the defaults (unsaved) when none were set."""
    try:
        return event.scheduling_rules
    except SchedulingRules.DoesNotExist:
        return SchedulingRules(event=event)


def team_group(team_id: int) -> str:
    return f"team:{team_id}"


def confirmed_applications(event: Event) -> QuerySet[Application]:
    return Application.objects.filter(event=event, status=ApplicationStatus.CONFIRMED)


def session_requests(event: Event) -> QuerySet[SessionRequest]:
    return (
        SessionRequest.objects.filter(event=event)
        .select_related("venue", "team", "session")
        .prefetch_related(
            "speakers", Prefetch("after", queryset=SessionRequest.objects.only("id", "title"))
        )
        .order_by("pk")
    )


def speaker_availability(event: Event) -> QuerySet[SpeakerAvailability]:
    return (
        SpeakerAvailability.objects.filter(event=event)
        .select_related("person")
        .order_by("person_id", "starts_at")
    )


def solver_problem(event: Event) -> solver.Problem:
    """Everything the solver needs about ``event``, as plain data."""
    rules = rules_for(event)
    requests = list(session_requests(event))
    venues = list(Venue.objects.filter(organisation_id=event.organisation_id).order_by("pk"))
    sizes = dict(
        TeamMember.objects.filter(event=event)
        .values_list("team_id")
        .annotate(n=Count("pk"))
        .values_list("team_id", "n")
    )
    participants = confirmed_applications(event).count() or (event.capacity or 0)
    group_sizes = {solver.ALL: participants, **{team_group(t): n for t, n in sizes.items()}}

    availability: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    names: dict[int, str] = {}
    for window in speaker_availability(event):
        availability.setdefault(window.person_id, []).append((window.starts_at, window.ends_at))
        names[window.person_id] = window.person.name
    for request in requests:
        for person in request.speakers.all():
            names[person.pk] = person.name

    request_ins = []
    placed_session_ids = set()
    for request in requests:
        current = (
            request.session
            if request.session and request.session.status in ACTIVE_SESSION_STATUSES
            else None
        )
        if current is not None:
            placed_session_ids.add(current.pk)
        request_ins.append(
            solver.RequestIn(
                id=request.pk,
                title=request.title,
                duration_minutes=request.duration_minutes,
                speaker_ids=tuple(sorted(p.pk for p in request.speakers.all())),
                city=request.city,
                min_capacity=request.min_capacity,
                group=team_group(request.team_id) if request.team_id else solver.ALL,
                fixed_start=request.fixed_start,
                venue_ids=(request.venue_id,) if request.venue_id else (),
                after_ids=tuple(sorted(a.pk for a in request.after.all())),
                not_before_day=request.not_before_day,
                not_after_day=request.not_after_day,
                current_start=current.starts_at if current else None,
                current_venue_id=current.venue_id if current else None,
            )
        )

    # Sessions the solver does not move still hold their rooms, speakers and people:
    # this event's other sessions, and other events' sessions in the organisation's venues.
    span_start = event.starts_at() - dt.timedelta(days=1)
    span_end = event.ends_at() + dt.timedelta(days=1)
    speaker_ids = set(names)
    busy = []
    others = (
        Session.objects.filter(
            Q(event=event) | Q(venue__organisation_id=event.organisation_id),
            status__in=ACTIVE_SESSION_STATUSES,
            starts_at__lt=span_end,
            ends_at__gt=span_start,
        )
        .exclude(pk__in=placed_session_ids)
        .prefetch_related("speakers")
        .order_by("pk")
    )
    for session in others:
        busy.append(
            solver.BusyIn(
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                venue_id=session.venue_id,
                speaker_ids=tuple(p.pk for p in session.speakers.all() if p.pk in speaker_ids),
                groups=(solver.ALL,) if session.event_id == event.pk else (),
            )
        )

    meals = ()
    if rules.lunch_starts_at and rules.lunch_ends_at:
        meals = ((rules.lunch_starts_at, rules.lunch_ends_at),)
    return solver.Problem(
        start_date=event.start_date,
        end_date=event.end_date,
        time_zone=event.time_zone,
        legs=[
            solver.LegIn(leg.city, leg.start_date, leg.end_date)
            for leg in event.legs.order_by("start_date")
        ],
        venues=[
            solver.VenueIn(v.pk, v.name, v.city, v.time_zone, v.capacity, v.opens_at, v.closes_at)
            for v in venues
        ],
        requests=request_ins,
        rules=solver.Rules(
            slot_minutes=rules.slot_minutes,
            day_start=rules.day_starts_at,
            day_end=rules.day_ends_at,
            meal_breaks=meals,
        ),
        group_sizes=group_sizes,
        availability=availability,
        speaker_names=names,
        busy=busy,
    )


def schedule_runs(event: Event) -> QuerySet[ScheduleRun]:
    return (
        ScheduleRun.objects.filter(event=event)
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ProposalRow:
    placement: ProposedPlacement
    current: Session | None

    @property
    def moves(self) -> bool:
        """Accepting this row changes the agenda (a new session, or a moved one)."""
        s = self.current
        return s is None or (s.starts_at, s.ends_at, s.venue_id) != (
            self.placement.starts_at,
            self.placement.ends_at,
            self.placement.venue_id,
        )


def run_proposal(run: ScheduleRun) -> list[ProposalRow]:
    """The proposed placements beside the sessions they would move, in time order."""
    placements = (
        ProposedPlacement.objects.filter(run=run)
        .select_related(
            "venue", "request", "request__session", "request__session__venue", "request__team"
        )
        .order_by("starts_at", "request_id")
    )
    rows = []
    for placement in placements:
        session = placement.request.session
        if session is not None and session.status == SessionStatus.CANCELLED:
            session = None
        rows.append(ProposalRow(placement, session))
    return rows


def event_agenda_sessions(event: Event) -> QuerySet[Session]:
    return (
        Session.objects.filter(event=event)
        .select_related("venue")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )


def session_phase(session: Session, now: dt.datetime | None = None) -> LivePhase:
    """Upcoming, in progress or finished, derived from the session's times."""
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        return LivePhase.CANCELLED
    if now < session.starts_at:
        return LivePhase.UPCOMING
    if now < session.ends_at:
        return LivePhase.IN_PROGRESS
    return LivePhase.FINISHED


@dataclass(frozen=True)
class LiveAgenda:
    now: list[Session]
    next: list[Session]
    finished_count: int


def live_agenda(event: Event, now: dt.datetime | None = None) -> LiveAgenda:
    """What is on now and what comes next (the next start time's sessions)."""
    now = now or timezone.now()
    sessions = list(event_agenda_sessions(event).filter(status__in=ACTIVE_SESSION_STATUSES))
    current = [s for s in sessions if session_phase(s, now) == LivePhase.IN_PROGRESS]
    upcoming = [s for s in sessions if session_phase(s, now) == LivePhase.UPCOMING]
    next_start = min((s.starts_at for s in upcoming), default=None)
    return LiveAgenda(
        now=current,
        next=[s for s in upcoming if s.starts_at == next_start],
        finished_count=sum(1 for s in sessions if session_phase(s, now) == LivePhase.FINISHED),
    )


def event_teams(event: Event) -> QuerySet[Team]:
    return (
        Team.objects.filter(event=event)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=TeamMember.objects.select_related("user", "user__profile").order_by(
                    "user__last_name", "pk"
                ),
            )
        )
        .order_by("number")
    )


def team_for(user, event: Event) -> Team | None:
    """The participant's team at ``event`` with its members, or None."""
    if not user or not user.is_authenticated:
        return None
    membership = TeamMember.objects.filter(event=event, user=user).only("team_id").first()
    if membership is None:
        return None
    return event_teams(event).get(pk=membership.team_id)
