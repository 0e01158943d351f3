"""Solver runs: start (the task is enqueued by its registered name after commit), cancel,
the worker's claim and solve, reaping runs whose worker was lost, and accepting a
proposal (its placements become sessions through ``programmes.services``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action, snapshot
from backend.celery import app as celery_app
from backend.errors import BridgesError, ConflictError
from programmes import services as programme_services
from programmes.enums import SessionStatus
from programmes.models import Event

from .. import selectors, solver
from ..enums import ACTIVE_RUN_STATUSES, RunStatus
from ..models import (
    ProposedPlacement,
    ScheduleRun,
    SessionRequest,
)

logger = logging.getLogger(__name__)


# A run that has been "running" this long past its time limit lost its worker.
STALE_GRACE = dt.timedelta(minutes=2)


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
    from .. import cpsat

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
