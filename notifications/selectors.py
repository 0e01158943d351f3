"""Reads: the inbox, who takes part in what, who a broadcast reaches."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from participants.enums import INACTIVE_STATUSES
from programmes.models import Event, Session

from .enums import MessageStatus, Segment
from .models import Broadcast, Message, OptOut, TemplateOverride

User = get_user_model()


def inbox_messages(*, user) -> QuerySet[Message]:
    """What the signed-in person received (sent messages only: a queued one has no text yet)."""
    return (
        Message.objects.filter(recipient=user, status=MessageStatus.SENT)
        .only("pk", "kind", "subject", "body_text", "sent_at", "read_at", "event_id", "created_at")
        .order_by("-sent_at", "-pk")
    )


def inbox_unread_count(*, user) -> int:
    return Message.objects.filter(
        recipient=user, status=MessageStatus.SENT, read_at__isnull=True
    ).count()


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
