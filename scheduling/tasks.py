"""Celery tasks: thin wrappers that fetch ids and call services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="scheduling.solve", acks_late=True)
def solve_task(*, run_id: int) -> None:
    """Run the solver for a queued run; a redelivered or duplicate message finds the run
    already claimed and returns."""
    services.schedule_run_execute(run_id=run_id)


@shared_task(name="scheduling.reap_stale_runs")
def reap_stale_runs_task() -> int:
    return services.schedule_runs_reap()


@shared_task(name="scheduling.advance_live")
def advance_live_task() -> int:
    return services.live_phases_advance()
