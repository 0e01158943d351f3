import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.caching import event_list_bump_version
from programmes.enums import EventKind, EventStatus
from programmes.models import Event
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    OrganisationFactory,
    ProgrammeFactory,
    seoul_hanoi_legs,
)

NOW = dt.datetime(2027, 3, 15, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def workshop(organisation):
    programme = ProgrammeFactory(
        organisation=organisation, title="ASEAN-Korea Youth Network Workshop", slug="aknw"
    )
    event = EventFactory(
        organisation=organisation,
        programme=programme,
        slug="aknw-2027",
        title="ASEAN-Korea Youth Network Workshop 2027",
        theme="Culture and youth",
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 13),
        applications_open_at=dt.datetime(2027, 3, 1, 0, 0, tzinfo=dt.UTC),
        applications_close_at=dt.datetime(2027, 4, 1, 0, 0, tzinfo=dt.UTC),
        min_age=18,
        max_age=29,
        eligible_countries=["KR", "VN"],
        eligible_residence_countries=["KR"],
    )
    seoul_hanoi_legs(event)
    CountryQuotaFactory(event=event, country="VN", minimum=2, maximum=4)
    return event


@time_machine.travel(NOW, tick=False)
def test_event_detail_whole_body(anonymous_client, workshop):
    response = anonymous_client.get("/api/v1/events/aknw-2027/")

    assert response.status_code == 200
    legs = list(workshop.legs.order_by("start_date"))
    quota = workshop.quotas.get()
    assert response.json() == {
        "id": workshop.pk,
        "slug": "aknw-2027",
        "title": "ASEAN-Korea Youth Network Workshop 2027",
        "kind": "workshop",
        "status": "published",
        "phase": "applications_open",
        "organisation": {"slug": workshop.organisation.slug, "name": workshop.organisation.name},
        "programme": {
            "id": workshop.programme.pk,
            "slug": "aknw",
            "title": "ASEAN-Korea Youth Network Workshop",
        },
        "co_organisers": [],
        "partners": [],
        "theme": "Culture and youth",
        "summary": "Lectures, site visits, team missions and cultural exchanges.",
        "description": "",
        "working_languages": ["en"],
        "host_country": "KR",
        "start_date": "2027-07-05",
        "end_date": "2027-07-13",
        "time_zone": "Asia/Seoul",
        "capacity": 48,
        "applications_open": True,
        # Shown in the event's zone: 00:00 UTC is 09:00 in Seoul.
        "applications_open_at": "2027-03-01T09:00:00+09:00",
        "applications_close_at": "2027-04-01T09:00:00+09:00",
        "min_age": 18,
        "max_age": 29,
        "eligible_countries": ["KR", "VN"],
        "eligible_residence_countries": ["KR"],
        "attendance_mode": "in_person",
        "online_url": "",
        "legs": [
            {
                "id": legs[0].pk,
                "event": "aknw-2027",
                "city": "Seoul",
                "country": "KR",
                "start_date": "2027-07-05",
                "end_date": "2027-07-09",
                "translations": {"city": {"en": "Seoul"}},
            },
            {
                "id": legs[1].pk,
                "event": "aknw-2027",
                "city": "Hanoi",
                "country": "VN",
                "start_date": "2027-07-10",
                "end_date": "2027-07-13",
                "translations": {"city": {"en": "Hanoi"}},
            },
        ],
        "quotas": [
            {"id": quota.pk, "event": "aknw-2027", "country": "VN", "minimum": 2, "maximum": 4}
        ],
        # Every language's own text (issue 17); nothing left to translate into English.
        "translations": {
            "title": {"en": "ASEAN-Korea Youth Network Workshop 2027"},
            "theme": {"en": "Culture and youth"},
            "summary": {"en": "Lectures, site visits, team missions and cultural exchanges."},
            "description": {},
        },
        "missing_translations": {},
    }


