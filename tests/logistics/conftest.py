import pytest
from django.test import Client

from logistics import services
from programmes.enums import MemberRole
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory, MembershipFactory, seoul_hanoi_legs

PASSPORT_NUMBER = "M1234567Q"


@pytest.fixture
def exchange(organisation):
    event = EventFactory(organisation=organisation, slug="seoul-hanoi")
    seoul, hanoi = seoul_hanoi_legs(event)
    return event, seoul, hanoi


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user


@pytest.fixture
def logistics_organiser(organisation, owner):
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    services.access_grant(organisation=organisation, user=user, by=owner)
    return user


@pytest.fixture
def plain_organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


@pytest.fixture
def participant(exchange):
    event, _seoul, _hanoi = exchange
    application = ParticipantFactory(event=event, country="VN")
    application.applicant.first_name, application.applicant.last_name = "Mai", "Tran"
    application.applicant.save()
    return application


@pytest.fixture
def with_passport(participant):
    services.passport_save(
        application=participant,
        data={
            "passport_name": "TRAN THI MAI",
            "passport_number": PASSPORT_NUMBER,
            "nationality": "VN",
            "passport_expiry": "2031-05-01",
            "date_of_birth": "2004-02-29",
        },
        by=participant.applicant,
    )
    return participant


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
