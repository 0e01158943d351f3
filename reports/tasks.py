"""Thin Celery wrappers: fetch by id, call the service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="reports.run_export", acks_late=True)
def run_export(*, run_id: int) -> None:
    try:
        services.export_run(run_id=run_id)
    except Exception as exc:
        services.export_run_failed(run_id=run_id, error=str(exc))
        raise


@shared_task(name="reports.run_scheduled_export")
def run_scheduled_export(*, scheduled_id: int) -> None:
    services.scheduled_export_fire(scheduled_id=scheduled_id)
