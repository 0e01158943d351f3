"""Webhooks, as pretix has them: an organisation subscribes a URL to some of
``WEBHOOK_EVENTS``; each occurrence becomes one ``WebhookDelivery`` row per subscription.
Occurrences are read by a periodic scan (``webhooks_scan``, every few seconds) from the
rows the other apps write anyway (status changes, check-ins, failed messages), so the
check-in and submit paths pay nothing, and the unique (subscription, key) makes each
occurrence one delivery however often it is scanned. Delivery (``webhook_deliver``) locks its row, posts
the signed payload and commits "delivered" right after a 2xx; a failure is retried with
exponential backoff up to ``MAX_ATTEMPTS`` and then marked failed. A killed worker leaves
the row pending and ``webhooks_sweep`` sends it again; a task delivered twice finds the
row locked or delivered and sends nothing. The one window left is between the receiver's
2xx and our commit: every attempt carries the same ``X-Bridges-Delivery`` id, so a
receiver can drop the repeat.

Signature: ``X-Bridges-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">``
with the subscription's secret (shown to the owner once, on creation).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import CheckIn
from audit.services import log_action
from backend.celery import app as celery_app
from backend.errors import BridgesError
from notifications.enums import MessageStatus
from notifications.models import Message
from participants.enums import ApplicationStatus as S
from participants.models import StatusChange
from programmes.models import Organisation

from ..models import DeliveryStatus, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)

WEBHOOK_EVENTS = {
    "application.submitted": _("Application submitted"),
    "application.decided": _("Decision made (accepted, waiting list, not selected)"),
    "participant.confirmed": _("Participant confirmed"),
    "participant.checked_in": _("Participant checked in"),
    "message.failed": _("Message failed"),
}
MAX_ATTEMPTS = 5
RETRY_BASE_SECONDS = 30
TIMEOUT_SECONDS = 10
# Each scan starts this far before the last one ended: a change whose transaction
# committed after that scan (its row stamped before) is still found.
SCAN_OVERLAP = dt.timedelta(minutes=5)
# A message records no time of failure: it fails after its retries (minutes after it was
# written), so failed messages written in the last days are looked at on every scan, and
# those written up to ``MESSAGE_RETRY_SPAN`` before the subscription (they fail after it).
FAILED_MESSAGES_WINDOW = dt.timedelta(days=3)
MESSAGE_RETRY_SPAN = dt.timedelta(hours=1)
# A pending delivery this old with nothing due is taken to be lost (a killed worker).
SWEEP_AFTER = dt.timedelta(minutes=2)


def webhook_create(
    *, organisation: Organisation, url: str, events: list[str], by
) -> WebhookSubscription:
    unknown = set(events) - set(WEBHOOK_EVENTS)
    if not events or unknown:
        raise BridgesError(_("Choose at least one of the listed events."), field="events")
    if not url.startswith(("https://", "http://")):
        raise BridgesError(_("Enter an http or https address."), field="url")
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            organisation=organisation,
            url=url,
            events=sorted(events),
            secret=secrets.token_hex(32),
            created_by=by,
        )
        log_action(
            subscription,
            "reports.webhook.created",
            user=by,
            data={"url": url, "events": sorted(events)},
        )
    return subscription


def webhook_delete(*, subscription: WebhookSubscription, by) -> None:
    with transaction.atomic():
        log_action(subscription, "reports.webhook.deleted", user=by, data={"url": subscription.url})
        subscription.delete()


def _occurrences(
    organisation_id: int, since, until, *, subscription: WebhookSubscription | None = None
) -> list[tuple[str, str, dict]]:
    """(event type, key, data) of what happened in the organisation's events between
    ``since`` and ``until``, read from the rows the other apps write anyway: status
    changes, check-ins, failed messages."""
    found = []
    changes = (
        StatusChange.objects.filter(
            application__event__organisation_id=organisation_id, at__gt=since, at__lte=until
        )
        .select_related("application__event")
        .order_by("pk")
    )
    for change in changes:
        event_type = _status_event(change.from_status, change.to_status)
        if event_type:
            application = change.application
            found.append(
                (
                    event_type,
                    f"status-change:{change.pk}",
                    {
                        "event": application.event.slug,
                        "application": application.pk,
                        "status": change.to_status,
                        "previous_status": change.from_status,
                        "at": change.at.isoformat(),
                    },
                )
            )
    check_ins = (
        CheckIn.objects.filter(
            session__event__organisation_id=organisation_id,
            recorded_at__gt=since,
            recorded_at__lte=until,
        )
        .select_related("session__event")
        .order_by("pk")
    )
    for check_in in check_ins:
        found.append(
            (
                "participant.checked_in",
                f"check-in:{check_in.pk}",
                {
                    "event": check_in.session.event.slug,
                    "application": check_in.application_id,
                    "session": check_in.session_id,
                    "scanned_at": check_in.scanned_at.isoformat(),
                },
            )
        )
    # A message fails minutes after it was written (its retries) and records no time of
    # failure, so the scan's own window (``since``) would miss it: every failed message of
    # the last days is looked at, less those this subscription was already sent.
    lower = until - FAILED_MESSAGES_WINDOW
    if subscription is not None:
        lower = max(lower, subscription.created_at - MESSAGE_RETRY_SPAN)
    failed = Message.objects.filter(
        event__organisation_id=organisation_id,
        status=MessageStatus.FAILED,
        created_at__gt=lower,
        created_at__lte=until,
    ).select_related("event")
    if subscription is not None:
        failed = failed.annotate(
            hook_key=Concat(Value("message-failed:"), Cast("pk", output_field=CharField()))
        ).exclude(
            Exists(
                WebhookDelivery.objects.filter(subscription=subscription, key=OuterRef("hook_key"))
            )
        )
    for message in failed.order_by("pk"):
        found.append(
            (
                "message.failed",
                f"message-failed:{message.pk}",
                {"event": message.event.slug, "message": message.pk, "kind": message.kind},
            )
        )
    return found


def _status_event(from_status: str, to_status: str) -> str | None:
    if from_status == S.DRAFT and to_status in (S.SUBMITTED, S.AWAITING_GUARDIAN_CONSENT):
        return "application.submitted"
    if to_status in (S.ACCEPTED, S.WAITLISTED, S.REJECTED):
        return "application.decided"
    if to_status == S.CONFIRMED:
        return "participant.confirmed"
    return None


def webhooks_scan(*, now: dt.datetime | None = None) -> int:
    """Write a delivery for each new occurrence each active subscription listens to, and
    send them. Each subscription is scanned under its row lock from a little before where
    the last scan ended (a transaction that committed late is still found); the unique
    (subscription, key) keeps every occurrence to one delivery. Returns how many were new."""
    now = now or timezone.now()
    new_ids: list[int] = []
    for subscription_id in WebhookSubscription.objects.filter(active=True).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            subscription = (
                WebhookSubscription.objects.select_for_update(skip_locked=True)
                .filter(pk=subscription_id, active=True)
                .first()
            )
            if subscription is None:
                continue
            since = max(
                subscription.created_at,
                (subscription.scanned_until or subscription.created_at) - SCAN_OVERLAP,
            )
            rows = [
                WebhookDelivery(
                    subscription=subscription,
                    key=key,
                    event_type=event_type,
                    payload={"type": event_type, "data": data},
                    next_attempt_at=now,
                )
                for event_type, key, data in _occurrences(
                    subscription.organisation_id, since, now, subscription=subscription
                )
                if event_type in subscription.events
            ]
            keys = [r.key for r in rows]
            existing = set(
                WebhookDelivery.objects.filter(subscription=subscription, key__in=keys).values_list(
                    "key", flat=True
                )
            )
            fresh = [r for r in rows if r.key not in existing]
            WebhookDelivery.objects.bulk_create(fresh, ignore_conflicts=True)
            subscription.scanned_until = now
            subscription.save(update_fields=["scanned_until"])
            ids = list(
                WebhookDelivery.objects.filter(
                    subscription=subscription, key__in=[r.key for r in fresh]
                ).values_list("pk", flat=True)
            )
            transaction.on_commit(lambda ids=ids: [_enqueue(pk) for pk in ids])
            new_ids += ids
    return len(new_ids)


def _enqueue(pk: int, countdown: int = 0) -> None:
    task = celery_app.tasks["reports.deliver_webhook"]
    try:
        task.apply_async(kwargs={"delivery_id": pk}, countdown=countdown, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure; the sweep re-enqueues
        if task.app.conf.task_always_eager:
            raise
        log.warning("Could not enqueue webhook delivery %s (%s); the sweep will.", pk, exc)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return mac.hexdigest()


def _post(delivery: WebhookDelivery) -> int:
    body = json.dumps(
        {"id": str(delivery.uid), **delivery.payload}, cls=DjangoJSONEncoder, sort_keys=True
    ).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Bridges-Webhooks/1",
            "X-Bridges-Event": delivery.event_type,
            "X-Bridges-Delivery": str(delivery.uid),
            "X-Bridges-Signature": f"t={timestamp},v1={signature(delivery.subscription.secret, timestamp, body)}",
        },
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - the organisation's own http(s) URL
        return response.status


def retry_delay(attempts: int) -> int:
    return RETRY_BASE_SECONDS * 2 ** (attempts - 1)


def webhook_deliver(*, delivery_id: int) -> str | None:
    """Send one delivery. Returns its status afterwards, or None when there was nothing
    to do (delivered or failed already, or another worker holds it)."""
    retry_in = 0
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        try:
            delivery.response_status = _post(delivery)
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.last_error = ""
        except urllib.error.HTTPError as exc:
            delivery.response_status = exc.code
            delivery.last_error = f"HTTP {exc.code}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            delivery.response_status = None
            delivery.last_error = str(getattr(exc, "reason", exc))[:300]
        if delivery.status != DeliveryStatus.DELIVERED:
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            else:
                retry_in = retry_delay(delivery.attempts)
                delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=retry_in)
        delivery.save()
        if retry_in:
            transaction.on_commit(lambda: _enqueue(delivery.pk, countdown=retry_in))
    return delivery.status


def webhook_replay(*, delivery: WebhookDelivery, by) -> None:
    """Send a delivery again (same id and payload), with a fresh set of attempts."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        log_action(
            delivery.subscription,
            "reports.webhook.replayed",
            user=by,
            data={"delivery": str(delivery.uid)},
        )
        transaction.on_commit(lambda: _enqueue(delivery.pk))


def webhooks_sweep() -> int:
    """Re-enqueue pending deliveries that are overdue (a killed worker, a broker outage)."""
    due = timezone.now() - SWEEP_AFTER
    ids = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=due
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        _enqueue(pk)
    return len(ids)
