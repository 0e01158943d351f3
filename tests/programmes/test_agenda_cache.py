"""The agenda's cache-first path: a hit costs no SQL, every change shows on the next read,
and drafts are never served from the cache."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from programmes import services
from programmes.enums import EventStatus, SessionStatus
from programmes.models import LOCAL_AGENDA_ENTRIES, agenda_entry_key
from tests.factories.programmes import EventFactory, PersonFactory, SessionFactory, VenueFactory

SEOUL = dt.timezone(dt.timedelta(hours=9))
HEADERS = ("Content-Type", "ETag", "Allow", "Vary")


@pytest.fixture
def agenda(event):
    hall = VenueFactory(organisation=event.organisation, name="KNUA Hall", city="Seoul")
    speaker = PersonFactory(organisation=event.organisation, name="Kim Min-ji")
    opening = SessionFactory(
        event=event,
        venue=hall,
        title="Opening",
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 10, 0, tzinfo=SEOUL),
    )
    opening.speakers.add(speaker)
    return hall, speaker, opening


def _url(event) -> str:
    return f"/api/v1/events/{event.slug}/agenda/"


def _sessions(client, event) -> list[tuple]:
    """(title, status, venue name, speaker names, starts_at) of each session, read warm."""
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


def _hit_without_sql(client, event, django_assert_num_queries):
    with django_assert_num_queries(0):
        return client.get(_url(event))


def test_hit_makes_no_query_and_answers_like_the_miss(
    anonymous_client, event, agenda, django_assert_num_queries
):
    miss = anonymous_client.get(_url(event))
    hit = _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    assert (hit.status_code, hit.content) == (200, miss.content)
    assert [hit.headers.get(h) for h in HEADERS] == [miss.headers.get(h) for h in HEADERS]
    assert hit["Allow"] == "GET, HEAD, OPTIONS"
    assert "Accept" in hit["Vary"]


def test_hit_query_count_does_not_grow_with_sessions(
    anonymous_client, event, agenda, django_assert_num_queries
):
    hall = agenda[0]
    for hour in range(11, 20):
        SessionFactory(
            event=event,
            venue=hall,
            starts_at=dt.datetime(2027, 7, 6, hour, 0, tzinfo=SEOUL),
            ends_at=dt.datetime(2027, 7, 6, hour, 30, tzinfo=SEOUL),
        )
    anonymous_client.get(_url(event))
    response = _hit_without_sql(anonymous_client, event, django_assert_num_queries)
    assert len(response.json()["days"][1]["sessions"]) == 9


def test_signed_in_readers_get_the_same_public_agenda(
    anonymous_client, organiser_client, other_organiser_client, event, agenda
):
    body = anonymous_client.get(_url(event)).content
    for client in (organiser_client, other_organiser_client):
        response = client.get(_url(event))
        assert (response.status_code, response.content) == (200, body)


def test_conditional_get_answers_304_on_hit_and_miss(anonymous_client, event, agenda):
    first = anonymous_client.get(_url(event))
    etag = first["ETag"]
    hit = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=etag)
    assert (hit.status_code, hit.content, hit["ETag"]) == (304, b"", etag)

    cache.delete(agenda_entry_key(event.slug))
    LOCAL_AGENDA_ENTRIES.clear()
    miss = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH=etag)
    assert (miss.status_code, miss["ETag"]) == (304, etag)
    stale = anonymous_client.get(_url(event), HTTP_IF_NONE_MATCH='"something-else"')
    assert (stale.status_code, stale.content) == (200, first.content)


def test_bad_token_is_still_refused_with_a_warm_cache(anonymous_client, event, agenda):
    anonymous_client.get(_url(event))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(_url(event)).status_code == 403  # DRF refuses, as without the cache


def test_draft_never_served_from_cache(
    anonymous_client, organiser_client, other_organiser_client, organisation, agenda
):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    SessionFactory(
        event=draft,
        title="Secret rehearsal",
        starts_at=dt.datetime(2027, 7, 5, 9, 0, tzinfo=SEOUL),
        ends_at=dt.datetime(2027, 7, 5, 10, 0, tzinfo=SEOUL),
    )
    # A member reads it (filling the versioned body cache), the public still gets 404.
    assert organiser_client.get(_url(draft)).status_code == 200
    assert cache.get(agenda_entry_key(draft.slug)) is None
    assert anonymous_client.get(_url(draft)).status_code == 404
    assert other_organiser_client.get(_url(draft)).status_code == 404

    # Even an entry claiming "draft" (written by a racing fill) is not served.
    cache.set(agenda_entry_key(draft.slug), (EventStatus.DRAFT, organisation.pk, '"x"'))
    assert anonymous_client.get(_url(draft)).status_code == 404


def test_published_event_turned_back_to_draft_is_hidden_at_once(
    anonymous_client, organiser_client, event, agenda
):
    assert anonymous_client.get(_url(event)).status_code == 200
    event.status = EventStatus.DRAFT
    event.save(update_fields=["status"])  # e.g. the admin
    assert anonymous_client.get(_url(event)).status_code == 404
    assert organiser_client.get(_url(event)).status_code == 200


def test_publish_and_cancel_refresh_the_entry(anonymous_client, organisation):
    draft = EventFactory(organisation=organisation, status=EventStatus.DRAFT)
    assert anonymous_client.get(_url(draft)).status_code == 404
    services.event_publish(event=draft)
    assert anonymous_client.get(_url(draft)).status_code == 200
    assert cache.get(agenda_entry_key(draft.slug))[0] == EventStatus.PUBLISHED
    services.event_cancel(event=draft)
    assert cache.get(agenda_entry_key(draft.slug)) is None
    assert anonymous_client.get(_url(draft)).status_code == 200  # cancelled stays public
    assert cache.get(agenda_entry_key(draft.slug))[0] == EventStatus.CANCELLED


def test_event_update_and_rename_show_at_once(anonymous_client, organiser_client, event, agenda):
    assert anonymous_client.get(_url(event)).json()["time_zone"] == "Asia/Seoul"
    services.event_update(event=event, data={"time_zone": "Asia/Tokyo"})
    assert anonymous_client.get(_url(event)).json()["time_zone"] == "Asia/Tokyo"

    old = _url(event)
    response = organiser_client.patch(f"/api/v1/events/{event.slug}/", {"slug": "renamed-event"})
    assert response.status_code == 200, response.content
    assert anonymous_client.get(old).status_code == 404
    assert anonymous_client.get("/api/v1/events/renamed-event/agenda/").json()["event"] == (
        "renamed-event"
    )


def test_deleted_event_is_gone_at_once(anonymous_client, organisation):
    event = EventFactory(organisation=organisation, status=EventStatus.CANCELLED)
    assert anonymous_client.get(_url(event)).status_code == 200
    event.delete()
    assert anonymous_client.get(_url(event)).status_code == 404


def test_every_session_change_shows_on_the_next_read(
    anonymous_client, organiser_client, event, agenda, django_assert_num_queries
):
    hall, speaker, opening = agenda
    assert _sessions(anonymous_client, event) == [
        ("Opening", "confirmed", "KNUA Hall", ["Kim Min-ji"], "2027-07-05T09:00:00+09:00")
    ]

    created = organiser_client.post(
        "/api/v1/sessions/",
        {
            "event": event.slug,
            "title": "Keynote",
            "kind": "lecture",
            "starts_at": "2027-07-06T09:00:00",
            "ends_at": "2027-07-06T10:30:00",
        },
    )
    assert created.status_code == 201, created.content
    assert [t for t, *_ in _sessions(anonymous_client, event)] == ["Opening", "Keynote"]
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    keynote = created.json()["id"]
    moved = organiser_client.patch(
        f"/api/v1/sessions/{keynote}/",
        {
            "title": "Big keynote",
            "starts_at": "2027-07-06T11:00:00",
            "ends_at": "2027-07-06T12:00:00",
        },
    )
    assert moved.status_code == 200, moved.content
    assert _sessions(anonymous_client, event)[1][0::4] == (
        "Big keynote",
        "2027-07-06T11:00:00+09:00",
    )
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    assert organiser_client.post(f"/api/v1/sessions/{keynote}/cancel/").status_code == 200
    assert _sessions(anonymous_client, event)[1][:2] == ("Big keynote", SessionStatus.CANCELLED)
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    assert organiser_client.delete(f"/api/v1/sessions/{keynote}/").status_code == 204
    assert [t for t, *_ in _sessions(anonymous_client, event)] == ["Opening"]
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)


def test_venue_and_speaker_renames_show_on_the_next_read(
    anonymous_client, organiser_client, event, agenda, django_assert_num_queries
):
    hall, speaker, opening = agenda
    _sessions(anonymous_client, event)
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    assert (
        organiser_client.patch(f"/api/v1/venues/{hall.pk}/", {"name": "Grand Hall"}).status_code
        == 200
    )
    assert _sessions(anonymous_client, event)[0][2] == "Grand Hall"
    _hit_without_sql(anonymous_client, event, django_assert_num_queries)

    renamed = organiser_client.patch(f"/api/v1/people/{speaker.pk}/", {"name": "Kim M."})
    assert renamed.status_code == 200
    assert _sessions(anonymous_client, event)[0][3] == ["Kim M."]

    opening.speakers.remove(speaker)
    assert _sessions(anonymous_client, event)[0][3] == []


def test_cache_outage_falls_back_to_the_database(anonymous_client, event, agenda, monkeypatch):
    body = anonymous_client.get(_url(event)).content

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "delete_many"):
        monkeypatch.setattr(cache, name, broken)
    response = anonymous_client.get(_url(event))
    assert (response.status_code, response.content) == (200, body)
    services.event_cancel(event=event)  # a write still succeeds
