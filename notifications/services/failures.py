"""A failed delivery attempt: is it worth retrying, what organisers read as its reason,
and the attempt counted on the row (queued again after a backoff, or failed)."""

from __future__ import annotations

import datetime as dt
import smtplib
import socket

from django.db import transaction
from django.utils import timezone

from ..enums import DELIVERABLE_STATUSES, MessageStatus
from ..models import Message
from .config import max_attempts, retry_delay


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | socket.timeout)


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
