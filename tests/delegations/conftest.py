"""A small meeting for the delegations tests: an organiser, two invited partners with a
focal point each, invitations sent."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from delegations import services
from delegations.enums import Participation, PartnerKind
from delegations.models import EventPartner
from programmes.enums import MemberRole
from tests.factories.programmes import EventFactory, MembershipFactory, UserFactory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.user = user
    return client


@dataclass
class Meeting:
    event: object
    organiser: object
    first: EventPartner
    second: EventPartner
    first_focal: object
    second_focal: object


def make_meeting(*, seats: int = 3, advisers_allowed: bool = False) -> Meeting:
    organiser = MembershipFactory(role=MemberRole.ORGANISER).user
    organisation = organiser.memberships.get().organisation
    event = EventFactory(organisation=organisation, capacity=None, title="ASEM CMM8")
    first_focal, second_focal = UserFactory(), UserFactory()
    delegations = []
    for key, name, country, focal in (
        ("bg", "Republic of Bulgaria", "BG", first_focal),
        ("th", "Kingdom of Thailand", "TH", second_focal),
    ):
        partner = services.partner_save(
            organisation=organisation,
            key=key,
            data={"kind": PartnerKind.COUNTRY, "official_name": name, "country": country},
            focal_points=[focal],
            by=organiser,
        )
        delegations.append(
            services.delegation_invite(
                event=event,
                partner=partner,
                participation=Participation.MEMBER,
                seats=seats,
                advisers_allowed=advisers_allowed,
                by=organiser,
            )
        )
    services.invitations_send(event=event, by=organiser)
    for delegation in delegations:
        delegation.refresh_from_db()
    return Meeting(event, organiser, *delegations, first_focal, second_focal)


@pytest.fixture
def meeting(db) -> Meeting:
    return make_meeting()


def person(n: int, **extra) -> dict:
    return {
        "full_name": f"Delegate {n}",
        "email": f"delegate{n}@example.org",
        "function": "Director",
        **extra,
    }
