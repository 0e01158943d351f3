"""Celery tasks: thin wrappers that call services with primitive ids."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from . import reminders, services


def _deliver(ids: list[int], task_name: str) -> dict:
    result = services.message_deliver_batch(ids=ids)
    if result.retry_ids:
        # Bounded: each row counts its attempts and is marked failed at the limit.
        services.enqueue_delivery_later(
            result.retry_ids, countdown=result.retry_in, task_name=task_name
        )
    return {
        "sent": result.sent,
        "skipped": result.skipped,
        "failed": result.failed,
        "retry": len(result.retry_ids),
    }


@shared_task(name="notifications.deliver_batch", ignore_result=True)
def deliver_batch(*, ids: list[int]) -> dict:
    return _deliver(ids, "notifications.deliver_batch")


# Broadcasts go through their own task so the rate limit throttles them alone, never
# the transactional messages and reminders (Celery rate limits are per task and worker).
@shared_task(
    name="notifications.deliver_broadcast_batch",
    ignore_result=True,
    rate_limit=getattr(settings, "NOTIFICATIONS_BROADCAST_BATCHES_PER_MINUTE", "12/m"),
)
def deliver_broadcast_batch(*, ids: list[int]) -> dict:
    return _deliver(ids, "notifications.deliver_broadcast_batch")


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox(*, stale_after_seconds: int | None = None) -> int:
    stale = dt.timedelta(seconds=stale_after_seconds) if stale_after_seconds is not None else None
    return services.outbox_sweep(stale_after=stale)


@shared_task(name="notifications.scan_reminders", ignore_result=True)
def scan_reminders() -> dict:
    return reminders.reminders_scan_all()


@shared_task(name="notifications.noop", ignore_result=True)
def noop(*, counter: str = "") -> None:
    """Does nothing but count itself (one cache increment; Redis INCR when REDIS_URL is
    set): the benchmark's ceiling for task throughput on a worker."""
    if counter:
        cache.add(counter, 0, timeout=None)
        cache.incr(counter)
