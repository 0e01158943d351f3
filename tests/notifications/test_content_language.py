"""Organisers' texts inside mails follow the recipient's language (issue 17): a session's
title and its venue, taken in the sender's language when the message was queued, are
read again at sending in each recipient's language, else the event's first working
language; a message queued before references existed renders as it was queued."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import time_machine
from django.core import mail
from django.utils import translation

from notifications import reminders
from notifications.enums import MessageKind
from notifications.models import Message
from notifications.services import render_message
from tests.factories.programmes import EventFactory, SessionFactory, VenueFactory

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def test_session_reminder_in_each_recipients_language_else_the_first(
    organisation, make_participant, django_capture_on_commit_callbacks
):
    event = EventFactory(
        organisation=organisation,
        working_languages=["fr", "en"],
        title="Meeting",
        title_fr="Réunion",
    )
    venue = VenueFactory(organisation=organisation, name="Hall A", name_fr="Salle A")
    SessionFactory(
        event=event,
        title="Opening plenary",
        title_fr="Séance d'ouverture",
        venue=venue,
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
    )
    people = {
        code: make_participant(language=code, on_event=event, time_zone="Asia/Seoul")
        for code in ("fr", "en", "ko")
    }
    # Queued by a task running in English: the stored context holds the English texts.
    with time_machine.travel(dt.datetime(2027, 7, 5, 8, 0, tzinfo=SEOUL), tick=False):
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            assert reminders.scan_session_reminders() == 3
    stored = Message.objects.get(recipient=people["fr"], kind=MessageKind.SESSION_REMINDER)
    assert stored.context["session_title"] == "Opening plenary"

    sent = {m.to[0].split("<")[-1].rstrip(">"): m for m in mail.outbox}
    french = sent[people["fr"].email]
    assert "Séance d'ouverture" in french.subject
    assert "Séance d'ouverture" in french.body and "(Réunion)" in french.body
    assert "Salle A" in french.body and "Hall A" not in french.body
    english = sent[people["en"].email]
    assert english.subject == "Starting in 1 hour: Opening plenary"
    assert "Place: Hall A, " in english.body
    # No Korean text: the event's first working language (French), not the sender's.
    korean = sent[people["ko"].email]
    assert "Séance d'ouverture" in korean.subject
    assert "Salle A" in korean.body and "Opening plenary" not in korean.body


def test_a_message_queued_without_references_renders_as_queued(organisation):
    event = EventFactory(organisation=organisation, working_languages=["fr"], title_fr="Réunion")
    session = SessionFactory(event=event, title="Opening plenary", title_fr="Séance d'ouverture")
    old = Message.objects.create(
        to_email="old@example.org",
        kind=MessageKind.SESSION_REMINDER,
        template=MessageKind.SESSION_REMINDER,
        context={
            "event_title": "Réunion",
            "session_title": "Opening plenary",
            "venue": "",
            "reminder": "1h",
            "link": "https://example.org/x",
        },
        language="fr",
        idempotency_key=f"old-{session.pk}",
        event=event,
    )
    subject, text, _html = render_message(old)
    assert "Opening plenary" in subject and "Réunion" in text


def test_survey_invitation_in_each_recipients_language_else_the_first(
    organisation, django_capture_on_commit_callbacks
):
    from surveys.tasks import send_due
    from tests.factories.attendance import ParticipantFactory
    from tests.surveys.helpers import pair_survey

    event = EventFactory(
        organisation=organisation,
        working_languages=["fr", "en"],
        title="Meeting",
        title_fr="Réunion",
    )
    people = {
        code: ParticipantFactory(event=event, profile__preferred_language=code).applicant
        for code in ("fr", "en", "ko")
    }
    with translation.override("en"):
        survey = pair_survey(event)
        survey.title_fr = "Perceptions des jeunes"
        survey.save(update_fields=["title_fr"])
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert send_due()["invited"] == 3
    subjects = {m.to[0].split("<")[-1].rstrip(">"): m.subject for m in mail.outbox}
    # Queued in English; each subject names the survey and event in its reader's language.
    french, english, korean = (subjects[people[code].email] for code in ("fr", "en", "ko"))
    assert "Perceptions des jeunes" in french and "Réunion" in french
    assert "Youth perceptions" in english and "Meeting" in english
    # No Korean title: the event's first working language's.
    assert "Perceptions des jeunes" in korean and "Réunion" in korean
