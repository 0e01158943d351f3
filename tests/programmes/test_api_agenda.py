import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from programmes import services
from programmes.caching import agenda_bump_version
from programmes.enums import EventStatus, SessionStatus
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))
HANOI = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def agenda(event):
    seoul = VenueFactory(
        organisation=event.organisation, name="KNUA Hall", city="Seoul", capacity=100
    )
    hanoi = VenueFactory(
        organisation=event.organisation,
        name="Hanoi Opera House",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
        capacity=300,
        address="1 Trang Tien",
    )
    speaker = PersonFactory(
        organisation=event.organisation,
        name="Nguyen Thi Lan",
        affiliation="VNU",
        country="VN",
        bio="Curator.",
        email="lan@example.org",
    )
    opening = SessionFactory(
        event=event,
        venue=seoul,
        title="Opening",
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 10, 0, tzinfo=SEOUL),
    )
    lecture = SessionFactory(
        event=event,
        venue=hanoi,
        title="Heritage lecture",
        capacity=80,
        starts_at=dt.datetime(2027, 7, 10, 14, 0, tzinfo=HANOI),
        ends_at=dt.datetime(2027, 7, 10, 15, 30, tzinfo=HANOI),
    )
    lecture.speakers.add(speaker)
    boat = SessionFactory(
        event=event,
        venue=None,
        title="Boat trip",
        status=SessionStatus.CANCELLED,
        kind="site_visit",
        starts_at=dt.datetime(2027, 7, 10, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 10, 11, 0, tzinfo=SEOUL),
    )
    return seoul, hanoi, speaker, opening, lecture, boat


def test_agenda_whole_body(anonymous_client, event, agenda):
    seoul, hanoi, speaker, opening, lecture, boat = agenda

    response = anonymous_client.get(f"/api/v1/events/{event.slug}/agenda/")

    assert response.status_code == 200

    def venue(v):
        return {
            "id": v.pk,
            "name": v.name,
            "address": v.address,
            "city": v.city,
            "country": v.country.code,
            "time_zone": v.time_zone,
        }

    assert response.json() == {
        "event": event.slug,
        "time_zone": "Asia/Seoul",
        "days": [
            {
                "date": "2027-07-05",
                "sessions": [
                    {
                        "id": opening.pk,
                        "event": event.slug,
                        "title": "Opening",
                        "kind": "lecture",
                        "status": "confirmed",
                        "description": "",
                        "time_zone": "Asia/Seoul",
                        "starts_at": "2027-07-05T09:00:00+09:00",
                        "ends_at": "2027-07-05T10:00:00+09:00",
                        "starts_at_utc": "2027-07-05T00:00:00Z",
                        "ends_at_utc": "2027-07-05T01:00:00Z",
                        "venue": venue(seoul),
                        "capacity": None,
                        "speakers": [],
                    }
                ],
            },
            {
                "date": "2027-07-10",
                "sessions": [
                    {
                        "id": boat.pk,
                        "event": event.slug,
                        "title": "Boat trip",
                        "kind": "site_visit",
                        "status": "cancelled",
                        "description": "",
                        "time_zone": "Asia/Seoul",
                        "starts_at": "2027-07-10T09:00:00+09:00",
                        "ends_at": "2027-07-10T11:00:00+09:00",
                        "starts_at_utc": "2027-07-10T00:00:00Z",
                        "ends_at_utc": "2027-07-10T02:00:00Z",
                        "venue": None,
                        "capacity": None,
                        "speakers": [],
                    },
                    {
                        "id": lecture.pk,
                        "event": event.slug,
                        "title": "Heritage lecture",
                        "kind": "lecture",
                        "status": "confirmed",
                        "description": "",
                        "time_zone": "Asia/Ho_Chi_Minh",
                        "starts_at": "2027-07-10T14:00:00+07:00",
                        "ends_at": "2027-07-10T15:30:00+07:00",
                        "starts_at_utc": "2027-07-10T07:00:00Z",
                        "ends_at_utc": "2027-07-10T08:30:00Z",
                        "venue": venue(hanoi),
                        "capacity": 80,
                        # Public output: no email address.
                        "speakers": [
                            {
                                "id": speaker.pk,
                                "name": "Nguyen Thi Lan",
                                "affiliation": "VNU",
                                "country": "VN",
                                "bio": "Curator.",
                            }
                        ],
                    },
                ],
            },
        ],
    }


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def _add_sessions(event, n):
    venue = VenueFactory(organisation=event.organisation)
    for i in range(n):
        start = dt.datetime(2027, 7, 5 + i % 9, 9, 0, tzinfo=SEOUL) + dt.timedelta(minutes=i)
        session = SessionFactory(
            event=event,
            venue=venue if i % 2 else None,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
        session.speakers.add(PersonFactory(organisation=event.organisation))
    # Factories write without a service: bump the version as the services do.
    agenda_bump_version(event_ids=[event.pk])


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/{slug}/agenda/",
        "/api/v1/events/{slug}/agenda.ics",
        "/api/v1/sessions/?event={slug}&page_size=100",
    ],
)
def test_agenda_constant_queries(anonymous_client, organiser_client, event, url):
    url = url.format(slug=event.slug)
    _add_sessions(event, 1)
    one = _queries(anonymous_client, url), _queries(organiser_client, url)
    _add_sessions(event, 49)
    assert (_queries(anonymous_client, url), _queries(organiser_client, url)) == one


