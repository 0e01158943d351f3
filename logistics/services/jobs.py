"""Background jobs with progress, one way for every kind (``models.Job``): a service
creates the row and enqueues its task by name on commit; the task counts ``done`` and
touches ``touched_at`` as it goes (``job_step``); the beat's sweeper re-queues a job
whose worker died and, after ``JOB_MAX_ATTEMPTS``, marks it failed.

Rooming solves run this way: ``rooming_job_start`` then the task
``logistics.solve_rooming`` calling ``rooming_job_run``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import log_action
from backend.celery import app as celery_app
from backend.errors import BridgesError, ConflictError
from programmes.models import Event, Leg

from ..enums import JobStatus
from ..models import Job, LetterJob, RoomingJob
from .rooming import rooming_solve

# A job whose task has not moved for this long lost its worker (a letter takes well under
# a second, a solve at most its time limit).
JOB_STALE_AFTER = dt.timedelta(minutes=getattr(settings, "LOGISTICS_JOB_STALE_MINUTES", 15))
JOB_MAX_ATTEMPTS = 3
JOB_MODELS: tuple[type[Job], ...] = (LetterJob, RoomingJob)


def job_enqueue_on_commit(job: Job) -> None:
    """Hand the job to its task once the row is committed (by name: tasks call services)."""
    task = celery_app.tasks[job.task_name]
    transaction.on_commit(lambda: task.apply_async(kwargs={"job_id": job.pk}))


def job_step(job: Job, **changes) -> None:
    """Record progress (or a new status) and that the worker is alive."""
    type(job).objects.filter(pk=job.pk).update(touched_at=timezone.now(), **changes)


def job_finish(job: Job, *, status: str = JobStatus.DONE, error: str = "", **changes) -> None:
    type(job).objects.filter(pk=job.pk).update(
        status=status, error=error[:500], finished_at=timezone.now(), **changes
    )


def jobs_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Find jobs left queued or running with no progress for JOB_STALE_AFTER (their
    worker died, or the message was lost): queue them again, or fail them after
    JOB_MAX_ATTEMPTS. Each job is re-checked under its row lock, so two sweeps (or a
    sweep racing the worker's last step) act once. Returns {"requeued", "failed"}."""
    now = now or timezone.now()
    cutoff = now - JOB_STALE_AFTER
    counts = {"requeued": 0, "failed": 0}
    running = [JobStatus.QUEUED, JobStatus.RUNNING]
    for model in JOB_MODELS:
        stale = model.objects.annotate(seen=Coalesce("touched_at", "created_at")).filter(
            status__in=running, seen__lt=cutoff
        )
        for pk in list(stale.values_list("pk", flat=True)):
            with transaction.atomic():
                job = (
                    model.objects.select_for_update()
                    .annotate(seen=Coalesce("touched_at", "created_at"))
                    .filter(pk=pk, status__in=running, seen__lt=cutoff)
                    .select_related("event")
                    .first()
                )
                if job is None:
                    continue
                if job.attempts + 1 >= JOB_MAX_ATTEMPTS:
                    job.status, job.finished_at = JobStatus.FAILED, now
                    job.error = "The worker stopped; the job was given up."
                    job.save(update_fields=["status", "finished_at", "error"])
                    counts["failed"] += 1
                else:
                    job.status, job.touched_at = JobStatus.QUEUED, now
                    job.attempts = F("attempts") + 1
                    job.save(update_fields=["status", "touched_at", "attempts"])
                    job.refresh_from_db(fields=["attempts"])
                    job_enqueue_on_commit(job)
                    counts["requeued"] += 1
                log_action(
                    job,
                    "logistics.job.failed"
                    if job.status == JobStatus.FAILED
                    else "logistics.job.requeued",
                    user=None,
                    data={"kind": model.__name__, "attempts": job.attempts},
                    event=job.event,
                )
    return counts


def rooming_job_start(*, event: Event, leg: Leg | None, by) -> RoomingJob:
    """Queue a solve of the leg's rooming list; refused while one runs for the event."""
    if leg is not None and leg.event_id != event.pk:
        raise BridgesError(_("This leg is not part of the event."), field="leg")
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if RoomingJob.objects.filter(
            event=event, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).exists():
            raise ConflictError(_("A rooming list is being made already."), code="job_running")
        job = RoomingJob.objects.create(event=event, leg=leg, total=2, created_by=by)
        log_action(
            job,
            "logistics.rooming.started",
            user=by,
            data={"leg": leg.pk if leg else None},
            event=event,
        )
        job_enqueue_on_commit(job)
    return job


def _creator_language(job: Job) -> str:
    profile = getattr(job.created_by, "profile", None) if job.created_by_id else None
    return getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE


def rooming_job_run(*, job_id: int, time_limit: float = 10.0) -> RoomingJob | None:
    """Run a rooming job: read the problem and solve (step 1), save (step 2). A rule that
    cannot hold fails the job with the reason, in the organiser's language."""
    job = (
        RoomingJob.objects.select_related("event", "leg", "created_by__profile")
        .filter(pk=job_id)
        .first()
    )
    if job is None or not job.is_running:
        return job
    job_step(job, status=JobStatus.RUNNING, done=0)
    try:
        with translation.override(_creator_language(job)):
            result = rooming_solve(
                event=job.event, leg=job.leg, by=job.created_by, time_limit=time_limit
            )
    except BridgesError as exc:  # the message was made in the organiser's language
        job_finish(
            job,
            status=JobStatus.FAILED,
            error=exc.message,
            done=job.total,
            result={"code": exc.code, "field": exc.field},
        )
    else:
        job_step(job, done=1)
        job_finish(job, result=result, done=job.total)
    job.refresh_from_db()
    return job
