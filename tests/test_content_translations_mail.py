"""Mails follow the content-language rule (issue 17): the event's title in the
recipient's language, and an organiser's template in the recipient's language, else the
one for all languages, else the event's first working language's."""

from __future__ import annotations

from notifications.enums import MessageKind
from notifications.models import Message, TemplateOverride
from notifications.services import render_message
from tests.factories.programmes import EventFactory


def _message(event, language: str, n: int) -> Message:
    return Message.objects.create(
        to_email=f"p{n}@example.org",
        kind=MessageKind.FEEDBACK_REQUEST,
        template=MessageKind.FEEDBACK_REQUEST,
        context={"event_title": "Réunion", "link": "https://example.org/x"},
        language=language,
        idempotency_key=f"test-mail-{n}",
        event=event,
    )


def test_the_title_and_template_in_the_recipients_language_else_the_first(db):
    event = EventFactory(working_languages=["fr", "en"], title="Meeting", title_fr="Réunion")
    TemplateOverride.objects.create(
        event=event,
        kind=MessageKind.FEEDBACK_REQUEST,
        language="fr",
        subject="{event_title} : votre avis ?",
        body="Bonjour, {link}",
    )
    TemplateOverride.objects.create(
        event=event,
        kind=MessageKind.FEEDBACK_REQUEST,
        language="en",
        subject="{event_title}: your feedback?",
        body="Hello, {link}",
    )
    english, _text, _html = render_message(_message(event, "en", 1))
    assert english == "Meeting: your feedback?"  # the title taken in French is re-read
    # No Korean template and none for all languages: the event's first language's.
    korean, _text, _html = render_message(_message(event, "ko", 2))
    assert korean == "Réunion : votre avis ?"
