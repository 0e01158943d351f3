"""Category quotas beside the seats (advisers at most n, media places) and media
accreditation: refused naming the field through the API and the page, decided under the
delegation's row lock, and a media badge in its own colour."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from delegations import services
from delegations.enums import MEDIA_COLOUR
from delegations.models import Nominee
from delegations.services.badges import badge_data
from tests.concurrency import run_concurrently

from .conftest import client_for, make_meeting, person


def _quotas(delegation, **fields):
    return services.delegation_invite(
        event=delegation.event,
        partner=delegation.partner,
        participation=delegation.participation,
        seats=delegation.seats,
        by=None,
        **fields,
    )


def _nominate(client, delegation, n, **extra):
    return client.post(
        f"/api/v1/delegations/{delegation.pk}/nominees/", person(n, **extra), format="json"
    )


def test_media_places_and_adviser_limit_are_refused_naming_the_field(meeting):
    _quotas(meeting.first, advisers_allowed=True, max_advisers=1, media_seats=1)
    client = client_for(meeting.first_focal)
    # Media and advisers are beyond the three seats.
    for n in range(3):
        assert _nominate(client, meeting.first, n).status_code == 201
    assert _nominate(client, meeting.first, 10, is_media=True).status_code == 201
    assert _nominate(client, meeting.first, 11, is_adviser=True).status_code == 201
    media = _nominate(client, meeting.first, 12, is_media=True)
    assert media.status_code == 409
    assert media.json()["code"] == "media_full" and "is_media" in media.json()
    adviser = _nominate(client, meeting.first, 13, is_adviser=True)
    assert adviser.json()["code"] == "advisers_full" and "is_adviser" in adviser.json()
    both = _nominate(client, meeting.first, 14, is_media=True, is_head=True)
    assert both.status_code == 400 and "is_media" in both.json()
    assert Nominee.objects.filter(delegation=meeting.first).count() == 5
    # No media places by default: the second delegation's media person is refused.
    other = _nominate(client_for(meeting.second_focal), meeting.second, 20, is_media=True)
    assert other.json()["code"] == "media_full"


def test_the_page_says_why_a_media_nomination_is_refused(meeting):
    page = Client()
    page.force_login(meeting.first_focal)
    response = page.post(
        f"/delegations/{meeting.first.pk}/",
        {
            "nominee-full_name": "Press One",
            "nominee-email": "press@example.org",
            "nominee-rank": 10,
            "nominee-is_media": "on",
        },
    )
    assert response.status_code == 400
    assert "is_media" in response.context["form"].errors
    assert "media places" in response.content.decode()
    assert not Nominee.objects.filter(email="press@example.org").exists()


def test_organiser_sets_media_places_on_the_api_and_media_get_a_media_badge(meeting):
    organiser = client_for(meeting.organiser)
    response = organiser.post(
        f"/api/v1/events/{meeting.event.slug}/delegations/",
        {
            "partner": meeting.first.partner_id,
            "participation": "member",
            "seats": 3,
            "media_seats": 2,
            "max_advisers": 0,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["media_seats"], response.json()["max_advisers"]) == (2, 0)
    nominee = _nominate(client_for(meeting.first_focal), meeting.first, 1, is_media=True).json()
    assert nominee["is_media"] is True
    assert organiser.post(f"/api/v1/nominees/{nominee['id']}/accredit/").status_code == 200
    badge = organiser.get(f"/api/v1/nominees/{nominee['id']}/badge.pdf")
    text = PdfReader(io.BytesIO(badge.content)).pages[0].extract_text()
    assert "MEDIA" in text and "Delegate 1" in text
    assert badge_data(Nominee.objects.get(pk=nominee["id"])).colour == MEDIA_COLOUR


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_media_nominations_into_two_media_places():
    meeting = make_meeting(seats=3)
    _quotas(meeting.first, media_seats=2)
    client = client_for(meeting.first_focal)

    def nominate(index):
        response = _nominate(client, meeting.first, index, is_media=True)
        return response.status_code, response.json().get("code")

    results = run_concurrently(20, nominate)
    assert sorted(results).count((201, None)) == 2, results
    assert sorted(r for r in results if r[0] != 201) == [(409, "media_full")] * 18
    assert Nominee.objects.filter(delegation=meeting.first, is_media=True).count() == 2
