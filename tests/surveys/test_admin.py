"""The admin shows surveys read-only, and a response of an anonymous survey without any
person next to its answers (an identified survey's response names its application)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from surveys import services
from surveys.models import Response, Survey
from tests.surveys.helpers import pair_survey, participants, required_post

pytestmark = pytest.mark.django_db


def _answered(survey, person):
    invitation = next(
        i for i in services.invitations_ensure(survey) if i.application_id == person.pk
    )
    answers = {k.removeprefix("q_"): int(v) for k, v in required_post(survey, 3).items()}
    return services.response_save(
        invitation=invitation, wave=survey.waves.get(number=1), answers=answers, submit=True
    )


def _identity(person) -> list[str]:
    user = person.applicant
    return [s for s in (user.email, user.username, user.get_full_name(), str(user)) if s]


def test_admin_never_shows_who_gave_an_anonymous_surveys_answers(event, admin_client):
    (person,) = participants(event, 1)
    anonymous = pair_survey(event)
    identified = pair_survey(event, questionnaire=anonymous.questionnaire, anonymous=False)
    hidden = _answered(anonymous, person)
    named = _answered(identified, person)

    listing = admin_client.get(reverse("admin:surveys_response_changelist"))
    assert listing.status_code == 200
    page = listing.content.decode()
    # The anonymous response's row names nobody; the identified one's names the person.
    rows = {
        response.pk: next(line for line in page.splitlines() if f"/{response.pk}/change/" in line)
        for response in (hidden, named)
    }
    assert not any(text in rows[hidden.pk] for text in _identity(person))
    assert str(person.applicant) in rows[named.pk]

    detail = admin_client.get(reverse("admin:surveys_response_change", args=[hidden.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert all(text not in body for text in _identity(person))
    assert hidden.pair_key not in body
    assert next(iter(hidden.answers)) in body  # the answers are there, no one beside them

    shown = admin_client.get(reverse("admin:surveys_response_change", args=[named.pk]))
    assert str(person.applicant) in shown.content.decode()

    # Read-only: a change posted through the admin is refused, nothing saved.
    url = reverse("admin:surveys_survey_change", args=[anonymous.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title": "Changed", "anonymous": ""}).status_code == 403
    assert Survey.objects.get(pk=anonymous.pk).anonymous
    assert Response.objects.get(pk=hidden.pk).application_id is None
