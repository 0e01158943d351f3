"""Sending queued rows: each is claimed under its row lock, rendered and sent over one
SMTP connection per batch.

Exactly once, honestly: a message is sent inside the transaction that holds its row
lock and has already written ``status=sent``; COMMIT follows the SMTP server's "250".
A worker killed at any point before the server accepts the message rolls the row back
to ``queued`` (the server discards an unfinished DATA), and it is sent again later. The
only window for a duplicate is between the server's "250" and our COMMIT reaching
PostgreSQL (one round trip, well under a millisecond here); a stable ``Message-ID``
lets mail stores fold that rare duplicate. The opposite choice (commit first, send
second) would lose messages instead, which is worse for consent requests and decisions.

Rows are claimed by their row lock (``select_for_update(skip_locked=True)``), not by a
committed "sending" status, which after a crash could not tell whether the server got
the message. ``sending`` stays in the enum for rows set by hand; the sweeper treats
them like queued ones.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.content_language import first_language

from ..enums import DELIVERABLE_STATUSES, OPTIONAL_KINDS, OVERRIDABLE_KINDS, MessageStatus
from ..models import Message, TemplateOverride
from ..references import ContentReferences
from ..rendering import Renderer, render, unsubscribe_url
from .config import _setting, retry_delay
from .failures import _record_failure, is_transient

log = logging.getLogger(__name__)


def build_email(
    message: Message,
    subject: str,
    text: str,
    html: str,
    *,
    connection=None,
    unsubscribe: str | None = None,
) -> EmailMultiAlternatives:
    to = f"{message.to_name} <{message.to_email}>" if message.to_name else message.to_email
    headers = {
        # Stable across retries, so a mail store can fold the rare duplicate.
        "Message-ID": f"<bridges.{message.pk}@{_setting('NOTIFICATIONS_MESSAGE_ID_DOMAIN', 'bridges.local')}>",
        "X-Bridges-Idempotency-Key": message.idempotency_key,
        "X-Bridges-Kind": message.kind,
    }
    if message.recipient_id and message.kind in OPTIONAL_KINDS:
        url = unsubscribe or unsubscribe_url(
            site_url=settings.SITE_URL, user_id=message.recipient_id, kind=message.kind
        )
        headers["List-Unsubscribe"] = f"<{url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=subject, body=text, to=[to], headers=headers, connection=connection
    )
    email.attach_alternative(html, "text/html")
    return email


class _Overrides:
    """Organisers' overrides, looked up once per (event, kind) in a batch."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, str], tuple[dict[str, tuple[str, str]], str]] = {}
        # Organisers' texts in the contexts (the event's title, a session's...), read
        # again in each recipient's language: they were taken in the sender's.
        self.references = ContentReferences()

    def get(self, event_id: int | None, kind: str, language: str) -> tuple[str, str] | None:
        if event_id is None or kind not in OVERRIDABLE_KINDS:
            return None
        key = (event_id, kind)
        if key not in self.cache:
            rows = list(
                TemplateOverride.objects.filter(event_id=event_id, kind=kind).select_related(
                    "event"
                )
            )
            first = first_language(rows[0].event) if rows else ""
            self.cache[key] = ({o.language: (o.subject, o.body) for o in rows}, first)
        found, first = self.cache[key]
        # Without one in the recipient's language nor one for all languages: the event's
        # first working language's, as every organiser text falls back (issue 17).
        return found.get(language) or found.get("") or found.get(first)


def render_message(message: Message, overrides: _Overrides | None = None) -> tuple[str, str, str]:
    overrides = overrides or _Overrides()
    return render(
        kind=message.kind,
        template=message.template,
        context=overrides.references.context(message),
        language=message.language,
        recipient_id=message.recipient_id,
        site_url=settings.SITE_URL,
        override=overrides.get(message.event_id, message.kind, message.language),
    )


@dataclass
class DeliveryResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retry_ids: list[int] = field(default_factory=list)
    retry_in: int = 0


