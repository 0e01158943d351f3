"""Everything that changes notification state: queue, deliver, sweep, preferences,
organisers' templates and broadcasts, the inbox.

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
import os
import smtplib
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backend.celery import app as celery_app
from backend.errors import BridgesError
from participants.accounts import display_name, greeting_name, profile_or_none
from programmes.models import Event

from .enums import (
    DELIVERABLE_STATUSES,
    OPTIONAL_KINDS,
    OVERRIDABLE_KINDS,
    MessageKind,
    MessageStatus,
    Segment,
)
from .models import Broadcast, Message, OptOut, TemplateOverride
from .rendering import Renderer, render, unknown_placeholders, unsubscribe_url

log = logging.getLogger(__name__)
User = get_user_model()

BATCH_SIZE = 50


def _setting(name: str, default: Any) -> Any:
    """A NOTIFICATIONS_* setting; the environment may set it when settings.py doesn't."""
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    return type(default)(raw) if raw is not None else default


def max_attempts() -> int:
    return _setting("NOTIFICATIONS_MAX_ATTEMPTS", 5)


def retry_delay(attempts: int) -> int:
    """Exponential backoff in seconds after ``attempts`` failed tries (30 s, 60 s, 2 min...)."""
    base = _setting("NOTIFICATIONS_RETRY_BASE_SECONDS", 30)
    return int(base * 2 ** max(attempts - 1, 0))


# --- recipients ---------------------------------------------------------------


@dataclass(frozen=True)
class RecipientPrefs:
    language: str
    time_zone: str
    # The profile the names come from (None: the person has none); loaded with the prefs.
    profile: Any = field(default=None, compare=False)


def _languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _prefs(language: str, zone: str, languages: set[str], profile=None) -> RecipientPrefs:
    return RecipientPrefs(
        language=language if language in languages else settings.LANGUAGE_CODE,
        time_zone=zone or "",
        profile=profile,
    )


def _profile_model():
    try:
        return apps.get_model("participants", "Profile")
    except LookupError:
        return None


def recipient_prefs(user_ids: list[int]) -> dict[int, RecipientPrefs]:
    """Each user's language, time zone and profile (for names), in one query."""
    languages = _languages()  # once: a reminder scan passes thousands of users
    prefs = dict.fromkeys(user_ids, _prefs("", "", languages))
    profile_model = _profile_model()
    if profile_model is None:
        return prefs
    rows = profile_model.objects.filter(user_id__in=user_ids).only(
        "user_id", "preferred_language", "time_zone", "full_name", "preferred_name"
    )
    for profile in rows:
        prefs[profile.user_id] = _prefs(
            profile.preferred_language, profile.time_zone, languages, profile
        )
    return prefs


def recipient_prefs_for(user) -> RecipientPrefs:
    """One user's language and time zone; no query when the caller has already loaded the
    profile with the user (``select_related("applicant__profile")``), as a submit has."""
    profile = profile_or_none(user)
    if profile is None:
        return _prefs("", "", _languages())
    return _prefs(profile.preferred_language, profile.time_zone, _languages(), profile)


def opted_out_user_ids(*, kind: str, user_ids: list[int]) -> set[int]:
    if kind not in OPTIONAL_KINDS:
        return set()
    return set(
        OptOut.objects.filter(kind=kind, user_id__in=user_ids).values_list("user_id", flat=True)
    )


# --- enqueueing after commit -----------------------------------------------------


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


# --- queueing ---------------------------------------------------------------------


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


# --- delivery ------------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | socket.timeout)


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
        self.cache: dict[tuple[int, str], dict[str, tuple[str, str]]] = {}

    def get(self, event_id: int | None, kind: str, language: str) -> tuple[str, str] | None:
        if event_id is None or kind not in OVERRIDABLE_KINDS:
            return None
        key = (event_id, kind)
        if key not in self.cache:
            self.cache[key] = {
                o.language: (o.subject, o.body)
                for o in TemplateOverride.objects.filter(event_id=event_id, kind=kind)
            }
        found = self.cache[key]
        return found.get(language) or found.get("")


