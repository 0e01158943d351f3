from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from delegations import services
from delegations.enums import Participation, PartnerKind
from delegations.models import Nominee
from participants.services import profile_for

from .conftest import client_for, person


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_organiser_pages_and_the_focal_points_view(meeting):
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1, is_head=True), by=meeting.first_focal
    )
    organiser = _client(meeting.organiser)
    page = organiser.get(f"/organise/events/{meeting.event.slug}/delegations/")
    assert page.status_code == 200
    assert "Delegate 1" in page.content.decode() and "Republic of Bulgaria" in page.content.decode()
    assert (
        _client(meeting.first_focal)
        .get(f"/organise/events/{meeting.event.slug}/delegations/")
        .status_code
        == 404
    )

    decided = organiser.post(
        f"/organise/events/{meeting.event.slug}/delegations/nominees/{nominee.pk}/decide/",
        {"decision": "accredit"},
    )
    assert decided.status_code == 302
    nominee.refresh_from_db()
    assert nominee.status == "accredited" and nominee.application.status == "confirmed"

    own = _client(meeting.first_focal).get(f"/delegations/{meeting.first.pk}/")
    assert own.status_code == 200 and "Delegate 1" in own.content.decode()
    assert (
        _client(meeting.second_focal).get(f"/delegations/{meeting.first.pk}/letter.pdf").status_code
        == 404
    )
    letter = _client(meeting.first_focal).get(f"/delegations/{meeting.first.pk}/letter.pdf")
    assert letter["Content-Type"] == "application/pdf"


def test_nominee_completes_their_own_needs_through_their_link(meeting):
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal
    )
    link = services.nominee_profile_url(nominee).split("testserver", 1)[-1]
    path = link[link.index("/delegations/") :]
    response = Client().post(
        path, {"dietary_needs": "Vegetarian", "accessibility_needs": "", "phone": "+359 2 000"}
    )
    assert response.status_code == 302
    assert profile_for(Nominee.objects.get(pk=nominee.pk).user).dietary_needs == "Vegetarian"
    assert Client().get(path[:-3] + "xyz/").status_code == 404


def test_delegation_lists_take_the_same_queries_for_one_and_many(meeting):
    organiser = client_for(meeting.organiser)
    url = f"/api/v1/events/{meeting.event.slug}/delegations/"
    organiser.get(url)  # warm the user's roles and the session
    with CaptureQueriesContext(connection) as two:
        assert len(organiser.get(url).json()) == 2
    for n in range(5):
        partner = services.partner_save(
            organisation=meeting.event.organisation,
            key=f"x{n}",
            data={"kind": PartnerKind.COUNTRY, "official_name": f"Extra {n}"},
            focal_points=[meeting.first_focal],
        )
        services.delegation_invite(
            event=meeting.event, partner=partner, participation=Participation.OBSERVER
        )
    with CaptureQueriesContext(connection) as seven:
        assert len(organiser.get(url).json()) == 7
    assert len(seven) == len(two)
    mine = client_for(meeting.first_focal)
    with CaptureQueriesContext(connection) as first:
        assert len(mine.get("/api/v1/me/delegations/").json()) == 6
    with CaptureQueriesContext(connection) as second:
        mine.get("/api/v1/me/delegations/")
    assert len(first) == len(second) <= 3
