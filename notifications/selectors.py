"""Reads: the inbox, who takes part in what, who a broadcast reaches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from participants.enums import INACTIVE_STATUSES
from programmes.models import Event, Session

from .enums import DELIVERABLE_STATUSES, MessageKind, MessageStatus, Segment
from .models import Broadcast, Message, OptOut, TemplateOverride

User = get_user_model()


def inbox_messages(*, user) -> QuerySet[Message]:
    """What the signed-in person received (sent messages only: a queued one has no text yet)."""
    return (
        Message.objects.filter(recipient=user, status=MessageStatus.SENT)
        # Account mail carries sign-in links meant for the mailbox (an address change is
        # confirmed by reading the new address), so it never shows in the inbox.
        .exclude(kind=MessageKind.ACCOUNT)
        .only("pk", "kind", "subject", "body_text", "sent_at", "read_at", "event_id", "created_at")
        .order_by("-sent_at", "-pk")
    )


def inbox_unread_count(*, user) -> int:
    return (
        Message.objects.filter(recipient=user, status=MessageStatus.SENT, read_at__isnull=True)
        .exclude(kind=MessageKind.ACCOUNT)
        .count()
    )


def _application_model():
    return apps.get_model("participants", "Application")


def event_participants(*, event_id: int) -> QuerySet:
    """Confirmed participants of an event."""
    applicants = _application_model().objects.filter(event_id=event_id, status="confirmed")
    return User.objects.filter(pk__in=applicants.values("applicant_id"), is_active=True).order_by(
        "pk"
    )


def session_participants(*, session: Session) -> QuerySet:
    """The people in a session: for now every confirmed participant of its event
    (sessions have no sign-up of their own yet)."""
    return event_participants(event_id=session.event_id)


def broadcast_recipients(*, event: Event, segment: str, country: str = "") -> QuerySet:
    if segment == Segment.CONFIRMED_PARTICIPANTS:
        return event_participants(event_id=event.pk)
    # Applicants are those who sent an application that still counts (not withdrawn,
    # not lapsed for want of a guardian's consent).
    applicants = (
        _application_model()
        .objects.filter(event=event, country=country)
        .exclude(status__in=["draft", *INACTIVE_STATUSES])
    )
    return User.objects.filter(pk__in=applicants.values("applicant_id"), is_active=True).order_by(
        "pk"
    )


def event_broadcasts(*, event: Event) -> QuerySet[Broadcast]:
    return Broadcast.objects.filter(event=event).select_related("created_by")


def event_template_overrides(*, event: Event) -> QuerySet[TemplateOverride]:
    return TemplateOverride.objects.filter(event=event)


def user_opt_outs(*, user) -> set[str]:
    return set(OptOut.objects.filter(user=user).values_list("kind", flat=True))


# --- delivery problems ---------------------------------------------------------------


def failed_messages(*, event: Event | None = None) -> QuerySet[Message]:
    """Messages whose delivery gave up and nobody has retried or cancelled yet."""
    messages = Message.objects.filter(status=MessageStatus.FAILED)
    return messages.filter(event=event) if event is not None else messages


def failure_reasons(*, messages: QuerySet[Message]) -> list[dict]:
    """The distinct last errors with how many messages each, most frequent first."""
    return list(
        messages.order_by()
        .values("last_error")
        .annotate(count=Count("pk"))
        .order_by("-count", "last_error")
    )


def stuck_messages(*, now: dt.datetime | None = None) -> QuerySet[Message]:
    """Messages due for longer than NOTIFICATIONS_STUCK_AFTER_SECONDS and still not sent:
    no worker is taking them (or the sweeper cannot enqueue). A retry waiting for its
    backoff is due only from its next attempt on."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.NOTIFICATIONS_STUCK_AFTER_SECONDS)
    return Message.objects.filter(status__in=DELIVERABLE_STATUSES).filter(
        Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at__isnull=True, created_at__lt=cutoff)
    )


@dataclass(frozen=True)
class OutboxProblems:
    failed: int
    stuck: int


def outbox_problems(*, now: dt.datetime | None = None) -> OutboxProblems:
    return OutboxProblems(failed=failed_messages().count(), stuck=stuck_messages(now=now).count())


def outbox_health() -> tuple[bool, str]:
    """For /healthz (settings.HEALTH_CHECKS): "ok", or what is wrong with mail. In
    English on purpose: probes and their logs are read by operators and machines."""
    problems = outbox_problems()
    parts = []
    if problems.failed:
        parts.append(f"{problems.failed} failed message(s) not retried or cancelled")
    if problems.stuck:
        minutes = settings.NOTIFICATIONS_STUCK_AFTER_SECONDS // 60
        parts.append(f"{problems.stuck} message(s) waiting over {minutes} min to be sent")
    return (not parts, "; ".join(parts) or "ok")
