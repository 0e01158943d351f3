"""The anonymous event list is the serializers' output kept whole in the cache per list
version (bumped by the services), language and query, with an ETag: no SQL on a hit,
every change through a service visible on the next read, signed-in readers and
clock-bound answers never taken from it."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer

from programmes import services
from programmes.api.serializers import EventSerializer
from programmes.enums import EventStatus
from programmes.models import Event
from programmes.selectors import with_event_relations
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    OrganisationFactory,
    ProgrammeFactory,
)

URL = "/api/v1/events/"
HEADERS = ("Content-Type", "Allow", "Vary", "ETag")


@pytest.fixture
def client():
    return Client()  # a plain client: no forced authentication, like a browser or curl


def _titles(client, query: str = "") -> list[str]:
    response = client.get(URL + query)
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["results"]]


def _row(client, event) -> dict:
    return next(r for r in client.get(URL).json()["results"] if r["slug"] == event.slug)


def _serialized(*events) -> list[dict]:
    """What the documented serializer makes of these events, as JSON reads it back."""
    rows = with_event_relations(Event.objects.filter(pk__in=[e.pk for e in events])).order_by(
        "start_date", "title", "pk"
    )
    return json.loads(JSONRenderer().render(EventSerializer(rows, many=True).data))


def _full_event(organisation, **fields) -> Event:
    event = EventFactory(
        organisation=organisation,
        programme=ProgrammeFactory(organisation=organisation),
        applications_open_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
        applications_close_at=dt.datetime(2027, 4, 1, tzinfo=dt.UTC),
        eligible_countries=["KR", "VN", "TH"],
        min_age=18,
        max_age=29,
        **fields,
    )
    event.co_organisers.add(OrganisationFactory())
    event.partners.add(OrganisationFactory())
    LegFactory(event=event)
    CountryQuotaFactory(event=event)
    return event


def test_response_is_the_serializers_output_on_miss_and_hit(client, organiser_client, organisation):
    full = _full_event(organisation)
    bare = EventFactory(host_country="VN", time_zone="Asia/Ho_Chi_Minh")
    miss = client.get(URL)
    hit = client.get(URL)
    assert miss.json()["results"] == _serialized(full, bare)
    assert (hit.status_code, hit.content) == (200, miss.content)
    assert [hit.headers.get(h) for h in HEADERS] == [miss.headers.get(h) for h in HEADERS]
    assert hit["Content-Type"] == "application/json"
    # Signed in: the same rows, never from the anonymous cache.
    assert organiser_client.get(URL).json()["results"] == _serialized(full, bare)
    detail = client.get(f"{URL}{full.slug}/")
    assert detail.json() == _serialized(full)[0]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_one_and_many_rows(
    client, organiser_client, organisation, django_assert_num_queries
):
    url = URL + "?page_size=100"
    _full_event(organisation)
    one = _queries(client, url), _queries(organiser_client, url)
    with django_assert_num_queries(0):  # an anonymous hit
        client.get(url)
    for _ in range(9):
        _full_event(organisation)
    cache.clear()  # the factories wrote without a service's bump
    assert (_queries(client, url), _queries(organiser_client, url)) == one
    assert len(client.get(url).json()["results"]) == 10
    with django_assert_num_queries(0):
        client.get(url)


def test_each_query_is_cached_apart(client, organisation):
    EventFactory(organisation=organisation, title="Forum", kind="forum")
    EventFactory(organisation=organisation, title="Workshop", kind="workshop")
    assert _titles(client, "?kind=forum") == ["Forum"]
    assert _titles(client, "?kind=workshop") == ["Workshop"]
    assert sorted(_titles(client)) == ["Forum", "Workshop"]
    assert client.get(URL + "?kind=nonsense").status_code == 400
    assert client.get(URL + "?page=9").status_code == 404


def test_members_still_see_their_drafts(client, organiser_client, organisation, event):
    EventFactory(organisation=organisation, title="Secret draft", status=EventStatus.DRAFT)
    assert "Secret draft" not in _titles(client)
    titles = [r["title"] for r in organiser_client.get(URL).json()["results"]]
    assert "Secret draft" in titles
    # A signed-in browser (session cookie) is not answered from the anonymous cache either.
    client.force_login(organiser_client.user)
    assert "Secret draft" in _titles(client)


def test_every_service_shows_on_the_next_read(
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

    leg = services.leg_create(
        event=event,
        city="Busan",
        country="KR",
        start_date=event.start_date,
        end_date=event.start_date,
    )
    assert [leg["city"] for leg in _row(client, event)["legs"]] == ["Busan"]
    services.leg_update(leg=leg, data={"city": "Daegu"})
    assert [leg["city"] for leg in _row(client, event)["legs"]] == ["Daegu"]
    services.leg_delete(leg=leg)
    assert _row(client, event)["legs"] == []

    quota = organiser_client.post(
        "/api/v1/quotas/", {"event": event.slug, "country": "KR", "minimum": 1, "maximum": 5}
    )
    assert quota.status_code == 201, quota.content
    assert [q["maximum"] for q in _row(client, event)["quotas"]] == [5]
    assert (
        organiser_client.patch(f"/api/v1/quotas/{quota.json()['id']}/", {"maximum": 7}).status_code
        == 200
    )
    assert [q["maximum"] for q in _row(client, event)["quotas"]] == [7]
    assert organiser_client.delete(f"/api/v1/quotas/{quota.json()['id']}/").status_code == 204
    assert _row(client, event)["quotas"] == []

    partner = OrganisationFactory(slug="partner-org")
    services.event_update(event=event, data={"partners": [partner]})
    assert _row(client, event)["partners"] == ["partner-org"]

    services.organisation_update(organisation=organisation, data={"name": "Renamed Centre"})
    assert _row(client, event)["organisation"]["name"] == "Renamed Centre"

    programme = ProgrammeFactory(organisation=organisation, title="Youth")
    services.event_update(event=event, data={"programme": programme})
    assert _row(client, event)["programme"]["title"] == "Youth"
    services.programme_update(programme=programme, data={"title": "Youth Network"})
    assert _row(client, event)["programme"]["title"] == "Youth Network"
    services.programme_delete(programme=programme)
    assert _row(client, event)["programme"] is None

    services.event_cancel(event=draft)
    assert _row(client, draft)["status"] == EventStatus.CANCELLED
    assert client.get(URL).json()["results"] == _serialized(event, draft)


def test_deleting_a_draft_shows_at_once_to_its_members(organiser_client, organisation):
    draft = services.event_create(
        organisation=organisation,
        title="Short-lived",
        kind="forum",
        host_country="VN",
        start_date=dt.date(2027, 8, 1),
        end_date=dt.date(2027, 8, 2),
        time_zone="Asia/Ho_Chi_Minh",
    )
    assert "Short-lived" in _titles(organiser_client)
    services.event_delete(event=draft)
    assert "Short-lived" not in _titles(organiser_client)


def test_conditional_get_answers_304_until_a_service_changes_the_list(client, event):
    first = client.get(URL)
    etag = first["ETag"]
    same = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert (same.status_code, same.content, same["ETag"]) == (304, b"", etag)

    services.event_update(event=event, data={"title": "Renamed"})
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert [r["title"] for r in changed.json()["results"]] == ["Renamed"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_phase_follows_the_clock_not_the_cache(client, organisation):
    opens = dt.datetime(2027, 3, 1, 0, 0, tzinfo=dt.UTC)
    EventFactory(
        organisation=organisation,
        applications_open_at=opens,
        applications_close_at=opens + dt.timedelta(days=30),
    )
    with time_machine.travel(opens - dt.timedelta(seconds=30), tick=False):
        before = client.get(URL)
        assert before.json()["results"][0]["applications_open"] is False
        assert client.get(URL).content == before.content  # a hit
    with time_machine.travel(opens + dt.timedelta(seconds=1), tick=False):
        after = client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"])
        assert after.status_code == 200
        assert after.json()["results"][0]["applications_open"] is True


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


def test_admin_programme_and_organisation_changes_show_at_once(client, admin_client, organisation):
    programme = ProgrammeFactory(organisation=organisation, title="Youth")
    event = EventFactory(organisation=organisation, programme=programme)
    assert _row(client, event)["programme"]["title"] == "Youth"
    response = admin_client.post(
        f"/admin/programmes/programme/{programme.pk}/change/",
        {
            "organisation": organisation.pk,
            "title_en": "Youth Network",  # each language's column (TranslationAdmin)
            "slug": programme.slug,
            "description_en": "",
        },
    )
    assert response.status_code == 302
    assert _row(client, event)["programme"]["title"] == "Youth Network"

    response = admin_client.post(
        f"/admin/programmes/organisation/{organisation.pk}/change/",
        {
            "name": "Renamed Centre",
            "slug": organisation.slug,
            "country": organisation.country.code,
            "kind": organisation.kind,
            "website": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert _row(client, event)["organisation"]["name"] == "Renamed Centre"
