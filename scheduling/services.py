"""Everything that changes scheduling state: rules, session requests, speaker
availability, solver runs, accepting proposals, and teams."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.celery import app as celery_app
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked, set_fields
from participants.models import Profile
from programmes import services as programme_services
from programmes.enums import SessionStatus
from programmes.models import Event, Person

from . import selectors, solver, teams
from .enums import ACTIVE_RUN_STATUSES, RunStatus
from .models import (
    ProposedPlacement,
    ScheduleRun,
    SchedulingRules,
    SessionRequest,
    SpeakerAvailability,
    Team,
    TeamMember,
)

logger = logging.getLogger(__name__)

RULES_FIELDS = frozenset(
    {
        "slot_minutes",
        "day_starts_at",
        "day_ends_at",
        "lunch_starts_at",
        "lunch_ends_at",
        "time_limit_seconds",
    }
)
REQUEST_FIELDS = frozenset(
    {
        "title",
        "kind",
        "duration_minutes",
        "city",
        "min_capacity",
        "venue",
        "team",
        "fixed_start",
        "not_before_day",
        "not_after_day",
        "session",
    }
)
# A run that has been "running" this long past its time limit lost its worker.
STALE_GRACE = dt.timedelta(minutes=2)


# --- rules -------------------------------------------------------------------------------------


@transaction.atomic
def rules_update(*, event: Event, data: dict[str, Any]) -> SchedulingRules:
    rules, _created = SchedulingRules.objects.select_for_update().get_or_create(event=event)
    before = snapshot(rules, data.keys() & RULES_FIELDS)
    set_fields(rules, data, RULES_FIELDS)
    if (rules.lunch_starts_at is None) != (rules.lunch_ends_at is None):
        raise BridgesError(
            _("Give both ends of the lunch break, or neither."),
            code="lunch_incomplete",
            field="lunch_ends_at",
        )
    if rules.day_ends_at <= rules.day_starts_at:
        raise BridgesError(
            _("The day must end after it starts."), code="day_order", field="day_ends_at"
        )
    if rules.lunch_starts_at and rules.lunch_ends_at <= rules.lunch_starts_at:
        raise BridgesError(
            _("Lunch must end after it starts."), code="lunch_order", field="lunch_ends_at"
        )
    save_checked(rules)
    log_action(rules, "scheduling.rules.changed", before=before)
    return rules


# --- session requests --------------------------------------------------------------------------


def _check_request(
    event: Event,
    request: SessionRequest,
    speakers: Sequence[Person] | None,
    after: Sequence[SessionRequest] | None,
) -> None:
    days = (event.end_date - event.start_date).days + 1
    for name in ("not_before_day", "not_after_day"):
        value = getattr(request, name)
        if value is not None and not 1 <= value <= days:
            raise BridgesError(
                _("Choose a day between 1 and %(days)s.") % {"days": days},
                code="day_out_of_range",
                field=name,
            )
    if (
        request.not_before_day
        and request.not_after_day
        and request.not_after_day < request.not_before_day
    ):
        raise BridgesError(
            _("“Not after” must be on or after “not before”."),
            code="day_window",
            field="not_after_day",
        )
    if request.venue_id and request.venue.organisation_id != event.organisation_id:
        raise BridgesError(
            _("Choose one of your organisation's venues."), code="foreign_venue", field="venue"
        )
    if request.venue_id and request.city and request.venue.city != request.city:
        raise BridgesError(
            _("The venue is not in the chosen city."), code="venue_city", field="venue"
        )
    if request.team_id and request.team.event_id != event.pk:
        raise BridgesError(_("Choose a team of this event."), code="foreign_team", field="team")
    if request.session_id and request.session.event_id != event.pk:
        raise BridgesError(
            _("Choose a session of this event."), code="foreign_session", field="session"
        )
    if request.fixed_start is not None:
        if request.fixed_start.tzinfo is None:
            zone = programme_services.session_zone_name(
                event=event, venue=request.venue if request.venue_id else None
            )
            request.fixed_start = programme_services.make_aware_in(request.fixed_start, zone)
        if not event.starts_at() <= request.fixed_start < event.ends_at():
            raise BridgesError(
                _("The fixed start must fall on one of the event's days."),
                code="fixed_outside_event",
                field="fixed_start",
            )
    for person in speakers or ():
        if person.organisation_id != event.organisation_id:
            raise BridgesError(
                _("Choose speakers of your organisation."), code="foreign_speaker", field="speakers"
            )
    for other in after or ():
        if other.event_id != event.pk:
            raise BridgesError(
                _("Choose sessions of this event."), code="foreign_request", field="after"
            )
        if request.pk and other.pk == request.pk:
            raise BridgesError(
                _("A session cannot follow itself."), code="order_self", field="after"
            )


def _check_no_cycle(request: SessionRequest) -> None:
    """Following ``after`` links from the request must never lead back to it."""
    edges: dict[int, list[int]] = {}
    for src, dst in SessionRequest.after.through.objects.filter(
        from_sessionrequest__event_id=request.event_id
    ).values_list("from_sessionrequest_id", "to_sessionrequest_id"):
        edges.setdefault(src, []).append(dst)
    seen, stack = set(), list(edges.get(request.pk, []))
    while stack:
        node = stack.pop()
        if node == request.pk:
            raise BridgesError(
                _("These order rules go round in a circle."), code="order_cycle", field="after"
            )
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, []))


@transaction.atomic
def session_request_create(
    *,
    event: Event,
    data: dict[str, Any],
    speakers: Iterable[Person] = (),
    after: Iterable[SessionRequest] = (),
) -> SessionRequest:
    speakers, after = list(speakers), list(after)
    request = SessionRequest(event=event)
    set_fields(request, data, REQUEST_FIELDS)
    _check_request(event, request, speakers, after)
    save_checked(request)
    log_action(request, "scheduling.request.created", before=dict.fromkeys(data))
    request.speakers.set(speakers)
    request.after.set(after)
    return request


@transaction.atomic
def session_request_update(
    *,
    request: SessionRequest,
    data: dict[str, Any],
    speakers: Iterable[Person] | None = None,
    after: Iterable[SessionRequest] | None = None,
) -> SessionRequest:
    request = SessionRequest.objects.select_for_update().select_related("event").get(pk=request.pk)
    speakers = list(speakers) if speakers is not None else None
    after = list(after) if after is not None else None
    before = snapshot(request, data.keys() & REQUEST_FIELDS)
    set_fields(request, data, REQUEST_FIELDS)
    _check_request(request.event, request, speakers, after)
    save_checked(request)
    if speakers is not None:
        request.speakers.set(speakers)
    if after is not None:
        request.after.set(after)
        _check_no_cycle(request)
    log_action(request, "scheduling.request.changed", before=before)
    return request


@transaction.atomic
def session_request_delete(*, request: SessionRequest) -> None:
    changes = removed(request, ("title", "kind", "duration_minutes"))
    log_action(request, "scheduling.request.deleted", data={"changes": changes})
    request.delete()


# --- availability ------------------------------------------------------------------------------


@transaction.atomic
def availability_add(
    *, event: Event, person: Person, starts_at: dt.datetime, ends_at: dt.datetime
) -> SpeakerAvailability:
    """Naive times are read in the event's zone."""
    if person.organisation_id != event.organisation_id:
        raise BridgesError(
            _("Choose speakers of your organisation."), code="foreign_speaker", field="person"
        )
    starts_at = programme_services.make_aware_in(starts_at, event.time_zone)
    ends_at = programme_services.make_aware_in(ends_at, event.time_zone)
    if ends_at <= starts_at:
        raise BridgesError(
            _("The window must end after it starts."), code="window_order", field="ends_at"
        )
    window = SpeakerAvailability(event=event, person=person, starts_at=starts_at, ends_at=ends_at)
    save_checked(window)
    log_action(window, "scheduling.availability.added", before=dict.fromkeys(AVAILABILITY_FIELDS))
    return window


