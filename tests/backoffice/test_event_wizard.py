"""The event wizard through its pages: create a draft, legs (htmx), venues, the call typed
in the event's zone and stored in UTC, quotas, review settings, publish with what is
missing; refusals beside their field with nothing saved; lists in constant queries."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_countries import countries

from audit.models import LogEntry
from participants.models import CallSettings
from programmes.enums import EventStatus, MemberRole
from programmes.models import Event
from review.models import ReviewSettings
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    MembershipFactory,
    VenueFactory,
)
from tests.pages import browser, field_container

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organiser(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user


def step(event, name, *args):
    return reverse(f"backoffice:event-{name}", args=[event.slug, *args])


def test_wizard_from_nothing_to_published(organiser, organisation):
    client = browser(organiser)
    response = client.post(
        reverse("backoffice:event-new", args=[organisation.slug]),
        {
            "kind": "workshop",
            "title": "ASEAN-Korea Youth Network Workshop",
            "theme": "Culture and heritage",
            "working_languages": ["en", "ko", "vi"],
            "host_country": "KR",
            "attendance_mode": "in_person",
            "start_date": "2027-07-05",
            "end_date": "2027-07-13",
            "time_zone": "Asia/Seoul",
        },
    )
    event = Event.objects.get(title="ASEAN-Korea Youth Network Workshop")
    assert response.status_code == 302 and response["Location"] == step(event, "dates")
    assert event.status == EventStatus.DRAFT and event.working_languages == ["en", "ko", "vi"]
    assert LogEntry.objects.filter(
        action_type="programmes.event.created", event_id=event.pk
    ).exists()

    page = client.get(step(event, "dates")).content.decode()
    assert f'hx-post="{step(event, "leg-add")}"' in page and "htmx.min.js" in page
    for city, country, zone, start, end in (
        ("Seoul", "KR", "Asia/Seoul", "2027-07-05", "2027-07-09"),
        ("Hanoi", "VN", "Asia/Ho_Chi_Minh", "2027-07-10", "2027-07-13"),
    ):
        answer = client.post(
            step(event, "leg-add"),
            {
                "leg-city_en": city,
                "leg-country": country,
                "leg-time_zone": zone,
                "leg-start_date": start,
                "leg-end_date": end,
            },
            **HX,
        )
        # htmx gets the legs section alone, with the new leg in it.
        assert answer.status_code == 200 and answer.content.decode().startswith(
            '<section id="legs"'
        )
        assert city in answer.content.decode()
    assert [(leg.city, leg.time_zone) for leg in event.legs.all()] == [
        ("Seoul", "Asia/Seoul"),
        ("Hanoi", "Asia/Ho_Chi_Minh"),
    ]
    outside = client.post(
        step(event, "leg-add"),
        {
            "leg-city_en": "Busan",
            "leg-country": "KR",
            "leg-time_zone": "Asia/Seoul",
            "leg-start_date": "2027-07-12",
            "leg-end_date": "2027-07-20",
        },
        **HX,
    )
    assert outside.status_code == 400
    assert "after the event" in field_container(outside.content.decode(), "id_leg-end_date")
    assert event.legs.count() == 2

    assert (
        client.post(
            step(event, "venues"),
            {
                "name_en": "Korea National University of Arts",
                "city": "Seoul",
                "country": "KR",
                "time_zone": "Asia/Seoul",
                "capacity": 120,
            },
        ).status_code
        == 302
    )
    assert organisation.venues.filter(name="Korea National University of Arts").exists()

    call = {
        "applications_open_at": "2027-03-01T09:00",
        "applications_close_at": "2027-04-01T18:00",
        "capacity": 48,
        "min_age": 18,
        "max_age": 29,
        "eligible_countries": ["KR", "VN", "TH"],
        "eligible_residence_countries": ["KR", "VN"],
        "confirmation_days": 5,
        "allow_edits_after_submit": "",
        "continue": "1",
    }
    backwards = client.post(
        step(event, "call"), {**call, "applications_close_at": "2027-02-01T09:00"}
    )
    assert backwards.status_code == 400
    assert "close after they open" in field_container(
        backwards.content.decode(), "id_applications_close_at"
    )
    event.refresh_from_db()
    # Nothing of the refused call was saved (window, places, call settings alike).
    assert event.applications_open_at is None and event.capacity is None
    assert not CallSettings.objects.filter(event=event, confirmation_days=5).exists()
    response = client.post(step(event, "call"), call)
    assert response.status_code == 302 and response["Location"] == step(event, "quotas")
    event.refresh_from_db()
    # Typed in Seoul time, stored in UTC.
    assert event.applications_open_at == dt.datetime(2027, 3, 1, 0, 0, tzinfo=dt.UTC)
    assert event.applications_close_at == dt.datetime(2027, 4, 1, 9, 0, tzinfo=dt.UTC)
    assert sorted(map(str, event.eligible_countries)) == ["KR", "TH", "VN"]
    assert sorted(map(str, event.eligible_residence_countries)) == ["KR", "VN"]
    settings = CallSettings.objects.get(event=event)
    assert (settings.confirmation_days, settings.allow_edits_after_submit) == (5, False)
    # Shown again as typed, the residence list apart from the nationalities.
    shown = client.get(step(event, "call")).content.decode()
    assert 'value="2027-03-01T09:00"' in shown
    residence = field_container(shown, "id_eligible_residence_countries")
    assert 'value="VN" selected' in residence and 'value="TH" selected' not in residence
    # A country that does not exist is refused beside the residence list.
    bad = client.post(step(event, "call"), {**call, "eligible_residence_countries": ["ZZ"]})
    assert bad.status_code == 400
    assert "Select a valid choice" in field_container(
        bad.content.decode(), "id_eligible_residence_countries"
    )

    answer = client.post(
        step(event, "quota-add"), {"country": "VN", "minimum": 4, "maximum": 6}, **HX
    )
    assert answer.status_code == 200
    assert f"<td>{countries.name('VN')}</td>" in answer.content.decode()
    twice = client.post(step(event, "quota-add"), {"country": "VN", "minimum": 1}, **HX)
    assert twice.status_code == 409
    assert "already has a quota" in field_container(twice.content.decode(), "id_country")
    assert client.post(step(event, "quotas"), {"gender_max_share": "0.60"}).status_code == 302
    assert (
        client.post(
            step(event, "review"),
            {
                "reviews_needed": 3,
                "blind": "on",
                "disagreement_threshold": "1.5",
                "gender_max_share": "0.6",
            },
        ).status_code
        == 302
    )
    review = ReviewSettings.objects.get(event=event)
    assert (review.reviews_needed, review.blind, str(review.gender_max_share)) == (3, True, "0.60")

    publish = client.get(step(event, "publish")).content.decode()
    assert "The agenda has no sessions yet." in publish and "The review has no criteria." in publish
    response = client.post(step(event, "publish"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert LogEntry.objects.filter(
        action_type="programmes.event.published", event_id=event.pk
    ).exists()
    again = client.post(step(event, "publish"))
    assert again.status_code == 409 and "Only a draft can be published" in again.content.decode()


def test_basics_edited_later_on_the_same_page(organiser, organisation):
    event = EventFactory(
        organisation=organisation, title="Old title", working_languages=["en", "ko"]
    )
    url = step(event, "basics")
    page = browser(organiser).get(url).content.decode()
    # The texts in each working language side by side; Korean not translated yet.
    assert 'value="Old title"' in field_container(page, "id_title_en")
    assert 'lang="ko"' in field_container(page, "id_title_ko")
    assert '<option value="ko" selected>' in page
    form = {
        "kind": "forum",
        "title_en": "New title",
        "title_ko": "새 제목",
        "working_languages": ["en", "ko"],
        "host_country": "TH",
        "attendance_mode": "online",
        "online_url": "",
    }
    response = browser(organiser).post(url, form)
    assert response.status_code == 400  # online needs a link: the model's rule, beside it
    assert "online link" in field_container(response.content.decode(), "id_online_url")
    event.refresh_from_db()
    assert event.title_en == "Old title" and not event.title_ko
    response = browser(organiser).post(url, {**form, "online_url": "https://meet.example.org/x"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_en, event.title_ko, event.kind) == ("New title", "새 제목", "forum")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["venues", "quotas", "team"])
def test_list_pages_cost_the_same_for_few_and_many_rows(organiser, organisation, page):
    client = browser(organiser)
    event = EventFactory(organisation=organisation, capacity=500)
    url = step(event, page)
    _queries(client, url)  # warm the caches (content types, sessions)
    few = _queries(client, url)
    countries = ["VN", "TH", "KH", "LA", "MM", "PH", "ID", "MY", "SG", "BN", "KR", "JP"]
    for n, country in enumerate(countries):
        VenueFactory(organisation=organisation, name=f"Hall {n}")
        CountryQuotaFactory(event=event, country=country)
        MembershipFactory(organisation=organisation, role=MemberRole.STAFF)
    assert _queries(client, url) == few
