"""Writing outbox rows in the caller's transaction and handing them to the delivery task
once it commits: one message, allauth's account mail, or many at once (scans, broadcasts).

The delivery task is enqueued by its registered name: tasks call services, never the
reverse.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from backend.celery import app as celery_app
from participants.accounts import display_name, greeting_name
from programmes.models import Event

from ..enums import MessageKind, MessageStatus
from ..models import Message
from .recipients import RecipientPrefs, opted_out_user_ids, recipient_prefs, recipient_prefs_for

log = logging.getLogger(__name__)

BATCH_SIZE = 50


def _task(task_name: str):
    """The delivery task by its registered name: tasks call services, never the reverse."""
    return celery_app.tasks[task_name]


def enqueue_delivery(ids: list[int], *, task_name: str = "notifications.deliver_batch") -> bool:
    """Send delivery tasks now, in batches. A broker outage is logged, not raised:
    the rows are committed and the sweeper re-enqueues them when the broker is back."""
    task = _task(task_name)
    try:
        for start in range(0, len(ids), BATCH_SIZE):
            task.apply_async(kwargs={"ids": ids[start : start + BATCH_SIZE]}, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure; the sweeper recovers
        if task.app.conf.task_always_eager:
            raise
        log.warning("Could not enqueue %d message(s) (%s); the sweeper will retry.", len(ids), exc)
        return False
    return True


def enqueue_delivery_later(ids: list[int], *, countdown: int, task_name: str) -> None:
    """A retry after backoff; if it is lost, the sweeper picks the rows up from next_attempt_at."""
    try:
        _task(task_name).apply_async(kwargs={"ids": ids}, countdown=countdown, retry=False)
    except Exception as exc:  # noqa: BLE001 - the sweeper recovers
        log.warning("Could not schedule a retry for %d message(s): %s", len(ids), exc)


def _enqueue_on_commit(ids: list[int], *, throttled: bool = False) -> None:
    """Deliver the rows one service call wrote once its transaction commits (at once
    outside a transaction). The call knows all its ids, so a scan that queues 10,000
    reminders sends 200 batch tasks, not 10,000."""
    if not ids:
        return
    task_name = (
        "notifications.deliver_broadcast_batch" if throttled else "notifications.deliver_batch"
    )
    ids = list(ids)
    # Not robust=True: enqueue_delivery already logs a broker outage instead of raising.
    transaction.on_commit(lambda: enqueue_delivery(ids, task_name=task_name))


@dataclass
class MessageSpec:
    kind: str
    idempotency_key: str
    recipient: Any = None  # a user, or None for a guardian
    to_email: str = ""
    to_name: str = ""
    context: dict = field(default_factory=dict)
    event_id: int | None = None
    broadcast_id: int | None = None
    template: str = ""


def _recipient_name(kind: str, user, profile) -> str:
    # allauth's mail goes to the bare address it names: it may be a new address that is
    # not yet the account's, and the person may have given no name yet.
    if user is None or kind == MessageKind.ACCOUNT:
        return ""
    return display_name(user, profile=profile)


def _row_for(spec: MessageSpec, prefs: RecipientPrefs | None, language: str | None) -> Message:
    context = dict(spec.context)
    user = spec.recipient
    profile = prefs.profile if prefs is not None else None
    if user is not None:
        context.setdefault("first_name", greeting_name(user, profile=profile))
    elif spec.to_name:
        # Someone without an account (a guardian): the whole name as they gave it; its
        # first word may be the family name.
        context.setdefault("first_name", spec.to_name.strip())
    if prefs and prefs.time_zone:
        context.setdefault("recipient_zone", prefs.time_zone)
    return Message(
        recipient=user,
        to_email=spec.to_email or (user.email if user is not None else ""),
        to_name=spec.to_name or _recipient_name(spec.kind, user, profile),
        kind=spec.kind,
        template=spec.template or spec.kind,
        context=context,
        language=language or (prefs.language if prefs else settings.LANGUAGE_CODE),
        idempotency_key=spec.idempotency_key,
        event_id=spec.event_id,
        broadcast_id=spec.broadcast_id,
    )


def message_queue(
    *,
    kind: str,
    idempotency_key: str,
    recipient=None,
    to_email: str = "",
    to_name: str = "",
    context: dict | None = None,
    event: Event | None = None,
    language: str | None = None,
) -> Message | None:
    """Write one outbox row in the caller's transaction; deliver after commit.

    Returns the row, or None when nothing new was queued (the key exists already, the
    recipient turned this kind off, or there is no address).
    """
    spec = MessageSpec(
        kind=kind,
        idempotency_key=idempotency_key,
        recipient=recipient,
        to_email=to_email,
        to_name=to_name,
        context=context or {},
        event_id=event.pk if event is not None else None,
    )
    if recipient is not None and opted_out_user_ids(kind=kind, user_ids=[recipient.pk]):
        return None
    prefs = recipient_prefs_for(recipient) if recipient is not None else None
    row = _row_for(spec, prefs, language)
    if not row.to_email:
        return None
    try:
        # The savepoint keeps the caller's transaction usable when the key exists.
        with transaction.atomic():
            row.save()
    except IntegrityError:
        if Message.objects.filter(idempotency_key=idempotency_key).exists():
            return None
        raise
    _enqueue_on_commit([row.pk])
    return row


def account_mail_queue(
    *, to_email: str, subject: str, text: str, user=None, template: str = ""
) -> Message | None:
    """Queue one of allauth's account messages (sign-up confirmation, password reset,
    address change), already rendered by allauth in the requester's language, so that it
    goes through the outbox and its retries like every other message. ``to_email`` may
    differ from the user's address (a new address being confirmed)."""
    return message_queue(
        kind=MessageKind.ACCOUNT,
        # Every request is its own occasion: asking twice for a reset sends two messages.
        idempotency_key=f"account:{uuid.uuid4().hex}",
        recipient=user,
        to_email=to_email,
        context={"account_subject": subject, "account_text": text, "allauth_template": template},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )


def messages_queue_many(specs: list[MessageSpec], *, throttled: bool = False) -> int:
    """Queue many rows at once (scans, broadcasts); existing keys are skipped by the
    unique constraint (ON CONFLICT DO NOTHING), so two scans never make a message twice.
    Returns how many new rows were queued."""
    if not specs:
        return 0
    keys = [s.idempotency_key for s in specs]
    existing = set(
        Message.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    specs = [s for s in specs if s.idempotency_key not in existing]
    user_ids = sorted({s.recipient.pk for s in specs if s.recipient is not None})
    prefs = recipient_prefs(user_ids)
    opted: dict[str, set[int]] = {}
    rows = []
    for spec in specs:
        user_id = spec.recipient.pk if spec.recipient is not None else None
        if user_id is not None:
            if spec.kind not in opted:
                opted[spec.kind] = opted_out_user_ids(kind=spec.kind, user_ids=user_ids)
            if user_id in opted[spec.kind]:
                continue
        row = _row_for(spec, prefs.get(user_id) if user_id else None, None)
        if row.to_email:
            rows.append(row)
    if not rows:
        return 0
    started = timezone.now()
    Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    # Rows another scan inserted at the same moment are already queued by it; taking
    # them too would only enqueue them twice, which delivery tolerates but needn't do.
    ids = list(
        Message.objects.filter(
            idempotency_key__in=[r.idempotency_key for r in rows],
            status=MessageStatus.QUEUED,
            created_at__gte=started,
        ).values_list("pk", flat=True)
    )
    _enqueue_on_commit(sorted(ids), throttled=throttled)
    return len(ids)
