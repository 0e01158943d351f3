"""The agenda's one path: the serializers' output kept whole in the cache per agenda
version (bumped by the services) and language, with an ETag for conditional GETs. Every
change through a service shows on the next read; visibility is checked on every read."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from programmes import services
from programmes.api.serializers import AgendaSerializer
from programmes.enums import EventStatus, SessionStatus
from programmes.models import Event
from programmes.selectors import event_agenda
from scheduling import services as scheduling_services
from scheduling.enums import RunStatus
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory
from tests.factories.scheduling import ScheduleRunFactory, SessionRequestFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))
HEADERS = ("Content-Type", "ETag", "Allow", "Vary")


@pytest.fixture
def agenda(event):
    hall = VenueFactory(organisation=event.organisation, name="KNUA Hall", city="Seoul")
    hanoi = VenueFactory(
        organisation=event.organisation,
        name="Opera House",
        city="Hanoi",
        country="VN",
        time_zone="Asia/Ho_Chi_Minh",
    )
    speaker = PersonFactory(organisation=event.organisation, name="Kim Min-ji", country="")
    opening = SessionFactory(
        event=event,
        venue=hall,
        title="Opening",
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 10, 0, tzinfo=SEOUL),
    )
    opening.speakers.add(
        speaker, PersonFactory(organisation=event.organisation, name="Somchai P.", country="TH")
    )
    SessionFactory(
        event=event,
        venue=hanoi,
        title="Lecture",
        capacity=30,
        description="Bring water.",
        starts_at=dt.datetime(2027, 7, 6, 14, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 6, 15, 0, tzinfo=SEOUL),
    )
    SessionFactory(
        event=event,
        venue=None,
        title="Walk",
        status=SessionStatus.CANCELLED,
        starts_at=dt.datetime(2027, 7, 6, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 6, 10, 0, tzinfo=SEOUL),
    )
    return hall, speaker, opening


def _url(event) -> str:
    return f"/api/v1/events/{event.slug}/agenda/"


def _serialized(event) -> dict:
    """What the documented serializer makes of the agenda, as JSON reads it back."""
    event = Event.objects.get(pk=event.pk)
    data = AgendaSerializer(
        {"event": event.slug, "time_zone": event.time_zone, "days": event_agenda(event)}
    ).data
    return json.loads(JSONRenderer().render(data))


def _sessions(client, event) -> list[tuple]:
    """(title, status, venue name, speaker names, starts_at) of each session."""
    response = client.get(_url(event))
    assert response.status_code == 200
    return [
        (
            s["title"],
            s["status"],
            s["venue"] and s["venue"]["name"],
            [p["name"] for p in s["speakers"]],
            s["starts_at"],
        )
        for d in response.json()["days"]
        for s in d["sessions"]
    ]


def test_response_is_the_serializers_output_on_miss_and_hit(anonymous_client, event, agenda):
    miss = anonymous_client.get(_url(event))
    hit = anonymous_client.get(_url(event))
    assert miss.json() == _serialized(event)
    assert (hit.status_code, hit.content) == (200, miss.content)
    assert [hit.headers.get(h) for h in HEADERS] == [miss.headers.get(h) for h in HEADERS]
    assert hit["Content-Type"] == "application/json"
    assert hit["Allow"] == "GET, HEAD, OPTIONS"
    assert "Accept" in hit["Vary"]
    assert [len(d["sessions"]) for d in hit.json()["days"]] == [1, 2]


def test_repeat_read_costs_one_query_whatever_the_sessions(
    anonymous_client, event, agenda, django_assert_num_queries
):
    anonymous_client.get(_url(event))
    with django_assert_num_queries(1):  # the event row: its visibility and its version
        anonymous_client.get(_url(event))
    hall = agenda[0]
    for hour in range(11, 20):
        services.session_create(
            event=event,
            title=f"Talk {hour}",
            kind="lecture",
            venue=hall,
            starts_at=dt.datetime(2027, 7, 7, hour, 0, tzinfo=SEOUL),
            ends_at=dt.datetime(2027, 7, 7, hour, 30, tzinfo=SEOUL),
        )
    miss = anonymous_client.get(_url(event))
    assert len(miss.json()["days"][2]["sessions"]) == 9
    with django_assert_num_queries(1):
        assert anonymous_client.get(_url(event)).content == miss.content


def test_signed_in_readers_get_the_same_public_agenda(
    anonymous_client, organiser_client, other_organiser_client, event, agenda
):
    body = anonymous_client.get(_url(event)).content
    for client in (organiser_client, other_organiser_client):
        response = client.get(_url(event))
        assert (response.status_code, response.content) == (200, body)


def test_conditional_get_answers_304_until_a_service_changes_the_agenda(
    anonymous_client, event, agenda
):
    first = anonymous_client.get(_url(event))
    etag = first["ETag"]
    same = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=etag)
    assert (same.status_code, same.content, same["ETag"]) == (304, b"", etag)
    cache.clear()  # the ETag is the version, not the cache entry: still 304
    assert anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=etag).status_code == 304
    other = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH='"something-else"')
    assert (other.status_code, other.content) == (200, first.content)

    services.session_update(session=agenda[2], data={"title": "Welcome"})
    changed = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["days"][0]["sessions"][0]["title"] == "Welcome"
    assert anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_each_language_has_its_own_entry_with_the_same_body(anonymous_client, event, agenda):
    english = anonymous_client.get(_url(event), HTTP_ACCEPT_LANGUAGE="en")
    korean = anonymous_client.get(_url(event), HTTP_ACCEPT_LANGUAGE="ko")
    assert english.content == korean.content
    assert english["ETag"] != korean["ETag"]


def test_browsable_api_is_answered_without_the_cache(anonymous_client, event, agenda):
    response = anonymous_client.get(_url(event), HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "ETag" not in response
    assert b"Opening" in response.content


def test_bad_token_is_still_refused_with_a_warm_cache(anonymous_client, event, agenda):
    anonymous_client.get(_url(event))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(_url(event)).status_code == 401


def test_draft_is_checked_on_every_read(
    anonymous_client, organiser_client, other_organiser_client, organisation
):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    SessionFactory(event=draft, title="Secret rehearsal")
    # A member reads it (filling the versioned entry); the others still get 404.
    assert organiser_client.get(_url(draft)).json()["days"][0]["sessions"][0]["title"] == (
        "Secret rehearsal"
    )
    assert anonymous_client.get(_url(draft)).status_code == 404
    assert other_organiser_client.get(_url(draft)).status_code == 404


def test_published_event_turned_back_to_draft_is_hidden_at_once(
    anonymous_client, organiser_client, event, agenda
):
    assert anonymous_client.get(_url(event)).status_code == 200
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)  # e.g. by hand
    assert anonymous_client.get(_url(event)).status_code == 404
    assert organiser_client.get(_url(event)).status_code == 200


def test_publish_and_cancel_show_at_once(anonymous_client, organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert anonymous_client.get(_url(draft)).status_code == 404
    services.event_publish(event=draft)
    assert anonymous_client.get(_url(draft)).status_code == 200
    services.event_cancel(event=draft)
    assert anonymous_client.get(_url(draft)).status_code == 200  # cancelled stays public


def test_event_update_and_rename_show_at_once(anonymous_client, organiser_client, event, agenda):
    assert anonymous_client.get(_url(event)).json()["time_zone"] == "Asia/Seoul"
    services.event_update(event=event, data={"time_zone": "Asia/Tokyo"})
    assert anonymous_client.get(_url(event)).json() == _serialized(event)
    assert anonymous_client.get(_url(event)).json()["time_zone"] == "Asia/Tokyo"

    old = _url(event)
    response = organiser_client.patch(f"/api/v1/events/{event.slug}/", {"slug": "renamed-event"})
    assert response.status_code == 200, response.content
    assert anonymous_client.get(old).status_code == 404
    renamed = anonymous_client.get("/api/v1/events/renamed-event/agenda/").json()
    assert renamed["event"] == "renamed-event"
    assert {s["event"] for d in renamed["days"] for s in d["sessions"]} == {"renamed-event"}


def test_deleted_event_is_gone_at_once(anonymous_client, organiser_client, organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert organiser_client.get(_url(draft)).status_code == 200
    services.event_delete(event=draft)
    assert organiser_client.get(_url(draft)).status_code == 404


def test_every_session_service_shows_on_the_next_read(
    anonymous_client, organiser_client, event, agenda
):
    hall, speaker, opening = agenda
    assert _sessions(anonymous_client, event)[0] == (
        "Opening",
        "confirmed",
        "KNUA Hall",
        ["Kim Min-ji", "Somchai P."],
        "2027-07-05T09:00:00+09:00",
    )

    def titles():
        return [t for t, *_ in _sessions(anonymous_client, event)]

    created = organiser_client.post(
        "/api/v1/sessions/",
        {
            "event": event.slug,
            "title": "Keynote",
            "kind": "lecture",
            "status": "tentative",
            "starts_at": "2027-07-08T09:00:00",
            "ends_at": "2027-07-08T10:30:00",
        },
    )
    assert created.status_code == 201, created.content
    assert titles() == ["Opening", "Walk", "Lecture", "Keynote"]
    keynote = created.json()["id"]

    moved = organiser_client.patch(
        f"/api/v1/sessions/{keynote}/",
        {
            "title": "Big keynote",
            "starts_at": "2027-07-08T11:00:00",
            "ends_at": "2027-07-08T12:00:00",
        },
    )
    assert moved.status_code == 200, moved.content
    assert _sessions(anonymous_client, event)[3][0::4] == (
        "Big keynote",
        "2027-07-08T11:00:00+09:00",
    )

    assert organiser_client.post(f"/api/v1/sessions/{keynote}/confirm/").status_code == 200
    assert _sessions(anonymous_client, event)[3][1] == SessionStatus.CONFIRMED
    assert organiser_client.post(f"/api/v1/sessions/{keynote}/cancel/").status_code == 200
    assert _sessions(anonymous_client, event)[3][1] == SessionStatus.CANCELLED

    event.status = EventStatus.DRAFT  # only a draft's live sessions may be deleted outright
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    assert organiser_client.delete(f"/api/v1/sessions/{opening.pk}/").status_code == 204
    assert "Opening" not in [t for t, *_ in _sessions(organiser_client, event)]
    assert organiser_client.get(_url(event)).json() == _serialized(event)


def test_venue_and_speaker_services_show_on_the_next_read(
    anonymous_client, organiser_client, event, agenda
):
    hall, speaker, opening = agenda
    _sessions(anonymous_client, event)

    assert (
        organiser_client.patch(f"/api/v1/venues/{hall.pk}/", {"name": "Grand Hall"}).status_code
        == 200
    )
    assert _sessions(anonymous_client, event)[0][2] == "Grand Hall"

    renamed = organiser_client.patch(f"/api/v1/people/{speaker.pk}/", {"name": "Kim M."})
    assert renamed.status_code == 200
    assert "Kim M." in _sessions(anonymous_client, event)[0][3]

    services.session_update(session=opening, data={}, speakers=[speaker])
    assert _sessions(anonymous_client, event)[0][3] == ["Kim M."]

    assert organiser_client.delete(f"/api/v1/people/{speaker.pk}/").status_code == 204
    assert _sessions(anonymous_client, event)[0][3] == []
    assert anonymous_client.get(_url(event)).json() == _serialized(event)


def test_accepting_a_schedule_proposal_shows_at_once(anonymous_client, organiser_client, event):
    hall = VenueFactory(organisation=event.organisation, name="KNUA Hall")
    request = SessionRequestFactory(event=event, title="Solver's keynote")
    run = ScheduleRunFactory(event=event, status=RunStatus.SUCCEEDED)
    run.placements.create(
        request=request,
        venue=hall,
        starts_at=dt.datetime(2027, 7, 5, 11, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 12, 0, tzinfo=SEOUL),
    )
    assert anonymous_client.get(_url(event)).json()["days"] == []
    scheduling_services.proposal_accept(run=run, by=organiser_client.user)
    assert _sessions(anonymous_client, event) == [
        ("Solver's keynote", "confirmed", "KNUA Hall", [], "2027-07-05T11:00:00+09:00")
    ]


def test_event_page_agenda_uses_the_same_version(event, agenda):
    client = Client()
    assert "Opening" in client.get(f"/events/{event.slug}/").content.decode()
    services.session_update(session=agenda[2], data={"title": "Grand welcome"})
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "Grand welcome" in page and "Opening" not in page


def test_cache_outage_falls_back_to_the_database(anonymous_client, event, agenda, monkeypatch):
    body = anonymous_client.get(_url(event)).content

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache, name, broken)
    response = anonymous_client.get(_url(event))
    assert (response.status_code, response.content) == (200, body)
    services.event_cancel(event=event)  # a write still succeeds


def test_admin_venue_rename_and_speaker_delete_show_at_once(
    anonymous_client, admin_client, event, agenda
):
    hall, speaker, opening = agenda
    _sessions(anonymous_client, event)
    response = admin_client.post(
        f"/admin/programmes/venue/{hall.pk}/change/",
        {
            "organisation": event.organisation.pk,
            "name_en": "Grand Hall",  # each language's column (TranslationAdmin)
            "address_en": "",
            "city": "Seoul",
            "country": "KR",
            "time_zone": "Asia/Seoul",
            "capacity": 200,
            "opens_at": "08:00",
            "closes_at": "22:00",
        },
    )
    assert response.status_code == 302
    assert _sessions(anonymous_client, event)[0][2] == "Grand Hall"

    response = admin_client.post(f"/admin/programmes/person/{speaker.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _sessions(anonymous_client, event)[0][3] == ["Somchai P."]
