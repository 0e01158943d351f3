"""The rooming list: CP-SAT output checked against every rule for 300 people, infeasible
input named by its rule, organisers' rooms kept, nights and the hotel's exports."""

import csv
import datetime as dt
import io
import random

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from logistics import rooming_cpsat, services
from logistics.enums import CompanionRole
from logistics.models import RoomAssignment, RoomingJob, TravelProfile
from logistics.rooming import Occupant, Room, violations
from participants.enums import Gender
from tests.factories.attendance import ParticipantFactory

from .conftest import client_for

COUNTRIES = ["KR", "VN", "TH", "ID", "MY", "PH", "SG", "KH", "LA", "MM", "BN"]


def _three_hundred(seed: int = 19) -> tuple[list[Occupant], list[Room]]:
    rng = random.Random(seed)
    people = [
        Occupant(
            f"a{i}",
            rng.choice(["female", "male"]),
            rng.choice(COUNTRIES),
            is_minor=(minor := rng.random() < 0.15),
            single=not minor and rng.random() < 0.04,
        )
        for i in range(278)
    ]
    chaperones = [
        Occupant(f"c{c}{g}", g, c, is_chaperone=True) for c in COUNTRIES for g in ("female", "male")
    ]
    rooms = (
        [Room(1, n, 2) for n in range(1, 121)]
        + [Room(2, n, 3) for n in range(1, 41)]
        + [Room(3, n, 1) for n in range(1, 31)]
    )
    return people + chaperones, rooms


def test_three_hundred_people_keep_every_rule():
    people, rooms = _three_hundred()
    people[0] = Occupant("a0", people[0].gender, people[0].country, kept_room=(2, 40))
    assert len(people) == 300
    result = rooming_cpsat.solve(people, rooms, time_limit=10)
    assert result.status in ("optimal", "feasible")
    assert violations(people, rooms, result.rooms) == []
    assert result.rooms["a0"] == (2, 40)
    # Preferably another country: with rooms to spare, nobody shares with a compatriot.
    assert result.same_country_pairs == 0
    shared = [
        room for room in set(result.rooms.values()) if list(result.rooms.values()).count(room) > 1
    ]
    assert shared  # the control: people do share rooms, so the check had work to do


def test_the_checker_catches_each_rule():
    a = Occupant("a", "female", "VN")
    b = Occupant("b", "male", "VN")
    minor = Occupant("m", "female", "VN", is_minor=True)
    chaperone_elsewhere = Occupant("c", "female", "TH", is_chaperone=True)
    head = Occupant("h", "female", "KR", single=True)
    room = [Room(1, 1, 4)]
    assert violations([a, b], room, {"a": (1, 1), "b": (1, 1)}) == ["(1, 1): mixed genders"]
    assert violations([a, minor], room, {"a": (1, 1), "m": (1, 1)}) == [
        "(1, 1): a shares with a minor"
    ]
    assert violations([chaperone_elsewhere, minor], room, {"c": (1, 1), "m": (1, 1)}) == [
        "(1, 1): c shares with a minor"
    ]
    assert violations([a, head], room, {"a": (1, 1), "h": (1, 1)}) == [
        "(1, 1): a single room shared"
    ]


@pytest.mark.parametrize(
    ("people", "rooms", "broken"),
    [
        ([Occupant("a", "female", "VN"), Occupant("b", "female", "TH")], [Room(1, 1, 1)], ["beds"]),
        ([Occupant("a", "female", "VN"), Occupant("b", "male", "TH")], [Room(1, 1, 2)], ["gender"]),
        (
            [Occupant("a", "female", "VN"), Occupant("m", "female", "VN", is_minor=True)],
            [Room(1, 1, 2)],
            ["minors"],
        ),
        (
            [Occupant("h", "female", "VN", single=True), Occupant("b", "female", "TH")],
            [Room(1, 1, 2)],
            ["single"],
        ),
    ],
)
def test_infeasible_input_names_the_rule(people, rooms, broken):
    result = rooming_cpsat.solve(people, rooms, time_limit=2)
    assert result.status == "infeasible" and result.broken == broken


