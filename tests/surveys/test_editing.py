"""Editing a survey after its creation through its page: texts in every working language
side by side, the windows in the event's zone, anonymity only while nobody has answered
(a clear 409 after, nothing saved), and the questions in participants' form builder,
which keeps answered survey questions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import LogEntry
from participants.models import Question
from surveys import services
from surveys.models import Invitation, Survey
from surveys.questions import survey_questions
from tests.factories.programmes import MembershipFactory
from tests.surveys.helpers import pair_survey, participants, required_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(event, client):
    event.working_languages = ["en", "fr"]
    event.save(update_fields=["working_languages"])
    survey = pair_survey(event)
    client.force_login(MembershipFactory(organisation=event.organisation, role="organiser").user)
    return survey, reverse("surveys:edit", args=[event.slug, survey.pk])


def _post(survey, **changes):
    local = {
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-03-05T18:00",
        "second_opens_at": "2030-04-01T09:00",
        "second_closes_at": "2030-04-05T18:00",
    }
    return {
        "title_en": "Perceptions, before and after",
        "title_fr": "Perceptions, avant et après",
        "intro_en": "Five minutes.",
        "intro_fr": "Cinq minutes.",
        "min_sessions": "0",
        "min_group_size": "5",
        **local,
        **({"anonymous": "on"} if survey.anonymous else {}),
        **changes,
    }


def test_edit_page_saves_texts_in_each_language_and_the_windows_in_the_events_zone(setup, client):
    survey, url = setup
    page = client.get(url).content.decode()
    for name in ("title_en", "title_fr", "intro_en", "intro_fr"):
        assert f'name="{name}"' in page
    assert reverse("form-builder", args=[survey.event.slug, survey.questionnaire_id]) in page

    assert client.post(url, _post(survey)).status_code == 302
    survey = Survey.objects.get(pk=survey.pk)
    assert (survey.title_en, survey.title_fr) == (
        "Perceptions, before and after",
        "Perceptions, avant et après",
    )
    assert survey.intro_fr == "Cinq minutes."
    zone = survey.event.zone
    first, second = survey.waves.order_by("number")
    assert first.opens_at == dt.datetime(2030, 3, 1, 9, tzinfo=zone)
    assert second.closes_at == dt.datetime(2030, 4, 5, 18, tzinfo=zone)
    assert LogEntry.objects.filter(action_type="surveys.survey.updated").count() == 1

    # Identified while nobody has answered: allowed.
    assert client.post(url, _post(survey, anonymous="")).status_code == 302
    assert not Survey.objects.get(pk=survey.pk).anonymous


def test_bad_input_names_the_field_and_saves_nothing(setup, client):
    survey, url = setup
    closes_first = _post(survey, closes_at="2030-02-01T09:00")
    response = client.post(url, closes_first)
    assert response.status_code == 400
    assert "The survey must close after it opens." in response.content.decode()
    assert client.post(url, _post(survey, title_en="")).status_code == 400
    assert client.post(url, _post(survey, min_group_size="2")).status_code == 400
    assert Survey.objects.get(pk=survey.pk).title_en == "Youth perceptions"


def test_anonymity_cannot_change_once_someone_answered(setup, client, event):
    survey, url = setup
    (person,) = participants(event, 1)
    (invitation,) = services.invitations_ensure(survey)
    services.response_save(
        invitation=invitation, wave=survey.waves.get(number=1), answers={}, submit=False
    )
    response = client.post(url, _post(survey, anonymous="", title_en="Changed"))
    assert response.status_code == 409
    assert "whether it is anonymous can no longer change" in response.content.decode()
    survey.refresh_from_db()
    assert survey.anonymous and survey.title_en == "Youth perceptions"
    # Other changes still save.
    assert client.post(url, _post(survey, title_en="Changed")).status_code == 302
    assert Survey.objects.get(pk=survey.pk).title_en == "Changed"
    assert Invitation.objects.filter(survey=survey).count() == 1


def test_questions_are_edited_in_the_form_builder_which_keeps_answered_ones(setup, client, event):
    survey, _url = setup
    (person,) = participants(event, 1)
    (invitation,) = services.invitations_ensure(survey)
    answers = {k.removeprefix("q_"): int(v) for k, v in required_post(survey).items()}
    services.response_save(
        invitation=invitation, wave=survey.waves.get(number=1), answers=answers, submit=True
    )
    questions = survey_questions(survey)
    answered, unanswered = questions[0], questions[-1]
    for question in (answered, unanswered):
        client.post(
            reverse("form-question-delete", args=[event.slug, survey.questionnaire_id, question.pk])
        )
    assert Question.objects.filter(pk=answered.pk).exists()
    assert not Question.objects.filter(pk=unanswered.pk).exists()