def test_agenda_ics_endpoint(anonymous_client, event, agenda):
    seoul, hanoi, speaker, opening, lecture, boat = agenda

    response = anonymous_client.get(f"/api/v1/events/{event.slug}/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    cal = Calendar.from_ical(response.content)
    vevents = {str(v["summary"]): v for v in cal.walk("VEVENT")}
    assert set(vevents) == {"Opening", "Heritage lecture", "Boat trip"}
    # 09:00 in Seoul is midnight UTC.
    assert vevents["Opening"]["dtstart"].params["TZID"] == "Asia/Seoul"
    assert vevents["Opening"].decoded("dtstart").astimezone(dt.UTC) == dt.datetime(
        2027, 7, 5, tzinfo=dt.UTC
    )
    assert vevents["Heritage lecture"]["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevents["Heritage lecture"].decoded("dtend").astimezone(dt.UTC) == dt.datetime(
        2027, 7, 10, 8, 30, tzinfo=dt.UTC
    )
    assert (
        str(vevents["Heritage lecture"]["location"])
        == "Hanoi Opera House, 1 Trang Tien, Hanoi, Vietnam"
    )
    assert str(vevents["Boat trip"]["status"]) == "CANCELLED"


def test_agenda_of_draft_hidden_from_public(
    anonymous_client, other_organiser_client, organiser_client, organisation
):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    for client, expected in [
        (anonymous_client, 404),
        (other_organiser_client, 404),
        (organiser_client, 200),
    ]:
        assert client.get(f"/api/v1/events/{draft.slug}/agenda/").status_code == expected
        assert client.get(f"/api/v1/events/{draft.slug}/agenda.ics").status_code == expected


def _titles(client, event):
    days = client.get(f"/api/v1/events/{event.slug}/agenda/").json()["days"]
    return [
        (s["title"], s["venue"] and s["venue"]["name"], [p["name"] for p in s["speakers"]])
        for d in days
        for s in d["sessions"]
    ]


def test_cached_agenda_follows_every_kind_of_change(
    anonymous_client, organiser_client, event, agenda
):
    seoul, hanoi, speaker, opening, lecture, boat = agenda
    before = _titles(anonymous_client, event)
    assert ("Opening", "KNUA Hall", []) in before

    # Each change through a service (as the admin, a shell or a worker make them) shows
    # on the next read.
    services.venue_update(venue=seoul, data={"name": "KNUA Grand Hall"})
    assert ("Opening", "KNUA Grand Hall", []) in _titles(anonymous_client, event)
    services.session_update(session=opening, data={}, speakers=[speaker])
    assert ("Opening", "KNUA Grand Hall", ["Nguyen Thi Lan"]) in _titles(anonymous_client, event)
    services.person_update(person=speaker, data={"name": "Nguyen T. Lan"})
    assert ("Opening", "KNUA Grand Hall", ["Nguyen T. Lan"]) in _titles(anonymous_client, event)
    services.session_update(session=opening, data={}, speakers=[])
    assert ("Opening", "KNUA Grand Hall", []) in _titles(anonymous_client, event)
    services.session_update(session=opening, data={}, speakers=[speaker])
    services.person_delete(person=speaker)
    assert ("Opening", "KNUA Grand Hall", []) in _titles(anonymous_client, event)
    services.session_delete(session=boat)
    assert "Boat trip" not in [t for t, _, _ in _titles(anonymous_client, event)]
    # And through the API: a moved session and a renamed event slug.
    organiser_client.patch(f"/api/v1/sessions/{opening.pk}/", {"title": "Welcome"})
    assert ("Welcome", "KNUA Grand Hall", []) in _titles(anonymous_client, event)
    organiser_client.patch(f"/api/v1/events/{event.slug}/", {"slug": "renamed"})
    event.slug = "renamed"
    assert anonymous_client.get("/api/v1/events/renamed/agenda/").json()["event"] == "renamed"


def test_cached_agenda_served_without_rebuilding(anonymous_client, event, agenda):
    url = f"/api/v1/events/{event.slug}/agenda/"
    first = anonymous_client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        second = anonymous_client.get(url)
    assert second.content == first.content
    assert len(ctx.captured_queries) == 1  # the event row (visibility, version); no sessions


def test_agenda_still_served_when_cache_fails(anonymous_client, event, agenda, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    response = anonymous_client.get(f"/api/v1/events/{event.slug}/agenda/")
    assert response.status_code == 200
    assert len(response.json()["days"]) == 2
