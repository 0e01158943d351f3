"""Venues, people, programmes, legs and quotas through the API (bodies and validation)."""

import pytest

from programmes.models import CountryQuota, Leg, Person, Programme, Venue
from tests.factories.programmes import CountryQuotaFactory, LegFactory, SessionFactory, VenueFactory


def test_venue_create_and_read_whole_body(organiser_client, organisation):
    response = organiser_client.post(
        "/api/v1/venues/",
        {
            "organisation": organisation.slug,
            "name": "Hanoi Opera House",
            "address": "1 Trang Tien",
            "city": "Hanoi",
            "country": "VN",
            "time_zone": "Asia/Ho_Chi_Minh",
            "capacity": 600,
            "opens_at": "09:00",
            "closes_at": "23:00",
        },
    )

    assert response.status_code == 201, response.content
    venue = Venue.objects.get()
    expected = {
        "id": venue.pk,
        "organisation": organisation.slug,
        "name": "Hanoi Opera House",
        "address": "1 Trang Tien",
        "city": "Hanoi",
        "country": "VN",
        "time_zone": "Asia/Ho_Chi_Minh",
        "capacity": 600,
        "opens_at": "09:00:00",
        "closes_at": "23:00:00",
        "translations": {"name": {"en": "Hanoi Opera House"}, "address": {"en": "1 Trang Tien"}},
    }
    assert response.json() == expected
    assert organiser_client.get(f"/api/v1/venues/{venue.pk}/").json() == expected
    assert organiser_client.get("/api/v1/venues/").json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [expected],
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"country": "XX"}, "country"),
        ({"capacity": 0}, "capacity"),
        ({"opens_at": "22:00", "closes_at": "08:00"}, "closes_at"),
    ],
)
def test_venue_bad_input(organiser_client, organisation, change, field):
    body = {
        "organisation": organisation.slug,
        "name": "Hall",
        "city": "Seoul",
        "country": "KR",
        "time_zone": "Asia/Seoul",
        "capacity": 10,
        **change,
    }
    response = organiser_client.post("/api/v1/venues/", body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Venue.objects.exists()


def test_venue_capacity_below_a_session_refused(organiser_client, event):
    venue = VenueFactory(organisation=event.organisation, capacity=100)
    SessionFactory(event=event, venue=venue, capacity=90)
    response = organiser_client.patch(f"/api/v1/venues/{venue.pk}/", {"capacity": 50})
    assert response.status_code == 400
    assert response.json()["code"] == "capacity_below_sessions"
    assert Venue.objects.get(pk=venue.pk).capacity == 100


def test_person_and_programme_roundtrip(organiser_client, organisation):
    person = organiser_client.post(
        "/api/v1/people/",
        {
            "organisation": organisation.slug,
            "name": "Nguyen Thi Lan",
            "affiliation": "VNU",
            "country": "VN",
            "email": "lan@example.org",
        },
    )
    assert person.status_code == 201, person.content
    assert person.json() == {
        "id": Person.objects.get().pk,
        "organisation": organisation.slug,
        "name": "Nguyen Thi Lan",
        "affiliation": "VNU",
        "country": "VN",
        "bio": "",
        "email": "lan@example.org",
    }
    programme = organiser_client.post(
        "/api/v1/programmes/",
        {
            "organisation": organisation.slug,
            "title": "ASEAN-Korea Youth Network Workshop",
        },
    )
    assert programme.status_code == 201
    assert programme.json()["slug"] == "asean-korea-youth-network-workshop"
    moved = organiser_client.patch(
        f"/api/v1/programmes/{Programme.objects.get().pk}/", {"organisation": "x"}
    )
    assert moved.status_code == 400
    assert "organisation" in moved.json()


def test_legs_and_quotas_by_event(anonymous_client, organiser_client, event):
    leg = LegFactory(event=event, city="Seoul", country="KR")
    quota = CountryQuotaFactory(event=event, country="TH", minimum=1, maximum=3)
    LegFactory()  # another event's

    legs = anonymous_client.get(f"/api/v1/legs/?event={event.slug}").json()["results"]
    assert legs == [
        {
            "id": leg.pk,
            "event": event.slug,
            "city": "Seoul",
            "country": "KR",
            "start_date": "2027-07-05",
            "end_date": "2027-07-13",
            "translations": {"city": {"en": "Seoul"}},
        }
    ]
    quotas = anonymous_client.get(f"/api/v1/quotas/?event={event.slug}").json()["results"]
    assert quotas == [
        {"id": quota.pk, "event": event.slug, "country": "TH", "minimum": 1, "maximum": 3}
    ]

    outside = organiser_client.post(
        "/api/v1/legs/",
        {
            "event": event.slug,
            "city": "Hanoi",
            "country": "VN",
            "start_date": "2027-07-10",
            "end_date": "2027-07-20",
        },
    )
    assert outside.status_code == 400
    assert "end_date" in outside.json()
    duplicate = organiser_client.post("/api/v1/quotas/", {"event": event.slug, "country": "TH"})
    assert duplicate.status_code == 409
    reversed_ = organiser_client.patch(f"/api/v1/quotas/{quota.pk}/", {"maximum": 0})
    assert reversed_.status_code == 400
    assert "maximum" in reversed_.json()
    assert Leg.objects.filter(event=event).count() == 1
    assert CountryQuota.objects.get(pk=quota.pk).maximum == 3
