"""Thin Celery wrappers: fetch by id, call the service."""

from __future__ import annotations

from celery import shared_task

from . import services
from .services import webhooks


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


@shared_task(name="reports.deliver_webhook", acks_late=True)
def deliver_webhook(*, delivery_id: int) -> None:
    webhooks.webhook_deliver(delivery_id=delivery_id)


@shared_task(name="reports.sweep_webhooks")
def sweep_webhooks() -> None:
    webhooks.webhooks_sweep()


@shared_task(name="reports.scan_webhooks")
def scan_webhooks() -> None:
    webhooks.webhooks_scan()


@shared_task(name="reports.sweep_export_runs")
def sweep_export_runs() -> None:
    services.export_runs_sweep()