def render_message(message: Message, overrides: _Overrides | None = None) -> tuple[str, str, str]:
    overrides = overrides or _Overrides()
    return render(
        kind=message.kind,
        template=message.template,
        context=message.context,
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


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def failure_reason(exc: BaseException) -> str:
    """What organisers and operators read: the SMTP server's own reply where there is one
    ("SMTPDataError: 550 5.1.1 No such user"), else the error."""
    name = type(exc).__name__
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(
            f"{address}: {code} {_text(reply)}" for address, (code, reply) in exc.recipients.items()
        )
        return f"{name}: {refused}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{name}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"{name}: {exc}"


def _record_failure(pk: int, exc: BaseException, *, transient: bool) -> tuple[bool, int]:
    """Count the attempt; returns (will retry, seconds to wait)."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .filter(pk=pk, status__in=DELIVERABLE_STATUSES)
            .first()
        )
        if message is None:
            return False, 0
        message.attempts += 1
        message.last_error = failure_reason(exc)[:2000]
        retry = transient and message.attempts < max_attempts()
        delay = retry_delay(message.attempts) if retry else 0
        if retry:
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = timezone.now() + dt.timedelta(seconds=delay)
        else:
            message.status = MessageStatus.FAILED
        message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return retry, delay


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
        for index, pk in enumerate(remaining):
            message = rows.get(pk)
            if message is None:
                result.skipped += 1
                continue
            try:
                subject, text, html, unsubscribe = renderer.render(
                    kind=message.kind,
                    template=message.template,
                    context=message.context,
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
    return bool(updated)


def messages_retry(*, messages: QuerySet[Message]) -> int:
    """Give failed (or still queued) messages a fresh set of attempts and deliver them
    after commit; sent and cancelled ones are left alone. Returns how many were queued.
    The admin's "re-enqueue" and the organiser's "try again" both come here."""
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                pk__in=messages.values("pk"),
                status__in=[*DELIVERABLE_STATUSES, MessageStatus.FAILED],
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Message.objects.filter(pk__in=ids).update(
            status=MessageStatus.QUEUED,
            attempts=0,
            next_attempt_at=None,
            enqueued_at=timezone.now(),
        )
        _enqueue_on_commit(ids)
    return len(ids)


def messages_give_up(*, messages: QuerySet[Message]) -> int:
    """Mark failed messages as handled without sending them (a wrong address, say):
    they become cancelled and no longer count as failures to look at."""
    with transaction.atomic():
        return Message.objects.filter(
            pk__in=messages.values("pk"), status=MessageStatus.FAILED
        ).update(status=MessageStatus.CANCELLED)


# --- preferences ----------------------------------------------------------------------


def optouts_set(*, user, disabled_kinds: list[str]) -> set[str]:
    """Replace the user's opt-outs; transactional kinds can't be turned off."""
    bad = [k for k in disabled_kinds if k not in OPTIONAL_KINDS]
    if bad:
        raise BridgesError(
            _("These messages can't be turned off: %(kinds)s.") % {"kinds": ", ".join(bad)},
            code="not_optional",
            field="disabled_kinds",
        )
    wanted = set(disabled_kinds)
    with transaction.atomic():
        OptOut.objects.filter(user=user).exclude(kind__in=wanted).delete()
        for kind in sorted(wanted):
            OptOut.objects.get_or_create(user=user, kind=kind)
    return wanted


def optout_add(*, user_id: int, kind: str) -> bool:
    """The one-click unsubscribe; True if it changed something."""
    if kind not in OPTIONAL_KINDS or not User.objects.filter(pk=user_id).exists():
        return False
    _row, created = OptOut.objects.get_or_create(user_id=user_id, kind=kind)
    return created


# --- organisers' templates -------------------------------------------------------------


def _check_override(*, kind: str, language: str, subject: str, body: str) -> None:
    if kind not in OVERRIDABLE_KINDS:
        raise BridgesError(_("Unknown message kind."), code="invalid_kind", field="kind")
    if language and language not in {code for code, _n in settings.LANGUAGES}:
        raise BridgesError(_("Unknown language."), code="invalid_language", field="language")
    _check_text(subject=subject, body=body)


def _check_text(*, subject: str, body: str) -> None:
    if not subject.strip():
        raise BridgesError(_("Write a subject."), code="required", field="subject")
    if len(subject) > 300:
        raise BridgesError(
            _("The subject is longer than 300 characters."), code="too_long", field="subject"
        )
    if not body.strip():
        raise BridgesError(_("Write the message."), code="required", field="body")
    for name, text in (("subject", subject), ("body", body)):
        unknown = unknown_placeholders(text)
        if unknown:
            raise BridgesError(
                _("Unknown placeholder(s): %(names)s.")
                % {"names": ", ".join("{" + n + "}" for n in unknown)},
                code="unknown_placeholder",
                field=name,
            )


def sample_context(*, event: Event, kind: str, user) -> dict:
    """What a preview is rendered with: the organiser as recipient, the event's first
    session (or 09:00 on its first day) as the session."""
    from .rendering import time_entry

    session = event.sessions.select_related("venue").order_by("starts_at").first()
    if session is not None:
        title, starts, zone = session.title, session.starts_at, str(session.zone)
    else:
        title = _("Opening session")
        starts = dt.datetime.combine(event.start_date, dt.time(9, 0), tzinfo=event.zone)
        zone = event.time_zone
    return {
        "first_name": greeting_name(user),
        "event_title": event.title,
        "session_title": title,
        "times": {"session_start": time_entry(starts, zone)},
        "link": f"{settings.SITE_URL}/",
        "offer_expires": "",
    }


def template_preview(
    *, event: Event, kind: str, language: str, subject: str, body: str, user
) -> dict:
    _check_override(kind=kind, language=language, subject=subject, body=body)
    subject_out, text, html = render(
        kind=kind,
        template=kind,
        context=sample_context(event=event, kind=kind, user=user),
        language=language or settings.LANGUAGE_CODE,
        recipient_id=user.pk,
        site_url=settings.SITE_URL,
        override=(subject, body),
    )
    return {"subject": subject_out, "text": text, "html": html}


def template_override_save(
    *, event: Event, kind: str, language: str, subject: str, body: str, by
) -> TemplateOverride:
    _check_override(kind=kind, language=language, subject=subject, body=body)
    with transaction.atomic():
        override, _created = TemplateOverride.objects.update_or_create(
            event=event,
            kind=kind,
            language=language,
            defaults={"subject": subject, "body": body, "updated_by": by},
        )
    return override


def template_override_delete(*, override: TemplateOverride) -> None:
    override.delete()


# --- broadcasts --------------------------------------------------------------------------


def _check_segment(*, segment: str, country: str) -> str:
    if segment not in Segment.values:
        raise BridgesError(
            _("Choose who receives the message."), code="invalid_segment", field="segment"
        )
    country = (country or "").upper()
    if segment == Segment.APPLICANTS_FROM_COUNTRY:
        from django_countries import countries

        if country not in dict(countries):
            raise BridgesError(_("Choose a country."), code="invalid_country", field="country")
        return country
    return ""


def broadcast_preview(
    *, event: Event, segment: str, country: str, subject: str, body: str, user
) -> dict:
    from .selectors import broadcast_recipients

    country = _check_segment(segment=segment, country=country)
    _check_text(subject=subject, body=body)
    recipients = broadcast_recipients(event=event, segment=segment, country=country)
    sample_user = recipients.first() or user
    context = sample_context(event=event, kind=MessageKind.BROADCAST, user=sample_user)
    context.update(custom_subject=subject, custom_body=body)
    prefs = recipient_prefs([sample_user.pk])[sample_user.pk]
    subject_out, text, html = render(
        kind=MessageKind.BROADCAST,
        template=MessageKind.BROADCAST,
        context=context,
        language=prefs.language,
        recipient_id=sample_user.pk,
        site_url=settings.SITE_URL,
    )
    return {
        "recipient_count": recipients.count(),
        "sample_recipient": display_name(sample_user, profile=prefs.profile),
        "subject": subject_out,
        "text": text,
        "html": html,
    }


def broadcast_send(
    *, event: Event, segment: str, country: str, subject: str, body: str, by
) -> Broadcast:
    """Create the broadcast and one outbox row per recipient, delivered throttled."""
    from .selectors import broadcast_recipients

    country = _check_segment(segment=segment, country=country)
    _check_text(subject=subject, body=body)
    with transaction.atomic():
        broadcast = Broadcast.objects.create(
            event=event, segment=segment, country=country, subject=subject, body=body, created_by=by
        )
        recipients = list(broadcast_recipients(event=event, segment=segment, country=country))
        base = {
            "event_title": event.title,
            "custom_subject": subject,
            "custom_body": body,
            "link": f"{settings.SITE_URL}/",
        }
        specs = [
            MessageSpec(
                kind=MessageKind.BROADCAST,
                idempotency_key=f"broadcast:{broadcast.pk}:{user.pk}",
                recipient=user,
                context=dict(base),
                event_id=event.pk,
                broadcast_id=broadcast.pk,
            )
            for user in recipients
        ]
        queued = messages_queue_many(specs, throttled=True)
        broadcast.recipient_count = queued
        broadcast.sent_at = timezone.now()
        broadcast.save(update_fields=["recipient_count", "sent_at"])
    return broadcast


# --- inbox ------------------------------------------------------------------------------------


def inbox_mark_read(*, user, message_id: int) -> Message:
    message = Message.objects.filter(pk=message_id, recipient=user).first()
    if message is None:
        raise BridgesError(_("No such message."), code="not_found", field="id", status=404)
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def inbox_mark_all_read(*, user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def users_with_ids(ids: list[int]) -> QuerySet:
    return User.objects.filter(pk__in=ids)