@transaction.atomic
def availability_delete(*, window: SpeakerAvailability) -> None:
    changes = removed(window, AVAILABILITY_FIELDS)
    log_action(window, "scheduling.availability.deleted", data={"changes": changes})
    window.delete()


# What the audit log records of a speaker's availability window.
AVAILABILITY_FIELDS = ("person", "starts_at", "ends_at")


# --- runs --------------------------------------------------------------------------------------


@transaction.atomic
def schedule_run_start(*, event: Event, by) -> ScheduleRun:
    """Queue a solver run; the ``scheduling.solve`` task starts after commit."""
    if not SessionRequest.objects.filter(event=event).exists():
        raise BridgesError(_("Add the sessions to schedule first."), code="nothing_to_schedule")
    if ScheduleRun.objects.filter(event=event, status__in=ACTIVE_RUN_STATUSES).exists():
        raise ConflictError(
            _("A scheduling run is already under way for this event."), code="run_active"
        )
    run = ScheduleRun(
        event=event,
        requested_by=by,
        time_limit_seconds=selectors.rules_for(event).time_limit_seconds,
    )
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError as exc:  # two starts at once: the partial unique index keeps one
        raise ConflictError(
            _("A scheduling run is already under way for this event."), code="run_active"
        ) from exc
    log_action(run, "scheduling.run.started", user=by)
    # By its registered name: tasks call services, never the reverse.
    transaction.on_commit(lambda: celery_app.tasks["scheduling.solve"].delay(run_id=run.pk))
    return run


