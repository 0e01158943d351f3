"""Accompanying persons and chaperones count for meals, badges and transfers (one
selector, ``attendees_with_companions``), never for seats or quotas."""

import csv
import datetime as dt
import io

import pytest

from backend.errors import BridgesError
from logistics import services
from logistics.enums import CompanionRole
from logistics.models import PickupGroup
from participants.models import Profile
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

LANDING = dt.datetime(2027, 7, 4, 9, 0)  # Incheon's wall clock


def _with_assistant(event, organiser):
    person = ParticipantFactory(event=event, country="PH")
    person.applicant.first_name, person.applicant.last_name = "Bea", "Santos"
    person.applicant.save()
    Profile.objects.update_or_create(user=person.applicant, defaults={"dietary_needs": "Halal"})
    services.companion_add(
        application=person, name="Grace Santos", role=CompanionRole.ACCOMPANYING, by=organiser
    )
    companion = person.companions.get()
    companion.dietary_needs = "Vegetarian"
    companion.save()
    return person


def _fly(application, minutes: int):
    services.flight_save(
        application=application,
        direction="arrival",
        flight_number="PR468",
        airport="ICN",
        airport_zone="Asia/Seoul",
        at=LANDING + dt.timedelta(minutes=minutes),
        by=application.applicant,
    )


def test_a_companion_rides_with_their_person_and_shows_on_the_manifest(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    person = _with_assistant(event, plain_organiser)
    alone = ParticipantFactory(event=event, country="VN")
    _fly(person, 0)
    _fly(alone, 5)
    # Two seats a vehicle: Bea and Grace fill the first; the next person takes another.
    groups = services.pickups_plan(
        event=event, direction="arrival", window_minutes=60, capacity=2, by=plain_organiser
    )
    assert len(groups) == 2
    first = PickupGroup.objects.get(vehicle=1)
    assert [f.application_id for f in first.flights.all()] == [person.pk]
    page = client_for(plain_organiser).get(f"/organise/events/{event.slug}/logistics/transport/")
    body = page.content.decode()
    assert body.count("Bea Santos + Grace Santos") == 2  # the manifest and the vehicle
    assert "Vehicle 1 at ICN: 2 of 2 seats" in body
    # A party larger than a vehicle is refused, naming the field.
    with pytest.raises(BridgesError) as refused:
        services.pickups_plan(
            event=event, direction="arrival", window_minutes=60, capacity=1, by=plain_organiser
        )
    assert refused.value.field == "capacity" and PickupGroup.objects.count() == 2
    # Quotas and seats count applications only: the companion is not one.
    assert services.attending(event).count() == 2


def test_meals_and_the_name_list_include_companions_in_constant_queries(
    exchange, plain_organiser, django_assert_max_num_queries
):
    event, _seoul, _hanoi = exchange
    _with_assistant(event, plain_organiser)
    other = ParticipantFactory(event=event, country="TH")
    Profile.objects.update_or_create(user=other.applicant, defaults={"dietary_needs": "Halal"})
    client = client_for(plain_organiser)
    url = f"/organise/events/{event.slug}/logistics/people/"
    body = client.get(url).content.decode()
    assert "Halal: 2" in body and "Vegetarian: 1" in body
    assert "Grace Santos" in body and "Accompanying person" in body
    export = client.get(url + "?format=csv", follow=True)  # the registry's names list
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert ["Grace Santos", "Accompanying person", "Bea Santos"] in rows and len(rows) == 4
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    for _ in range(3):
        _with_assistant(event, plain_organiser)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)
    # Someone of another organisation cannot read the list.
    assert client_for(other.applicant).get(url).status_code == 404
