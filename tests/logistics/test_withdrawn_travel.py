"""A participant who withdraws after sending their flights is not met at the airport:
the manifest and the pickup groups hold only the people still attending."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from logistics import services
from participants.services.status import application_withdraw
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_withdrawn_participants_arrival_is_not_in_the_manifest_or_pickups(
    exchange, plain_organiser
):
    event, _seoul, _hanoi = exchange
    staying, leaving = ParticipantFactory(event=event), ParticipantFactory(event=event)
    for person, number in ((staying, "KE111"), (leaving, "VN999")):
        services.flight_save(
            application=person,
            direction="arrival",
            flight_number=number,
            airport="ICN",
            airport_zone="Asia/Seoul",
            at=dt.datetime(2027, 7, 4, 5, 0, tzinfo=dt.UTC),
            by=person.applicant,
        )
    api = APIClient()
    api.force_authenticate(plain_organiser)
    url = f"/api/v1/events/{event.slug}/logistics/pickups/"
    plan = {"direction": "arrival", "window_minutes": 60, "capacity": 4}
    assert sorted(api.post(url, plan, format="json").json()[0]["applications"]) == sorted(
        [staying.pk, leaving.pk]
    )
    application_withdraw(application=leaving, by=leaving.applicant)

    # The groups planned before: the withdrawn person's seat is no longer shown.
    assert [g["applications"] for g in api.get(url, {"direction": "arrival"}).json()] == [
        [staying.pk]
    ]
    # A new plan, the manifest and the page leave them out.
    assert [g["applications"] for g in api.post(url, plan, format="json").json()] == [[staying.pk]]
    flights = [
        f.flight_number
        for b in services.manifest(event=event, direction="arrival")
        for _t, f in b["flights"]
    ]
    assert flights == ["KE111"]
    page = client_for(plain_organiser).get(
        f"/organise/events/{event.slug}/logistics/transport/?direction=arrival"
    )
    assert page.status_code == 200
    assert b"KE111" in page.content and b"VN999" not in page.content
