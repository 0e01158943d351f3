"""After the organiser locks the follow-up answers, a participant's change of passport
or flight data still saves and tells the logistics team through the outbox, as a change
of the form's answers does; before the lock, or an organiser's own edit, tells no one."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from logistics import services
from logistics.models import FollowUpResponse
from notifications.models import Message

pytestmark = pytest.mark.django_db

FLIGHT = {
    "direction": "arrival",
    "flight_number": "VN416",
    "airport": "ICN",
    "airport_zone": "Asia/Seoul",
    "at": "2027-07-04T14:05",
}


def _notes():
    return Message.objects.filter(
        kind="follow_up_changed", idempotency_key__startswith="logistics:follow-up-changed:"
    )


def test_passport_and_flight_changes_after_the_lock_tell_the_logistics_team(
    participant, plain_organiser, logistics_organiser
):
    event = participant.event
    follow_up = services.follow_up_setup(
        event=event, deadline=dt.datetime(2027, 6, 1, tzinfo=dt.UTC), by=plain_organiser
    )
    FollowUpResponse.objects.create(
        application=participant,
        submitted_at=dt.datetime(2027, 5, 1, tzinfo=dt.UTC),
        changed_at=dt.datetime(2027, 5, 1, tzinfo=dt.UTC),
    )
    me = APIClient()
    me.force_authenticate(participant.applicant)
    passport = f"/api/v1/events/{event.slug}/my-travel/passport/"
    flights = f"/api/v1/events/{event.slug}/my-travel/flights/"
    # Before the lock: changes are free and nobody is told.
    assert me.put(passport, {"passport_number": "M1234567Q"}, format="json").status_code == 200
    assert me.post(flights, FLIGHT, format="json").status_code == 200
    assert not _notes().exists()

    services.follow_up_lock(follow_up=follow_up, locked=True, by=plain_organiser)
    assert me.put(passport, {"passport_number": "N7654321"}, format="json").status_code == 200
    assert [m.recipient for m in _notes()] == [logistics_organiser]
    assert me.post(flights, {**FLIGHT, "flight_number": "VN418"}, format="json").status_code == 200
    assert _notes().count() == 2
    # Saving the same flight again changes nothing and tells no one.
    assert me.post(flights, {**FLIGHT, "flight_number": "VN418"}, format="json").status_code == 200
    assert _notes().count() == 2
    assert FollowUpResponse.objects.get().changes_after_lock == 2
    # The logistics organiser's own correction is not news to the team.
    services.passport_save(
        application=participant, data={"passport_number": "P1112223"}, by=logistics_organiser
    )
    assert _notes().count() == 2
