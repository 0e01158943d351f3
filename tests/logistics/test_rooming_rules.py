"""Rooming rules the model once held too strictly or missed: minors of two countries may
share, an organiser's room lends its spare bed, an accredited head of delegation sleeps
alone without anyone ticking a box."""

import pytest
from rest_framework.test import APIClient

from delegations.enums import NomineeStatus, Participation, PartnerKind
from delegations.models import EventPartner, Nominee, Partner
from logistics import rooming_cpsat, services
from logistics.models import RoomAssignment, RoomingJob
from logistics.rooming import Occupant, Room, violations
from participants.enums import Gender
from tests.factories.attendance import ParticipantFactory


def _solved(people, rooms):
    result = rooming_cpsat.solve(people, rooms, time_limit=2)
    assert result.status in ("optimal", "feasible"), result.broken
    assert violations(people, rooms, result.rooms) == []
    return result.rooms


def test_minor_girls_of_two_countries_share_a_twin():
    girls = [
        Occupant("a1", "female", "VN", is_minor=True),
        Occupant("a2", "female", "TH", is_minor=True),
    ]
    assert _solved(girls, [Room(1, 1, 2)]) == {"a1": (1, 1), "a2": (1, 1)}


def test_a_kept_twin_lends_its_spare_bed():
    people = [
        Occupant("a1", "female", "VN", kept_room=(1, 1)),
        Occupant("a2", "female", "TH"),
    ]
    assert _solved(people, [Room(1, 1, 2)]) == {"a1": (1, 1), "a2": (1, 1)}
    # ...but only to someone the rules let in: a man, or a minor, gets no bed there.
    for stranger in (Occupant("a2", "male", "TH"), Occupant("a2", "female", "TH", is_minor=True)):
        result = rooming_cpsat.solve([people[0], stranger], [Room(1, 1, 2)], time_limit=2)
        assert result.status == "infeasible"
    # A kept chaperone's room takes a minor of her group.
    chaperoned = [
        Occupant("c1", "female", "LA", is_chaperone=True, kept_room=(1, 1)),
        Occupant("a3", "female", "LA", is_minor=True),
    ]
    assert _solved(chaperoned, [Room(1, 1, 2)]) == {"c1": (1, 1), "a3": (1, 1)}


@pytest.mark.django_db
def test_an_accredited_head_of_delegation_gets_a_single_room_through_the_job(
    exchange, plain_organiser, eager_celery, django_capture_on_commit_callbacks
):
    event, seoul, _hanoi = exchange
    hotel = services.hotel_add(event=event, leg=seoul, name="Sofia Hotel", by=plain_organiser)
    services.block_add(
        hotel=hotel,
        room_type="Twin",
        beds=2,
        rooms=2,
        first_night=seoul.start_date,
        last_night=seoul.end_date,
        by=plain_organiser,
    )
    head, delegate, nominated_head = (
        ParticipantFactory(event=event, gender=Gender.MALE, country=c) for c in ("VN", "TH", "KR")
    )
    partner = Partner.objects.create(
        organisation=event.organisation, key="vn", kind=PartnerKind.COUNTRY, official_name="VN"
    )
    delegation = EventPartner.objects.create(
        event=event, partner=partner, participation=Participation.MEMBER, seats=5
    )
    for i, (who, status, is_head) in enumerate(
        [
            (head, NomineeStatus.ACCREDITED, True),
            (delegate, NomineeStatus.ACCREDITED, False),
        ]
    ):
        Nominee.objects.create(
            delegation=delegation,
            event=event,
            full_name=f"Delegate {i}",
            email=who.applicant.email,
            status=status,
            is_head=is_head,
            application=who,
        )
    client = APIClient()
    client.force_authenticate(plain_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/api/v1/events/{event.slug}/logistics/rooming/", {"leg": seoul.pk}, format="json"
        )
    assert answer.status_code == 202
    job = RoomingJob.objects.get(pk=answer.json()["id"])
    assert job.status == "done", job.error
    rooms = {a.application_id: (a.block_id, a.room) for a in RoomAssignment.objects.all()}
    # Three men, two twins: the head alone, the other two together (the KR man is only a
    # nominee of no delegation, so he shares).
    assert list(rooms.values()).count(rooms[head.pk]) == 1
    assert rooms[delegate.pk] == rooms[nominated_head.pk]
