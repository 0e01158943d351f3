"""Rows already in the outbox: the sweeper re-enqueues those whose task was lost;
operators retry failed ones, cancel queued ones or give failed ones up."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.services import log_actions

from ..enums import DELIVERABLE_STATUSES, MessageStatus
from ..models import Message
from .config import _setting
from .queueing import _enqueue_on_commit


def outbox_sweep(*, stale_after: dt.timedelta | None = None, limit: int = 5000) -> int:
    """Re-enqueue rows whose delivery task was lost (broker down, worker killed).

    A row qualifies when it is still queued (or left in sending) and was created or
    last enqueued ``stale_after`` ago, or its retry time passed that long ago. Rows
    being sent right now are locked and skipped.
    """
    if stale_after is None:
        stale_after = dt.timedelta(seconds=_setting("NOTIFICATIONS_SWEEP_AFTER_SECONDS", 120))
    now = timezone.now()
    cutoff = now - stale_after
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status__in=DELIVERABLE_STATUSES)
            .filter(
                Q(next_attempt_at__isnull=True, enqueued_at__isnull=True, created_at__lt=cutoff)
                | Q(next_attempt_at__isnull=True, enqueued_at__lt=cutoff)
                | Q(next_attempt_at__lt=cutoff)
            )
            .order_by("pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Message.objects.filter(pk__in=ids).update(enqueued_at=now, next_attempt_at=None)
            _enqueue_on_commit(ids)
    return len(ids)


def message_cancel(*, message: Message) -> bool:
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, status__in=DELIVERABLE_STATUSES).update(
            status=MessageStatus.CANCELLED
        )
        if updated:
            log_actions([message], "notifications.message.cancelled", data=_status_to("cancelled"))
    return bool(updated)


def messages_retry(*, messages: QuerySet[Message]) -> int:
    """Give failed (or still queued) messages a fresh set of attempts and deliver them
    after commit; sent and cancelled ones are left alone. Returns how many were queued.
    The admin's "re-enqueue" and the organiser's "try again" both come here."""
    with transaction.atomic():
        retried = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                pk__in=messages.values("pk"),
                status__in=[*DELIVERABLE_STATUSES, MessageStatus.FAILED],
            )
            .order_by("pk")
            .only("pk", "kind", "to_email", "status", "event_id")
        )
        ids = [m.pk for m in retried]
        Message.objects.filter(pk__in=ids).update(
            status=MessageStatus.QUEUED,
            attempts=0,
            next_attempt_at=None,
            enqueued_at=timezone.now(),
        )
        log_actions(retried, "notifications.message.retried", data=_status_to("queued"))
        _enqueue_on_commit(ids)
    return len(ids)


def messages_give_up(*, messages: QuerySet[Message]) -> int:
    """Mark failed messages as handled without sending them (a wrong address, say):
    they become cancelled and no longer count as failures to look at."""
    with transaction.atomic():
        given_up = list(
            Message.objects.select_for_update()
            .filter(pk__in=messages.values("pk"), status=MessageStatus.FAILED)
            .only("pk", "kind", "to_email", "status", "event_id")
        )
        Message.objects.filter(pk__in=[m.pk for m in given_up]).update(
            status=MessageStatus.CANCELLED
        )
        log_actions(given_up, "notifications.message.given_up", data=_status_to("cancelled"))
        return len(given_up)


def _status_to(status: str):
    """Audit data for a message whose status a bulk update changed to ``status``."""
    return lambda message: {"changes": {"status": {"before": message.status, "after": status}}}
