"""The anonymous event list is served from the cache: no SQL on a hit, every change to
what a row shows visible on the next read, signed-in readers and clock-bound answers
never taken from it."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from programmes import services
from programmes.enums import EventStatus
from tests.factories.programmes import EventFactory, LegFactory, OrganisationFactory

URL = "/api/v1/events/"
HEADERS = ("Content-Type", "Allow", "Vary")


@pytest.fixture
def client():
    return Client()  # a plain client: no forced authentication, like a browser or curl


def _titles(client, query: str = "") -> list[str]:
    response = client.get(URL + query)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def _row(client, event) -> dict:
    return next(r for r in client.get(URL).json()["results"] if r["slug"] == event.slug)


def test_hit_makes_no_query_and_answers_like_the_miss(client, event, django_assert_num_queries):
    EventFactory.create_batch(3, organisation=event.organisation)
    miss = client.get(URL)
    with django_assert_num_queries(0):
        hit = client.get(URL)
    assert (hit.status_code, hit.content) == (200, miss.content)
    assert [hit.headers.get(h) for h in HEADERS] == [miss.headers.get(h) for h in HEADERS]
    assert hit.json()["count"] == 4


def test_each_query_is_cached_apart(client, organisation):
    EventFactory(organisation=organisation, title="Forum", kind="forum")
    EventFactory(organisation=organisation, title="Workshop", kind="workshop")
    assert _titles(client, "?kind=forum") == ["Forum"]
    assert _titles(client, "?kind=workshop") == ["Workshop"]
    assert sorted(_titles(client)) == ["Forum", "Workshop"]
    assert client.get(URL + "?kind=nonsense").status_code == 400


def test_members_still_see_their_drafts(client, organiser_client, organisation, event):
    EventFactory(organisation=organisation, title="Secret draft", status=EventStatus.DRAFT)
    assert "Secret draft" not in _titles(client)
    titles = [r["title"] for r in organiser_client.get(URL).json()["results"]]
    assert "Secret draft" in titles
    # A signed-in browser (session cookie) is not answered from the anonymous cache either.
    client.force_login(organiser_client.user)
    assert "Secret draft" in _titles(client)


def test_every_kind_of_change_shows_on_the_next_read(
    client, organiser_client, organisation, event, django_assert_num_queries
):
    _titles(client)
    draft = services.event_create(
        organisation=organisation,
        title="New forum",
        kind="forum",
        host_country="VN",
        start_date=dt.date(2027, 8, 1),
        end_date=dt.date(2027, 8, 2),
        time_zone="Asia/Ho_Chi_Minh",
    )
    assert "New forum" not in _titles(client)
    with django_assert_num_queries(0):
        client.get(URL)

    services.event_publish(event=draft)
    assert "New forum" in _titles(client)

    services.event_update(event=event, data={"title": "Renamed workshop"})
    assert "Renamed workshop" in _titles(client)

    LegFactory(event=event, city="Busan")
    assert [leg["city"] for leg in _row(client, event)["legs"]] == ["Busan"]

    quota = organiser_client.post(
        "/api/v1/quotas/", {"event": event.slug, "country": "KR", "minimum": 1, "maximum": 5}
    )
    assert quota.status_code == 201, quota.content
    assert [q["country"] for q in _row(client, event)["quotas"]] == ["KR"]

    partner = OrganisationFactory(slug="partner-org")
    event.partners.add(partner)
    assert _row(client, event)["partners"] == ["partner-org"]

    organisation.name = "Renamed Centre"
    organisation.save()
    assert _row(client, event)["organisation"]["name"] == "Renamed Centre"

    services.event_cancel(event=draft)
    assert _row(client, draft)["status"] == EventStatus.CANCELLED
    draft.delete()
    assert "New forum" not in _titles(client)


def test_phase_follows_the_clock_not_the_cache(client, organisation):
    opens = dt.datetime(2027, 3, 1, 0, 0, tzinfo=dt.UTC)
    EventFactory(
        organisation=organisation,
        applications_open_at=opens,
        applications_close_at=opens + dt.timedelta(days=30),
    )
    with time_machine.travel(opens - dt.timedelta(seconds=30), tick=False):
        assert client.get(URL).json()["results"][0]["applications_open"] is False
        assert client.get(URL).json()["results"][0]["applications_open"] is False  # a hit
    with time_machine.travel(opens + dt.timedelta(seconds=1), tick=False):
        assert client.get(URL).json()["results"][0]["applications_open"] is True


def test_open_now_filter_is_never_cached(client, organisation, django_assert_max_num_queries):
    EventFactory(organisation=organisation)
    client.get(URL + "?open_now=true")
    with django_assert_max_num_queries(10) as ctx:
        client.get(URL + "?open_now=true")
    assert len(ctx.captured_queries) > 0


def test_cache_outage_falls_back_to_the_database(client, event, monkeypatch):
    body = client.get(URL).content

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache, name, broken)
    response = client.get(URL)
    assert (response.status_code, response.content) == (200, body)
    services.event_update(event=event, data={"title": "Still writable"})
