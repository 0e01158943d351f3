"""Demo data for notifications (called by ``manage.py load_demo`` after the upstream apps).

Idempotent: an organiser's own feedback-request template on each demo event, and the
organiser's broadcasts (each sent once per event): a welcome to the confirmed participants
of the ESG youth forum, and today's practical details to the dialogue's participants.
Decisions and the consent request were already queued by the status service's signals.
"""

from __future__ import annotations

from .enums import MessageKind, Segment
from .models import Broadcast, TemplateOverride
from .services import broadcast_send

BROADCASTS = {
    "esg-forum": (
        "Welcome to {event_title}",
        "Dear {first_name},\n\nwelcome on board! Your agenda and reminders will follow here.",
    ),
    "dialogue-today": (
        "{event_title}: see you today",
        "Dear {first_name},\n\nregistration is at the ASEAN Hall entrance; show your pass "
        "(on your agenda page) to the staff at the door.",
    ),
}


def load(demo) -> None:
    for event in demo.events.values():
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
    for key, (subject, body) in BROADCASTS.items():
        event = demo.events.get(key)
        if event is None or Broadcast.objects.filter(event=event).exists():
            continue
        broadcast_send(
            event=event,
            segment=Segment.CONFIRMED_PARTICIPANTS,
            country="",
            subject=subject,
            body=body,
            by=demo.users.get("organiser"),
        )
