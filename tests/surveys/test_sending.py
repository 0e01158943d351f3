"""Sending: invitations to a segment through the outbox when a wave opens (beat task),
the reminder only to those who have not answered (twice run, sent once), the response
rate, and session feedback linked from the agenda once the session has ended."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Message
from surveys import services
from surveys.enums import SurveyKind
from surveys.models import Invitation
from surveys.pairing import read_link_token
from surveys.selectors import survey_segment
from surveys.tasks import send_due
from tests.factories.attendance import CheckInFactory, PassFactory
from tests.factories.programmes import SessionFactory
from tests.factories.scheduling import TeamFactory, TeamMemberFactory
from tests.surveys.helpers import (
    pair_survey,
    participants,
    perception_questionnaire,
    required_post,
)

pytestmark = pytest.mark.django_db


def _answers(survey) -> dict[str, int]:
    return {key.removeprefix("q_"): int(v) for key, v in required_post(survey).items()}


def test_invitations_then_reminders_only_to_those_who_have_not_answered(event, eager_celery):
    people = participants(event, 4)
    survey = pair_survey(event, remind_after=dt.timedelta(days=3))
    first = survey.waves.get(number=1)

    assert send_due() == {"invited": 4, "reminded": 0}
    assert send_due() == {"invited": 0, "reminded": 0}  # a second beat: nothing new
    invites = Message.objects.filter(template="survey_invitation")
    assert sorted(m.to_email for m in invites) == sorted(p.applicant.email for p in people)
    # Each message carries its person's own link.
    for message in invites:
        token = message.context["link"].rstrip("/").split("/")[-1]
        invitation = Invitation.objects.get(pk=read_link_token(token)[0])
        assert invitation.application.applicant.email == message.to_email
    first.refresh_from_db()
    assert first.invited_at is not None

    answered = Invitation.objects.get(application=people[0])
    services.response_save(invitation=answered, wave=first, answers=_answers(survey), submit=True)
    drafted = Invitation.objects.get(application=people[1])
    services.response_save(invitation=drafted, wave=first, answers={}, submit=False)
    assert services.response_rate(first) == (1, 4)

    with time_machine.travel(first.remind_at + dt.timedelta(minutes=1)):
        assert send_due() == {"invited": 0, "reminded": 3}
        assert send_due() == {"invited": 0, "reminded": 0}
    reminded = Message.objects.filter(template="survey_reminder")
    assert sorted(m.to_email for m in reminded) == sorted(p.applicant.email for p in people[1:])
    # The second wave's invitations go when it opens, to the same links.
    with time_machine.travel(survey.waves.get(number=2).opens_at + dt.timedelta(minutes=1)):
        assert send_due()["invited"] == 4
    assert Invitation.objects.filter(survey=survey).count() == 4


def test_segment_by_team_and_sessions_attended(event):
    people = participants(event, 5)
    team = TeamFactory(event=event)
    for person in people[:3]:
        TeamMemberFactory(event=event, team=team, user=person.applicant)
    sessions = [SessionFactory(event=event) for _ in range(2)]
    for person in people[:2]:
        for session in sessions:
            CheckInFactory(session=session, application=person)
    CheckInFactory(session=sessions[0], application=people[2])
    survey = pair_survey(event, team=team, min_sessions=2)
    assert list(survey_segment(survey)) == people[:2]
    everyone = pair_survey(event, questionnaire=survey.questionnaire)
    assert len(survey_segment(everyone)) == 5


def test_session_feedback_is_linked_from_the_agenda_after_the_session(event, client):
    (person, absent) = participants(event, 2)
    PassFactory(application=person)
    session = SessionFactory(event=event)
    CheckInFactory(session=session, application=person)
    survey = services.survey_create(
        event=event,
        kind=SurveyKind.SESSION_FEEDBACK,
        title="How was the lecture?",
        session=session,
        questionnaire=perception_questionnaire(event),
        opens_at=session.ends_at,
        closes_at=session.ends_at + dt.timedelta(days=2),
    )
    agenda = reverse("attendance:my-agenda", args=[event.slug])
    feedback = reverse("surveys:session-feedback", args=[session.pk])
    client.force_login(person.applicant)
    assert feedback not in client.get(agenda).content.decode()
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=5)):
        assert feedback in client.get(agenda).content.decode()
        followed = client.get(feedback)
        assert followed.status_code == 302
        assert client.get(followed.url).status_code == 200
        invitation = Invitation.objects.get(survey=survey)
        assert invitation.application == person
        # Someone who did not attend the session is not asked.
        client.force_login(absent.applicant)
        assert client.get(feedback).status_code == 404


def test_survey_mail_has_its_own_kinds_and_wording_whatever_the_feedback_override(
    event, eager_celery, django_capture_on_commit_callbacks
):
    """An organiser's wording for the end-of-event feedback request (the demo sets one for
    every event) must not replace the before wave's invitation nor its reminder."""
    from notifications.enums import MessageKind
    from notifications.models import TemplateOverride

    TemplateOverride.objects.create(
        event=event,
        kind=MessageKind.FEEDBACK_REQUEST,
        language="",
        subject="Thanks for joining",
        body="Dear {first_name}, thank you for joining {event_title}: {link}",
    )
    participants(event, 2)
    survey = pair_survey(event, remind_after=dt.timedelta(days=3))
    first = survey.waves.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due()["invited"] == 2
    with (
        time_machine.travel(first.remind_at + dt.timedelta(minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert send_due()["reminded"] == 2
    invites = Message.objects.filter(kind=MessageKind.SURVEY_INVITATION)
    reminders = Message.objects.filter(kind=MessageKind.SURVEY_REMINDER)
    assert invites.count() == reminders.count() == 2
    assert not Message.objects.filter(kind=MessageKind.FEEDBACK_REQUEST).exists()
    for message in [*invites, *reminders]:
        assert message.status == "sent"
        assert "thank you for joining" not in message.body_text.lower()
        assert message.context["link"] in message.body_text
    invite, reminder = invites[0], reminders[0]
    assert invite.subject == f"Survey: {survey.title} · {event.title}"
    assert f'Please answer our survey "{survey.title}"' in invite.body_text
    assert reminder.subject == f"Reminder: {survey.title}"
    assert "We have not received your answers" in reminder.body_text
    assert "Please answer our survey" not in reminder.body_text