def _slugs(response):
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_anonymous_sees_only_published_and_cancelled(anonymous_client, organisation):
    EventFactory(organisation=organisation, slug="pub", status=EventStatus.PUBLISHED)
    EventFactory(organisation=organisation, slug="draft", status=EventStatus.DRAFT)
    EventFactory(organisation=organisation, slug="off", status=EventStatus.CANCELLED)

    assert sorted(_slugs(anonymous_client.get("/api/v1/events/"))) == ["off", "pub"]
    assert anonymous_client.get("/api/v1/events/draft/").status_code == 404


def test_drafts_visible_to_own_organisation_only(
    organiser_client, other_organiser_client, reviewer_client, organisation
):
    EventFactory(organisation=organisation, slug="draft", status=EventStatus.DRAFT)
    EventFactory(slug="other-draft", status=EventStatus.DRAFT)

    assert _slugs(organiser_client.get("/api/v1/events/")) == ["draft"]
    assert _slugs(reviewer_client.get("/api/v1/events/")) == ["draft"]
    assert _slugs(other_organiser_client.get("/api/v1/events/")) == []
    assert organiser_client.get("/api/v1/events/other-draft/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_event_filters(anonymous_client, workshop):
    forum = EventFactory(
        slug="ev-forum",
        kind=EventKind.FORUM,
        host_country="ID",
        title="ASEAN-Korea EV Forum",
        start_date=dt.date(2027, 9, 1),
        end_date=dt.date(2027, 9, 2),
    )

    def slugs(query):
        return _slugs(anonymous_client.get("/api/v1/events/" + query))

    assert slugs("") == ["aknw-2027", "ev-forum"]
    assert slugs("?kind=forum") == ["ev-forum"]
    assert slugs("?country=VN") == ["aknw-2027"]  # a leg's country
    assert slugs("?country=ID") == ["ev-forum"]
    assert slugs("?open_now=true") == ["aknw-2027"]
    assert slugs("?starts_after=2027-08-01") == ["ev-forum"]
    assert slugs("?starts_before=2027-08-01") == ["aknw-2027"]
    assert slugs("?q=EV+forum") == ["ev-forum"]
    assert slugs("?q=youth&kind=forum") == []
    assert forum.pk


def test_event_list_paginates(anonymous_client, db):
    for i in range(25):
        EventFactory(slug=f"e{i:02d}", title=f"Event {i:02d}")

    first = anonymous_client.get("/api/v1/events/").json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    second = anonymous_client.get("/api/v1/events/?page=2").json()
    assert [e["slug"] for e in second["results"]] == ["e20", "e21", "e22", "e23", "e24"]
    assert len(anonymous_client.get("/api/v1/events/?page_size=5").json()["results"]) == 5


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_event_list_constant_queries(organiser_client, anonymous_client, organisation):
    def add(n):
        for _ in range(n):
            event = EventFactory(
                organisation=organisation, programme=ProgrammeFactory(organisation=organisation)
            )
            LegFactory(event=event)
            CountryQuotaFactory(event=event)
            event.co_organisers.add(OrganisationFactory())

    add(1)
    one_anon = _count_queries(anonymous_client, "/api/v1/events/?page_size=100")
    one_org = _count_queries(organiser_client, "/api/v1/events/?page_size=100")
    add(49)
    event_list_bump_version()  # factories write without a service: bump as the services do
    assert _count_queries(anonymous_client, "/api/v1/events/?page_size=100") == one_anon
    assert _count_queries(organiser_client, "/api/v1/events/?page_size=100") == one_org


VALID = {
    "kind": "workshop",
    "title": "ASEAN-Korea Youth Network Workshop 2028",
    "host_country": "KR",
    "start_date": "2028-07-03",
    "end_date": "2028-07-11",
    "time_zone": "Asia/Seoul",
    "capacity": 40,
}


def test_create_event_as_draft_with_naive_window_in_event_zone(organiser_client, organisation):
    partner = OrganisationFactory(slug="unesco-bangkok")
    body = {
        **VALID,
        "organisation": organisation.slug,
        "partners": [partner.slug],
        "applications_open_at": "2028-03-01T09:00:00",
        "applications_close_at": "2028-04-01T18:00:00+00:00",
    }

    response = organiser_client.post("/api/v1/events/", body)

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["phase"] == "draft"
    assert data["slug"] == "asean-korea-youth-network-workshop-2028"
    assert data["partners"] == ["unesco-bangkok"]
    assert data["co_organisers"] == []
    assert data["applications_open_at"] == "2028-03-01T09:00:00+09:00"
    assert data["applications_close_at"] == "2028-04-02T03:00:00+09:00"
    event = Event.objects.get(slug=data["slug"])
    assert event.applications_open_at == dt.datetime(2028, 3, 1, 0, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end_date": "2028-07-01"}, "end_date"),
        # Absurd years (a typo): zoneinfo gives them offsets with seconds, no RFC 3339.
        ({"start_date": "0184-07-03"}, "start_date"),
        ({"end_date": "2228-07-11"}, "end_date"),
        ({"time_zone": "Asia/Atlantis"}, "time_zone"),
        ({"host_country": "XX"}, "host_country"),
        ({"eligible_countries": ["KR", "ZZ"]}, "eligible_countries"),
        ({"eligible_residence_countries": ["ZZ"]}, "eligible_residence_countries"),
        (
            {
                "applications_open_at": "2028-04-01T00:00:00",
                "applications_close_at": "2028-03-01T00:00:00",
            },
            "applications_close_at",
        ),
        ({"min_age": 30, "max_age": 18}, "max_age"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_create_event_bad_input_names_field_and_saves_nothing(
    organiser_client, organisation, change, field
):
    before = Event.objects.count()

    response = organiser_client.post(
        "/api/v1/events/", {**VALID, "organisation": organisation.slug, **change}
    )

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Event.objects.count() == before


def test_create_event_programme_of_other_organisation_rejected(organiser_client, organisation):
    foreign = ProgrammeFactory()
    response = organiser_client.post(
        "/api/v1/events/", {**VALID, "organisation": organisation.slug, "programme": foreign.pk}
    )
    assert response.status_code == 400
    assert "programme" in response.json()
    assert not Event.objects.filter(title=VALID["title"]).exists()


def test_event_cannot_partner_itself(organiser_client, event):
    response = organiser_client.patch(
        f"/api/v1/events/{event.slug}/", {"co_organisers": [event.organisation.slug]}
    )
    assert response.status_code == 400
    assert "co_organisers" in response.json()
    assert not event.co_organisers.exists()


def test_update_event_dates_reversed_rejected_unchanged(organiser_client, event):
    response = organiser_client.patch(f"/api/v1/events/{event.slug}/", {"end_date": "2027-07-01"})

    assert response.status_code == 400
    assert list(response.json()) == ["end_date"]
    event.refresh_from_db()
    assert event.end_date == dt.date(2027, 7, 13)


def test_update_event_to_an_absurd_year_rejected_unchanged(organiser_client, event):
    first_day = event.start_date
    response = organiser_client.patch(f"/api/v1/events/{event.slug}/", {"start_date": "1899-12-31"})

    assert response.status_code == 400
    assert list(response.json()) == ["start_date"]
    assert "1900" in response.json()["start_date"][0]
    event.refresh_from_db()
    assert event.start_date == first_day


def test_update_event_naive_window_read_in_new_zone(organiser_client, event):
    response = organiser_client.patch(
        f"/api/v1/events/{event.slug}/",
        {
            "time_zone": "Asia/Ho_Chi_Minh",
            "applications_open_at": "2027-03-01T08:00:00",
            "applications_close_at": "2027-03-31T23:59:00",
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["applications_open_at"] == "2027-03-01T08:00:00+07:00"
    event.refresh_from_db()
    assert event.applications_open_at == dt.datetime(2027, 3, 1, 1, 0, tzinfo=dt.UTC)


def test_status_is_not_patchable(organiser_client, event):
    response = organiser_client.patch(f"/api/v1/events/{event.slug}/", {"status": "draft"})
    # Unknown input fields are ignored by the serializer; the status stays.
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_publish_and_cancel_actions(organiser_client, organisation):
    draft = EventFactory(organisation=organisation, slug="d", status=EventStatus.DRAFT)

    response = organiser_client.post("/api/v1/events/d/publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert organiser_client.post("/api/v1/events/d/publish/").status_code == 409

    response = organiser_client.post("/api/v1/events/d/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["phase"] == "cancelled"
    assert organiser_client.post("/api/v1/events/d/cancel/").json() == {
        "status": ["This event is already cancelled."],
        "code": "already_cancelled",
    }
    draft.refresh_from_db()
    assert draft.status == EventStatus.CANCELLED


def test_publish_requires_both_ends_of_window(organiser_client, organisation):
    EventFactory(
        organisation=organisation,
        slug="d",
        status=EventStatus.DRAFT,
        applications_open_at=dt.datetime(2027, 3, 1, tzinfo=dt.UTC),
    )
    response = organiser_client.post("/api/v1/events/d/publish/")
    assert response.status_code == 400
    assert "applications_close_at" in response.json()
    assert Event.objects.get(slug="d").status == EventStatus.DRAFT


def test_delete_only_drafts(organiser_client, organisation, event):
    EventFactory(organisation=organisation, slug="d", status=EventStatus.DRAFT)
    assert organiser_client.delete(f"/api/v1/events/{event.slug}/").status_code == 409
    assert organiser_client.delete("/api/v1/events/d/").status_code == 204
    assert not Event.objects.filter(slug="d").exists()
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=99",
        "?starts_after=31-12-2027",
        "?open_now=perhaps",
        "?kind=party",
        "?page_size=-1",
        "?q=" + "word+" * 50,
        "?country=ZZZZ",
    ],
)
def test_odd_queries_never_500(anonymous_client, event, query):
    response = anonymous_client.get("/api/v1/events/" + query)
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize(
    "change",
    [
        {"capacity": 10**12},
        {"title": "x" * 300},
        {"working_languages": "en"},
        {"eligible_countries": "KR"},
        {"eligible_residence_countries": "KR"},
        {"start_date": "2027-02-30"},
        {"applications_open_at": "yesterday"},
        {"programme": 10**9},
        {"organisation": "no-such-org"},
        # PostgreSQL can't take a NUL in a query parameter: refused before the lookup.
        {"organisation": "a\x00b"},
        {"co_organisers": ["a\x00b"]},
    ],
)
def test_odd_event_bodies_are_400_and_save_nothing(organiser_client, organisation, change):
    before = Event.objects.count()
    response = organiser_client.post(
        "/api/v1/events/", {**VALID, "organisation": organisation.slug, **change}
    )
    assert response.status_code == 400, response.content
    assert set(change) & set(response.json())
    assert Event.objects.count() == before


def test_eligible_nationalities_and_residence_are_written_and_read_apart(
    organiser_client, organisation
):
    body = {
        **VALID,
        "organisation": organisation.slug,
        "eligible_countries": ["VN", "KR"],
        "eligible_residence_countries": ["KR"],
    }
    response = organiser_client.post("/api/v1/events/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["eligible_countries"] == ["KR", "VN"]
    assert data["eligible_residence_countries"] == ["KR"]
    changed = organiser_client.patch(
        f"/api/v1/events/{data['slug']}/", {"eligible_residence_countries": []}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["eligible_residence_countries"] == []
    assert changed.json()["eligible_countries"] == ["KR", "VN"]
    schema = organiser_client.get("/api/schema/?format=json").json()
    fields = schema["components"]["schemas"]["Event"]["properties"]
    assert fields["eligible_residence_countries"]["type"] == "array"