def _claim(pk: int, *, subject: str, text: str, html: str) -> bool:
    """Lock the row (skipping one another worker holds) and write it as sent; False when
    it is locked, already sent or cancelled. Must run inside the transaction that then
    sends the mail. Where the database has no row locks (SQLite), its write lock does the
    same job: settings.py opens transactions IMMEDIATE, so two claims never overlap."""
    claimed = (
        Message.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, status__in=DELIVERABLE_STATUSES)
        .values_list("pk", flat=True)
        .first()
    )
    if claimed is None:
        return False
    Message.objects.filter(pk=pk).update(
        status=MessageStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        subject=subject[:300],
        body_text=text,
        body_html=html,
        last_error="",
        next_attempt_at=None,
    )
    return True


# What delivery reads of a row; the bodies written by earlier attempts are not needed.
_DELIVERY_FIELDS = (
    "pk",
    "recipient_id",
    "to_email",
    "to_name",
    "kind",
    "template",
    "context",
    "language",
    "idempotency_key",
    "event_id",
)


def message_deliver_batch(*, ids: list[int]) -> DeliveryResult:
    """Send the given rows over one SMTP connection; each row in its own transaction.

    The batch's rows are read in one query and rendered outside any lock (what is
    rendered never changes after queueing). Then, per row, one transaction: lock the
    row and write "sent" under the lock (SKIP LOCKED: a row another worker holds is
    that worker's to send; a row already sent or cancelled is skipped), send, commit.
    Transient SMTP errors leave the row queued with a later ``next_attempt_at`` and are
    reported for a retry with backoff.
    """
    result = DeliveryResult()
    overrides = _Overrides()
    renderer = Renderer(site_url=settings.SITE_URL)
    connection = None
    try:
        remaining = sorted(set(ids))
        rows = {
            m.pk: m
            for m in Message.objects.filter(pk__in=remaining, status__in=DELIVERABLE_STATUSES).only(
                *_DELIVERY_FIELDS
            )
        }
        overrides.references.load(rows.values())
        for index, pk in enumerate(remaining):
            message = rows.get(pk)
            if message is None:
                result.skipped += 1
                continue
            try:
                subject, text, html, unsubscribe = renderer.render(
                    kind=message.kind,
                    template=message.template,
                    context=overrides.references.context(message),
                    language=message.language,
                    recipient_id=message.recipient_id,
                    override=overrides.get(message.event_id, message.kind, message.language),
                )
                with transaction.atomic():
                    # Written before the SMTP exchange, committed only after the server's
                    # "250": the duplicate window is the COMMIT round trip alone.
                    if not _claim(pk, subject=subject, text=text, html=html):
                        result.skipped += 1
                        continue
                    if connection is None:
                        connection = get_connection(fail_silently=False)
                        connection.open()
                    connection.send_messages(
                        [
                            build_email(
                                message,
                                subject,
                                text,
                                html,
                                connection=connection,
                                unsubscribe=unsubscribe,
                            )
                        ]
                    )
                result.sent += 1
            except Exception as exc:
                transient = is_transient(exc)
                if not transient:
                    log.exception("Message %s failed permanently", pk)
                if connection is not None and transient:
                    _close_quietly(connection)
                    connection = None
                retry, delay = _record_failure(pk, exc, transient=transient)
                if retry:
                    result.retry_ids.append(pk)
                    result.retry_in = max(result.retry_in, delay)
                else:
                    result.failed += 1
                if transient and isinstance(exc, smtplib.SMTPConnectError | ConnectionRefusedError):
                    # The server is down: try the rest of the batch later, not one by one.
                    rest = remaining[index + 1 :]
                    result.retry_ids.extend(rest)
                    result.retry_in = max(result.retry_in, delay or retry_delay(1))
                    Message.objects.filter(pk__in=rest, status__in=DELIVERABLE_STATUSES).update(
                        next_attempt_at=timezone.now() + dt.timedelta(seconds=result.retry_in)
                    )
                    break
    finally:
        renderer.close()
        if connection is not None:
            _close_quietly(connection)
    return result


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - the connection is already broken
        pass