@transaction.atomic
def schedule_run_cancel(*, run: ScheduleRun, by) -> ScheduleRun:
    """A queued run stops at once; a running one is asked to stop and the worker ends it."""
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    before = snapshot(run, ("status", "cancel_requested"))
    if run.status == RunStatus.QUEUED:
        run.status = RunStatus.CANCELLED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
    elif run.status == RunStatus.RUNNING:
        run.cancel_requested = True
        run.save(update_fields=["cancel_requested"])
    else:
        raise ConflictError(
            _("This run has already finished."), code="run_finished", field="status"
        )
    log_action(run, "scheduling.run.cancelled", user=by, before=before)
    return run


def _claim(run_id: int) -> ScheduleRun | None:
    """Move a queued run (or one whose worker died) to running; None if someone else has it."""
    now = timezone.now()
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        stale = (
            run.status == RunStatus.RUNNING
            and run.started_at is not None
            and run.started_at + dt.timedelta(seconds=3 * run.time_limit_seconds) + STALE_GRACE
            < now
        )
        if run.status != RunStatus.QUEUED and not stale:
            return None
        if run.cancel_requested:
            run.status, run.finished_at = RunStatus.CANCELLED, now
            run.save(update_fields=["status", "finished_at"])
            return None
        run.status, run.started_at, run.progress = RunStatus.RUNNING, now, 0
        run.save(update_fields=["status", "started_at", "progress"])
        return run