@pytest.mark.django_db
def test_rooming_through_the_page_keeps_edits_and_exports(
    exchange, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    hotel = services.hotel_add(
        event=event, leg=seoul, name="Lotte City Hotel Mapo", by=plain_organiser
    )
    twin = services.block_add(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=4,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=plain_organiser,
    )
    services.block_add(
        hotel=hotel,
        room_type="Single",
        beds=1,
        rooms=2,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=plain_organiser,
    )
    women = [
        ParticipantFactory(event=event, gender=Gender.FEMALE, country=c) for c in ("VN", "VN", "TH")
    ]
    for country in ("KR", "ID"):
        ParticipantFactory(event=event, gender=Gender.MALE, country=country)
    head = ParticipantFactory(event=event, gender=Gender.MALE, country="KR")
    TravelProfile.objects.create(application=head, single_room=True)
    minor = ParticipantFactory(event=event, gender=Gender.FEMALE, country="LA", is_minor=True)
    chaperone = services.companion_add(
        application=minor,
        name="Souk Phom",
        role=CompanionRole.CHAPERONE,
        gender=Gender.FEMALE,
        by=plain_organiser,
    )
    # The organiser puts one woman in room 4 themselves: the solve keeps her there.
    services.room_assign(
        event=event, leg=seoul, application=women[0], block=twin, room=4, by=plain_organiser
    )

    page = client_for(plain_organiser)
    url = f"/organise/events/{event.slug}/logistics/rooms/?leg={seoul.pk}"
    # The solve is a Celery job (eager here, once the request's transaction commits).
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post(url, {"action": "solve"})
    assert response.status_code == 302
    job = RoomingJob.objects.get(event=event, leg=seoul)
    assert (job.status, job.done, job.total, job.result["placed"]) == ("done", 2, 2, 8)
    # The rooms page shows the job; its poll answers with the outcome and stops polling.
    assert "Rooming list: 2 of 2 (Done)" in page.get(url).content.decode()
    poll = page.get(f"/organise/events/{event.slug}/logistics/rooms/jobs/{job.pk}/").content
    assert b"8 people have a room." in poll and b"hx-get" not in poll
    placed = {
        (a.application_id, a.companion_id): (a.block_id, a.room)
        for a in RoomAssignment.objects.all()
    }
    assert len(placed) == 8
    assert placed[women[0].pk, None] == (twin.pk, 4)
    # The minor sleeps alone or with her chaperone, never with another adult.
    assert {k for k, room in placed.items() if room == placed[minor.pk, None]} <= {
        (minor.pk, None),
        (None, chaperone.pk),
    }
    room_of_head = placed[head.pk, None]
    assert list(placed.values()).count(room_of_head) == 1
    assert placed[women[0].pk, None] != placed[women[1].pk, None]  # two Vietnamese women apart

    # The page's old download addresses lead to the export registry's list of this leg.
    response = page.get(url + "&format=csv", follow=True)
    csv_text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(csv_text)))
    assert lines[0][:5] == ["Leg", "Hotel", "Room type", "Room", "Name"] and len(lines) == 9
    assert {line[0] for line in lines[1:]} == {"Seoul"}
    assert {line[-1] for line in lines[1:]} == {"5"}  # five nights in Seoul
    assert (
        lines[1][7] == seoul.start_date.isoformat()
        and lines[1][9] == (seoul.end_date + dt.timedelta(days=1)).isoformat()  # check-out
    )
    xlsx = page.get(url + "&format=xlsx", follow=True)
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book.active.max_row == 9
    assert services.nights_per_person(event=event)[f"a{head.pk}"] == 5


@pytest.mark.django_db
def test_infeasible_rooming_says_which_rule_through_the_api(
    exchange, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    hotel = services.hotel_add(event=event, leg=seoul, name="Small Inn", by=plain_organiser)
    services.block_add(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=1,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=plain_organiser,
    )
    ParticipantFactory(event=event, gender=Gender.FEMALE)
    ParticipantFactory(event=event, gender=Gender.MALE)
    client = APIClient()
    client.force_authenticate(plain_organiser)
    with django_capture_on_commit_callbacks(execute=True):  # the job runs (eager) on commit
        answer = client.post(
            f"/api/v1/events/{event.slug}/logistics/rooming/", {"leg": seoul.pk}, format="json"
        )
    assert answer.status_code == 202 and answer.json()["status"] == "queued"
    job = client.get(
        f"/api/v1/events/{event.slug}/logistics/rooming-jobs/{answer.json()['id']}/"
    ).json()
    assert job["status"] == "failed" and job["error_code"] == "rooming_infeasible"
    assert "same gender" in job["error"] and job["result"] is None
    assert not RoomAssignment.objects.exists()
