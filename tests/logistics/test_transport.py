"""Flights in each airport's local time, the manifest per day and airport, and pickup
groups that never exceed a vehicle's seats or the window."""

import datetime as dt
import random
import zoneinfo

import pytest
from rest_framework.test import APIClient

from logistics import services
from logistics.enums import Direction
from logistics.models import Flight, PickupGroup
from tests.factories.attendance import ParticipantFactory

pytestmark = pytest.mark.django_db

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_flight_given_in_local_time_is_stored_in_utc_and_shown_locally(
    participant, plain_organiser
):
    event = participant.event
    client = _api(participant.applicant)
    answer = client.post(
        f"/api/v1/events/{event.slug}/my-travel/flights/",
        {
            "direction": "arrival",
            "flight_number": "vn 416",
            "airport": "icn",
            "airport_zone": "Asia/Seoul",
            "at": "2027-07-04T14:05",
        },
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["local_time"] == "2027-07-04T14:05:00+09:00"
    flight = Flight.objects.get()
    assert (
        flight.at == dt.datetime(2027, 7, 4, 5, 5, tzinfo=dt.UTC)
        and flight.flight_number == "VN416"
    )
    bad = client.post(
        f"/api/v1/events/{event.slug}/my-travel/flights/",
        {
            "direction": "arrival",
            "flight_number": "?",
            "airport": "ICN",
            "airport_zone": "Asia/Seoul",
            "at": "2027-07-04T14:05",
        },
        format="json",
    )
    assert bad.status_code == 400 and "flight_number" in bad.json()
    # A flight landing 23:30 UTC on the 3rd is the 4th in Seoul: the manifest's day.
    other = ParticipantFactory(event=event)
    services.flight_save(
        application=other,
        direction="arrival",
        flight_number="KE682",
        airport="ICN",
        airport_zone="Asia/Seoul",
        at=dt.datetime(2027, 7, 3, 23, 30, tzinfo=dt.UTC),
        by=other.applicant,
    )
    blocks = services.manifest(event=event, direction=Direction.ARRIVAL)
    assert [
        (b["day"], b["airport"], [f.flight_number for _t, f in b["flights"]]) for b in blocks
    ] == [(dt.date(2027, 7, 4), "ICN", ["KE682", "VN416"])]
    assert [t.strftime("%H:%M") for t, _f in blocks[0]["flights"]] == ["08:30", "14:05"]


def test_pickup_groups_never_exceed_seats_or_window(exchange, plain_organiser):
    event, _seoul, _hanoi = exchange
    rng = random.Random(19)
    start = dt.datetime(2027, 7, 4, 6, 0, tzinfo=SEOUL)
    people = [ParticipantFactory(event=event) for _ in range(40)]
    for person in people:
        airport, zone = rng.choice([("ICN", "Asia/Seoul"), ("GMP", "Asia/Seoul")])
        services.flight_save(
            application=person,
            direction="arrival",
            flight_number=f"KE{rng.randint(100, 999)}",
            airport=airport,
            airport_zone=zone,
            at=start + dt.timedelta(minutes=rng.randint(0, 16 * 60)),
            by=person.applicant,
        )
    answer = _api(plain_organiser).post(
        f"/api/v1/events/{event.slug}/logistics/pickups/",
        {"direction": "arrival", "window_minutes": 90, "capacity": 4},
        format="json",
    )
    assert answer.status_code == 201
    groups = answer.json()
    flights = {f.application_id: f for f in Flight.objects.all()}
    placed = [a for g in groups for a in g["applications"]]
    assert sorted(placed) == sorted(flights)  # everyone, once
    for group in groups:
        members = [flights[a] for a in group["applications"]]
        assert 1 <= len(members) <= 4
        assert {f.airport for f in members} == {group["airport"]}
        times = [f.at for f in members]
        assert max(times) - min(times) <= dt.timedelta(minutes=90)
    # A second plan replaces the first instead of adding to it.
    services.pickups_plan(
        event=event, direction="arrival", window_minutes=30, capacity=8, by=plain_organiser
    )
    assert PickupGroup.objects.filter(event=event).count() == len(
        services.pickup_groups(event=event, direction="arrival")
    )
    bad = _api(plain_organiser).post(
        f"/api/v1/events/{event.slug}/logistics/pickups/",
        {"direction": "arrival", "window_minutes": 90, "capacity": 0},
        format="json",
    )
    assert bad.status_code == 400 and "capacity" in bad.json()


def test_a_group_beyond_its_window_is_refused_by_the_database(exchange):
    from django.db import IntegrityError, transaction

    event, _seoul, _hanoi = exchange
    start = dt.datetime(2027, 7, 4, 6, 0, tzinfo=dt.UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        PickupGroup.objects.create(
            event=event,
            direction="arrival",
            airport="ICN",
            vehicle=1,
            capacity=4,
            window=dt.timedelta(minutes=30),
            first_at=start,
            last_at=start + dt.timedelta(minutes=31),
        )


def test_plan_groups_is_earliest_first():
    t0 = dt.datetime(2027, 7, 4, tzinfo=dt.UTC)
    times = [(i, t0 + dt.timedelta(minutes=m)) for i, m in enumerate([0, 10, 20, 100, 105, 300])]
    groups = services.plan_groups(times, window=dt.timedelta(minutes=30), capacity=2)
    assert [[i for i, _t in g] for g in groups] == [[0, 1], [2], [3, 4], [5]]