def schedule_run_execute(*, run_id: int) -> ScheduleRun | None:
    """Solve for a queued run and store the proposal. Safe to call twice: only the
    call that claims the run does the work. Progress is written as it goes, in its
    own short transactions, so the page can show it."""
    run = _claim(run_id)
    if run is None:
        return None

    def on_progress(percent: int) -> None:
        ScheduleRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            progress=min(percent, 99)
        )

    def should_cancel() -> bool:
        return ScheduleRun.objects.filter(pk=run_id, cancel_requested=True).exists()

    # OR-Tools loads at the first solve, not when a web process or worker starts.
    from . import cpsat

    try:
        problem = selectors.solver_problem(run.event)
        result = cpsat.solve(
            problem,
            time_limit=run.time_limit_seconds,
            on_progress=on_progress,
            should_cancel=should_cancel,
        )
    except Exception as exc:
        logger.exception("scheduling run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return ScheduleRun.objects.get(pk=run_id)
    return _store_result(run_id, result)


@transaction.atomic
def _store_result(run_id: int, result: solver.Result) -> ScheduleRun:
    run = ScheduleRun.objects.select_for_update().get(pk=run_id)
    run.finished_at = timezone.now()
    run.solver_status = result.status
    run.wall_seconds = round(result.wall_seconds, 3)
    if result.status == solver.CANCELLED or run.cancel_requested:
        run.status = RunStatus.CANCELLED
    elif result.status in (solver.OPTIMAL, solver.FEASIBLE):
        ProposedPlacement.objects.bulk_create(
            ProposedPlacement(
                run=run,
                request_id=p.request_id,
                venue_id=p.venue_id,
                starts_at=p.starts_at,
                ends_at=p.ends_at,
            )
            for p in result.placements
        )
        run.status, run.progress = RunStatus.SUCCEEDED, 100
    elif result.status == solver.INFEASIBLE:
        run.status, run.progress = RunStatus.INFEASIBLE, 100
        run.conflicts = [
            {
                "code": c.code,
                "message": c.message,
                "constraints": list(c.constraints),
                "request_ids": list(c.request_ids),
            }
            for c in result.conflicts
        ]
    else:
        run.status = RunStatus.FAILED
        run.error = _(
            "No timetable was found within the time limit; allow more time or relax some rules."
        )
    run.save()
    return run


def schedule_runs_reap(*, now: dt.datetime | None = None) -> int:
    """Fail runs whose worker vanished (running far past their time limit); returns how many."""
    now = now or timezone.now()
    reaped = 0
    for run in ScheduleRun.objects.filter(status=RunStatus.RUNNING).order_by("pk"):
        if (
            run.started_at
            and run.started_at + dt.timedelta(seconds=3 * run.time_limit_seconds) + STALE_GRACE
            < now
        ):
            reaped += ScheduleRun.objects.filter(
                pk=run.pk, status=RunStatus.RUNNING, started_at=run.started_at
            ).update(
                status=RunStatus.FAILED,
                finished_at=now,
                error=_("The worker stopped before finishing."),
            )
    return reaped


@transaction.atomic
def proposal_accept(
    *, run: ScheduleRun, by, request_ids: Iterable[int] | None = None
) -> dict[str, int]:
    """Put the proposal (or the given requests of it) on the agenda.

    New requests become sessions; requests that place an existing session move it
    through ``programmes.services.session_update``, which tells the people concerned
    (``session_schedule_changed``) only when the time or venue really changes.
    Returns counts of created, moved and unchanged sessions.
    """
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        raise ConflictError(
            _("Only a finished proposal can be accepted."), code="run_not_succeeded", field="status"
        )
    newer = ScheduleRun.objects.filter(
        event_id=run.event_id, status=RunStatus.SUCCEEDED, created_at__gt=run.created_at
    )
    if newer.exists():
        raise ConflictError(
            _("A newer proposal exists; accept that one."), code="proposal_superseded"
        )
    placements = (
        ProposedPlacement.objects.filter(run=run, accepted_at__isnull=True)
        .select_related("request", "request__session", "venue")
        .order_by("request_id")
    )
    if request_ids is not None:
        wanted = set(request_ids)
        known = set(ProposedPlacement.objects.filter(run=run).values_list("request_id", flat=True))
        if wanted - known:
            raise BridgesError(
                _("These sessions are not in this proposal."),
                code="not_in_proposal",
                field="request_ids",
            )
        placements = placements.filter(request_id__in=wanted)
    placements = list(placements)
    stale = [p.request.title for p in placements if p.request.updated_at > run.created_at]
    if stale:
        raise ConflictError(
            _("Changed since this proposal was made: %(titles)s. Run the scheduler again.")
            % {"titles": ", ".join(stale)},
            code="proposal_stale",
        )
    counts = {"created": 0, "moved": 0, "unchanged": 0}
    now = timezone.now()
    for placement in placements:
        request = placement.request
        session = request.session
        if session is not None and session.status != SessionStatus.CANCELLED:
            moved = (session.starts_at, session.ends_at, session.venue_id) != (
                placement.starts_at,
                placement.ends_at,
                placement.venue_id,
            )
            programme_services.session_update(
                session=session,
                data={
                    "starts_at": placement.starts_at,
                    "ends_at": placement.ends_at,
                    "venue": placement.venue,
                },
            )
            counts["moved" if moved else "unchanged"] += 1
        else:
            session = programme_services.session_create(
                event=run.event,
                title=request.title,
                kind=request.kind,
                starts_at=placement.starts_at,
                ends_at=placement.ends_at,
                venue=placement.venue,
                speakers=request.speakers.all(),
            )
            # update() keeps the request's updated_at, which marks edits by people, not this link.
            SessionRequest.objects.filter(pk=request.pk).update(session=session)
            counts["created"] += 1
    ProposedPlacement.objects.filter(pk__in=[p.pk for p in placements]).update(accepted_at=now)
    log_action(run, "scheduling.proposal.accepted", user=by, data=counts)
    return counts


# --- teams -------------------------------------------------------------------------------------


def _candidates(event: Event) -> list[teams.Candidate]:
    applications = list(selectors.confirmed_applications(event).order_by("applicant_id"))
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user_id__in=[a.applicant_id for a in applications])
    }
    people = []
    for application in applications:
        profile = profiles.get(application.applicant_id)
        organisation = ""
        if profile is not None and profile.organisation_id:
            organisation = f"org:{profile.organisation_id}"
        elif profile is not None and profile.affiliation.strip():
            organisation = "name:" + " ".join(profile.affiliation.casefold().split())
        people.append(
            teams.Candidate(
                user_id=application.applicant_id,
                country=str(application.country or ""),
                gender=application.gender or "",
                organisation=organisation,
            )
        )
    return people


