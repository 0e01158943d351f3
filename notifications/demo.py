"""Demo data for notifications (called by ``manage.py load_demo`` after the upstream apps).

Idempotent: an organiser's own feedback-request template on each demo event, and one
welcome broadcast to the confirmed participants of the first event with any.
"""

from __future__ import annotations

from .enums import MessageKind, Segment
from .models import Broadcast, TemplateOverride
from .selectors import broadcast_recipients
from .services import broadcast_send


def load(demo) -> None:
    events = list(demo.events.values())
    for event in events:
        TemplateOverride.objects.update_or_create(
            event=event,
            kind=MessageKind.FEEDBACK_REQUEST,
            language="",
            defaults={
                "subject": "{event_title}: two minutes for your feedback?",
                "body": (
                    "Dear {first_name},\n\nthank you for joining {event_title}. "
                    "Tell us what to keep and what to change: {link}\n\nThe organising team"
                ),
            },
        )
    for event in events:
        if Broadcast.objects.filter(event=event).exists():
            return
        if broadcast_recipients(event=event, segment=Segment.CONFIRMED_PARTICIPANTS).exists():
            broadcast_send(
                event=event,
                segment=Segment.CONFIRMED_PARTICIPANTS,
                country="",
                subject="Welcome to {event_title}",
                body="Dear {first_name},\n\nwelcome on board! Your agenda and reminders will follow here.",
                by=None,
            )
            return
