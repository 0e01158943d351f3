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


# The same feedback request in the seed events' other working languages (issue 17): the
# UNESCO meeting's French, the youth workshop's Korean and Vietnamese. Each recipient gets
# the one in their language, else the one for all languages.
FEEDBACK_REQUEST = {
    "fr": (
        "{event_title} : deux minutes pour votre avis ?",
        "Bonjour {first_name},\n\nmerci d’avoir participé à {event_title}. Dites-nous ce "
        "qu’il faut garder et ce qu’il faut changer : {link}\n\nL’équipe d’organisation",
    ),
    "ko": (
        "{event_title}: 2분만 의견을 들려주시겠어요?",
        "{first_name} 님, 안녕하세요.\n\n{event_title}에 함께해 주셔서 감사합니다. 유지할 "
        "점과 바꿀 점을 알려 주세요: {link}\n\n주최 팀 드림",
    ),
    "vi": (
        "{event_title}: hai phút cho ý kiến của bạn?",
        "Chào {first_name},\n\ncảm ơn bạn đã tham gia {event_title}. Hãy cho chúng tôi biết "
        "điều gì nên giữ và điều gì nên thay đổi: {link}\n\nBan tổ chức",
    ),
}


def load(demo) -> None:
    for event in demo.events.values():
        for language in event.working_languages:
            if language in FEEDBACK_REQUEST:
                subject, body = FEEDBACK_REQUEST[language]
                TemplateOverride.objects.update_or_create(
                    event=event,
                    kind=MessageKind.FEEDBACK_REQUEST,
                    language=language,
                    defaults={"subject": subject, "body": body},
                )
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
