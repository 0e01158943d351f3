"""The youth workshop from the seeds, created from scratch through the back office in
headless Chromium at desktop width: the wizard (basics, two legs in Seoul and Hanoi,
venues, the call, quotas, review settings), ten sessions in the agenda editor's session
form, two questions in the form builder, publish; then the public event page shows the
agenda in each leg's local time."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
import zoneinfo

import pytest
from django.core.cache import cache
from django.utils import timezone

from programmes.enums import EventStatus, MemberRole
from programmes.models import Event
from tests.browser.helpers import log_in
from tests.factories.programmes import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "ASEAN-Korea Youth Network Workshop"
# Five days in Seoul, four in Hanoi: (day, venue, local start, title).
SESSIONS = [
    (0, "Seoul", "09:00", "Opening ceremony"),
    (0, "Seoul", "14:00", "Lecture: ASEAN and Korea"),
    (1, "Seoul", "10:00", "Site visit: Gyeongbokgung"),
    (2, "Seoul", "09:30", "Team mission briefing"),
    (4, "Seoul", "15:00", "Cultural exchange night"),
    (5, "Hanoi", "09:00", "Lecture: innovating tourism"),
    (5, "Hanoi", "14:00", "Site visit: Temple of Literature"),
    (6, "Hanoi", "10:00", "Team missions"),
    (7, "Hanoi", "09:00", "Team presentations"),
    (8, "Hanoi", "11:00", "Closing ceremony"),
]


VENUES = {
    "Seoul": "Korea National University of Arts, Seoul",
    "Hanoi": "Vietnam National University, Hanoi",
}


@pytest.fixture
def owner(live_server):
    cache.clear()
    organisation = OrganisationFactory(name="ASEAN-Korea Centre", slug="akc")
    user = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return user


@pytest.fixture
def desk(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def test_youth_workshop_from_scratch(desk, owner):
    page = desk
    start = timezone.now().date() + dt.timedelta(days=90)
    day = lambda n: (start + dt.timedelta(days=n)).isoformat()  # noqa: E731 - a short local helper
    log_in(page, owner)
    page.goto("/organise/")
    page.locator("a[href$='/organisations/akc/events/new/']").click()

    # Basics, with the dates and the home zone.
    page.select_option("#id_kind", "workshop")
    page.fill("#id_title", TITLE)
    page.fill("#id_theme", "Youth Shaping the Future")
    page.select_option("#id_working_languages", ["en", "ko", "vi"])
    page.select_option("#id_host_country", "KR")
    page.fill("#id_start_date", day(0))
    page.fill("#id_end_date", day(8))
    page.select_option("#id_time_zone", "Asia/Seoul")
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url(re.compile(r"/dates/$"))
    event = Event.objects.get(title=TITLE)

    # Two legs, each added by htmx without leaving the page.
    for city, country, zone, first, last in (
        ("Seoul", "KR", "Asia/Seoul", 0, 4),
        ("Hanoi", "VN", "Asia/Ho_Chi_Minh", 5, 8),
    ):
        page.fill("#id_leg-city_en", city)
        page.select_option("#id_leg-country", country)
        page.select_option("#id_leg-time_zone", zone)
        page.fill("#id_leg-start_date", day(first))
        page.fill("#id_leg-end_date", day(last))
        page.get_by_role("button", name="Add the leg").click()
        page.locator("#legs li", has_text=city).wait_for()
    assert page.url.endswith("/dates/")

    page.get_by_role("link", name="3. Venues").click()
    for name, city, country, zone in (
        ("Korea National University of Arts", "Seoul", "KR", "Asia/Seoul"),
        ("Vietnam National University", "Hanoi", "VN", "Asia/Ho_Chi_Minh"),
    ):
        page.fill("#id_name_en", name)
        page.fill("#id_city", city)
        page.select_option("#id_country", country)
        page.select_option("#id_time_zone", zone)
        page.fill("#id_capacity", "120")
        page.get_by_role("button", name="Add the venue").click()
        page.locator("td:first-child", has_text=name).wait_for()

    page.get_by_role("link", name="4. The call").click()
    page.fill("#id_applications_open_at", f"{day(-60)}T09:00")
    page.fill("#id_applications_close_at", f"{day(-30)}T18:00")
    page.fill("#id_capacity", "48")
    page.fill("#id_min_age", "18")
    page.fill("#id_max_age", "29")
    page.select_option("#id_eligible_countries", ["KR", "VN", "TH", "ID", "PH"])
    _save_and_continue(page)

    # Quotas (htmx) and the gender balance target.
    for country in ("KR", "VN"):
        page.select_option("#id_country", country)
        page.fill("#id_minimum", "4")
        page.fill("#id_maximum", "6")
        page.get_by_role("button", name="Add the quota").click()
        page.locator(f"#quotas tr[id^=quota-] >> nth={0 if country == 'KR' else 1}").wait_for()
    page.fill("#id_gender_max_share", "0.60")
    _save_and_continue(page)
    page.fill("#id_reviews_needed", "2")
    _save_and_continue(page)
    assert page.url.endswith("/publish/")

    # Ten sessions through the agenda editor's session form, in each venue's local time.
    for offset, city, at, title in SESSIONS:
        page.goto(f"/organise/events/{event.slug}/agenda/sessions/new/")
        page.fill("#id_title_en", title)
        page.select_option("#id_kind", "lecture")
        hour, minute = map(int, at.split(":"))
        page.fill("#id_starts_at", f"{day(offset)}T{at}")
        page.fill("#id_ends_at", f"{day(offset)}T{hour + 1:02d}:{minute:02d}")
        page.select_option("#id_venue", label=VENUES[city])
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/agenda/(\?.*)?$"))
    assert event.sessions.count() == 10

    # Two questions through the form builder.
    page.goto(f"/organise/events/{event.slug}/forms/application/")
    for kind, label in (("short_text", "Your university"), ("long_text", "A project you led")):
        page.select_option("#id_kind", kind)
        page.fill("#id_label_en", label)  # the first working language's box
        page.get_by_role("button", name="Add the question").click()
        page.wait_for_load_state()
        page.locator(".builder-questions", has_text=label).wait_for()

    page.goto(f"/organise/events/{event.slug}/publish/")
    page.get_by_role("button", name="Publish the event").click()
    page.wait_for_url(re.compile(rf"/organise/events/{event.slug}/$"))
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert [(leg.city, leg.time_zone) for leg in event.legs.all()] == [
        ("Seoul", "Asia/Seoul"),
        ("Hanoi", "Asia/Ho_Chi_Minh"),
    ]
    assert sorted(map(str, event.quotas.values_list("country", flat=True))) == ["KR", "VN"]

    # The public page: each session at its local time (Seoul UTC+9, Hanoi UTC+7).
    page.goto(f"/events/{event.slug}/")
    for offset, city, at, title in SESSIONS:
        row = page.locator(".session", has_text=title)
        assert at in row.locator(".when").inner_text(), (title, row.inner_text())
        session = event.sessions.get(title=title)
        zone = "Asia/Seoul" if city == "Seoul" else "Asia/Ho_Chi_Minh"
        local = session.starts_at.astimezone(zoneinfo.ZoneInfo(zone))
        assert (local.date().isoformat(), local.strftime("%H:%M")) == (day(offset), at)