@transaction.atomic
def teams_form(*, event: Event, count: int, by) -> list[Team]:
    """Replace the event's team membership with ``count`` balanced teams of its confirmed
    participants. Teams 1..count are kept (so team sessions keep their team); extra
    teams are removed unless sessions are planned for them."""
    Event.objects.select_for_update().get(pk=event.pk)  # one formation per event at a time
    people = _candidates(event)
    if count < 1:
        raise BridgesError(_("Form at least one team."), code="team_count", field="count")
    if count > max(1, len(people)):
        raise BridgesError(
            _("There are only %(n)s confirmed participants for %(count)s teams.")
            % {"n": len(people), "count": count},
            code="team_count",
            field="count",
        )
    extra = Team.objects.filter(event=event, number__gt=count)
    busy = extra.annotate(n=Count("session_requests")).filter(n__gt=0)
    if busy.exists():
        raise ConflictError(
            _("Sessions are planned for team %(n)s; move them before forming fewer teams.")
            % {"n": busy.first().number},
            code="team_in_use",
            field="count",
        )
    extra.delete()
    existing = {t.number: t for t in Team.objects.filter(event=event)}
    result = []
    for number in range(1, count + 1):
        team = existing.get(number)
        if team is None:
            team = Team.objects.create(
                event=event, number=number, name=_("Team %(n)s") % {"n": number}
            )
        result.append(team)
    TeamMember.objects.filter(event=event).delete()
    groups = teams.balance(people, count)
    TeamMember.objects.bulk_create(
        TeamMember(event=event, team=team, user_id=person.user_id)
        for team, group in zip(result, groups, strict=True)
        for person in group
    )
    log_action(event, "scheduling.teams.formed", user=by, data={"teams": count})
    return result


@transaction.atomic
def team_member_move(*, member: TeamMember, team: Team, by) -> TeamMember:
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if team.event_id != member.event_id:
        raise BridgesError(_("Choose a team of the same event."), code="foreign_team", field="team")
    if member.team_id != team.pk:
        before = snapshot(member, ("team",))
        member.team = team
        member.save(update_fields=["team"])
        log_action(member, "scheduling.team_member.moved", user=by, before=before)
    return member


@transaction.atomic
def team_rename(*, team: Team, name: str) -> Team:
    name = (name or "").strip()
    if not name:
        raise BridgesError(_("Give the team a name."), code="required", field="name")
    before = snapshot(team, ("name",))
    team.name = name
    save_checked(team, update_fields=["name"])
    log_action(team, "scheduling.team.renamed", before=before)
    return team


# --- live agenda -------------------------------------------------------------------------------

# Sessions that started or ended longer ago than this are history, not news.
LIVE_LOOKBACK = dt.timedelta(hours=6)
_LIVE_LOCK = 0x5C4ED  # advisory lock key: one scan at a time across beat processes


def live_phases_advance(*, now: dt.datetime | None = None) -> int:
    """Record sessions that started or ended since the last scan and announce each once
    (``session_phase_changed``, after commit). Returns how many were announced."""
    from django.db import connection

    from programmes.enums import ACTIVE_SESSION_STATUSES
    from programmes.models import Session

    from .enums import LivePhase
    from .models import SessionPhaseMark
    from .signals import session_phase_changed

    now = now or timezone.now()
    since = now - LIVE_LOOKBACK
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LIVE_LOCK])
        # SQLite (`make run`) has no advisory locks but lets one writer in at a time.
        due = []
        active = Session.objects.filter(status__in=ACTIVE_SESSION_STATUSES)
        for phase, field in ((LivePhase.IN_PROGRESS, "starts_at"), (LivePhase.FINISHED, "ends_at")):
            marked = SessionPhaseMark.objects.filter(phase=phase).values("session_id")
            sessions = active.filter(**{f"{field}__lte": now, f"{field}__gt": since}).exclude(
                pk__in=marked
            )
            due += [
                (session, phase, getattr(session, field))
                for session in sessions.order_by(field, "pk")
            ]
        SessionPhaseMark.objects.bulk_create(
            [SessionPhaseMark(session=s, phase=p, at=at) for s, p, at in due]
        )

        def announce() -> None:
            for session, phase, at in due:
                session_phase_changed.send(sender=Session, session=session, phase=phase, at=at)

        transaction.on_commit(announce)
    return len(due)
