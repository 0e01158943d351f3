"""The follow-up form on the one form engine: answers as participants.Answer, reminders
only to those who have not answered (once per occasion), the lock and the team's note."""

import datetime as dt

import pytest
from django.test import Client

from logistics import services
from logistics.models import FollowUpResponse
from notifications.models import Message
from participants.models import Answer
from participants.services import question_create
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def make_follow_up(event, by, *, deadline):
    follow_up = services.follow_up_setup(
        event=event, deadline=deadline, title="Travel details", by=by
    )
    flight = question_create(
        event=event,
        questionnaire=follow_up.questionnaire,
        data={"kind": "short_text", "label": "Arrival flight", "required": True},
    )
    diet = question_create(
        event=event,
        questionnaire=follow_up.questionnaire,
        data={
            "kind": "single_choice",
            "label": "Dietary needs",
            "required": True,
            "choices": ["None", "Vegetarian", "Halal"],
        },
    )
    return follow_up, flight, diet


def _reminders():
    return Message.objects.filter(idempotency_key__startswith="logistics:follow-up-reminder:")


def test_reminders_go_only_to_those_who_have_not_answered(
    participant, plain_organiser, logistics_organiser
):
    event = participant.event
    now = dt.datetime(2027, 6, 1, 9, tzinfo=dt.UTC)
    follow_up, flight, diet = make_follow_up(
        event, plain_organiser, deadline=now + dt.timedelta(days=10)
    )
    other = ParticipantFactory(event=event)
    assert services.follow_up_reminders_due(now=now) == 0  # ten days left: none due yet

    # The participant answers on the page; an incomplete form names the field and saves nothing.
    page = client_for(participant.applicant)
    url = f"/events/{event.slug}/travel/follow-up/"
    response = page.post(url, {f"q_{flight.pk}": "KE682"})
    assert response.status_code == 200 and "This question is required." in response.content.decode()
    assert (
        not FollowUpResponse.objects.exists()
        and not Answer.objects.filter(question=flight).exists()
    )
    response = page.post(url, {f"q_{flight.pk}": "KE682", f"q_{diet.pk}": "Halal"})
    assert response.status_code == 302
    assert dict(
        Answer.objects.filter(application=participant).values_list("question_id", "value")
    ) == {
        flight.pk: "KE682",
        diet.pk: "Halal",
    }

    assert services.follow_up_reminders_due(now=now + dt.timedelta(days=3, hours=1)) == 1
    assert services.follow_up_reminders_due(now=now + dt.timedelta(days=3, hours=2)) == 0  # once
    assert (
        services.follow_up_reminders_due(now=now + dt.timedelta(days=8, hours=1)) == 1
    )  # 2 days left
    assert sorted(m.recipient_id for m in _reminders()) == [other.applicant_id, other.applicant_id]

    # Locked: a change is still saved, and the logistics team (not other organisers) hears of it.
    services.follow_up_lock(follow_up=follow_up, locked=True, by=plain_organiser)
    page.post(url, {f"q_{flight.pk}": "OZ741", f"q_{diet.pk}": "Halal"})
    notes = Message.objects.filter(idempotency_key__startswith="logistics:follow-up-changed:")
    assert [m.recipient for m in notes] == [logistics_organiser]
    assert FollowUpResponse.objects.get().changes_after_lock == 1
    # The organisers' page lists who has not answered.
    body = (
        client_for(plain_organiser)
        .get(f"/organise/events/{event.slug}/logistics/follow-up/")
        .content.decode()
    )
    assert "1 person has not answered" in body


def test_the_follow_up_page_is_for_confirmed_participants_only(participant, plain_organiser):
    event = participant.event
    make_follow_up(event, plain_organiser, deadline=dt.datetime(2027, 6, 1, tzinfo=dt.UTC))
    assert (
        client_for(plain_organiser).get(f"/events/{event.slug}/travel/follow-up/").status_code
        == 404
    )
    assert Client().get(f"/events/{event.slug}/travel/follow-up/").status_code == 302
