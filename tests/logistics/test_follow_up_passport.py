"""Passport details belong to the follow-up: someone who needs a visa and has answered the
form but not given their passport is still reminded (the beat's Celery task, through the
outbox) and listed as not done, until they give it on their travel page."""

import datetime as dt

import pytest
import time_machine
from rest_framework.test import APIClient

from backend.celery import app as celery_app
from logistics import services
from notifications.models import Message
from tests.factories.attendance import ParticipantFactory

from .conftest import PASSPORT_NUMBER, client_for

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2027, 6, 20, 9, tzinfo=dt.UTC)


def _run_reminders(at: dt.datetime) -> None:
    with time_machine.travel(at, tick=False):
        celery_app.tasks["logistics.follow_up_reminders"].delay()


def _reminders():
    return Message.objects.filter(
        idempotency_key__startswith="logistics:follow-up-reminder:"
    ).order_by("pk")


def _missing(page, event) -> str:
    body = page.get(f"/organise/events/{event.slug}/logistics/follow-up/").content.decode()
    return body.split('id="follow-up-missing"')[1].split("</ul>")[0]


def test_a_missing_passport_keeps_the_reminders_until_it_is_given(
    participant, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event = participant.event
    follow_up = services.follow_up_setup(event=event, deadline=DEADLINE, by=plain_organiser)
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=plain_organiser)
    korean = ParticipantFactory(event=event, country="KR")  # no visa needed
    korean.applicant.first_name, korean.applicant.last_name = "Minji", "Park"
    korean.applicant.save()
    for application in (participant, korean):  # both answered the form
        services.follow_up_answer(
            application=application, follow_up=follow_up, answers={}, by=application.applicant
        )

    page = client_for(plain_organiser)
    missing = _missing(page, event)
    assert "Mai Tran" in missing and "passport details missing" in missing
    assert "Minji" not in missing

    with django_capture_on_commit_callbacks(execute=True):
        _run_reminders(DEADLINE - dt.timedelta(days=6))  # the 7-day reminder
    reminder = _reminders().get()
    assert reminder.recipient_id == participant.applicant_id
    assert reminder.context["passport_link"].endswith(f"/events/{event.slug}/travel/")
    assert reminder.context["form_missing"] is False

    # Mai gives her passport on her travel page (the API behind it).
    api = APIClient()
    api.force_authenticate(participant.applicant)
    answer = api.put(
        f"/api/v1/events/{event.slug}/my-travel/passport/",
        {
            "passport_name": "TRAN THI MAI",
            "passport_number": PASSPORT_NUMBER,
            "nationality": "VN",
            "passport_expiry": "2031-05-01",
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    with django_capture_on_commit_callbacks(execute=True):
        _run_reminders(DEADLINE - dt.timedelta(days=1))  # the 2-day occasion: nothing owed
    assert _reminders().count() == 1
    assert "Mai Tran" not in _missing(page, event)


def test_their_own_no_visa_needed_drops_the_passport_but_not_the_form(participant, plain_organiser):
    """The form alone is owed by who has not answered; the person's own 'no visa needed'
    for the leg outweighs the table, so no passport is asked of them; a letter already
    sent stops the chase too."""
    event = participant.event
    services.follow_up_setup(event=event, deadline=DEADLINE, by=plain_organiser)
    services.visa_rules_set(event=event, country="KR", nationalities=["VN"], by=plain_organiser)
    owed = dict((a.pk, o) for a, o in services.follow_up_outstanding(event=event))
    assert owed == {participant.pk: ["form", "passport"]}
    seoul = event.legs.get(city="Seoul")
    services.visa_declare(
        application=participant, leg=seoul, needed=False, by=participant.applicant
    )
    owed = dict((a.pk, o) for a, o in services.follow_up_outstanding(event=event))
    assert owed == {participant.pk: ["form"]}
    # Needed after all: chased again, until the organisers have sent the letter.
    case = services.visa_declare(
        application=participant, leg=seoul, needed=True, by=participant.applicant
    )
    assert services.follow_up_outstanding(event=event)[0][1] == ["form", "passport"]
    services.visa_status_set(case=case, status="letter_sent", by=plain_organiser)
    assert services.follow_up_outstanding(event=event)[0][1] == ["form"]
