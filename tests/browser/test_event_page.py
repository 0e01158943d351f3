"""The event page in a real headless Chromium at phone width: agenda by local day, keyboard use."""

import datetime as dt
import urllib.request
import zoneinfo

import pytest

from tests.factories.programmes import (
    EventFactory,
    OrganisationFactory,
    seoul_hanoi_exchange,
)

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def exchange(transactional_db, live_server):
    # The first request imports every app's URLs and views; on a busy machine that can
    # take longer than the page's navigation timeout, so warm the server up first.
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()

    organisation = OrganisationFactory(name="ASEAN-Korea Centre")
    event = seoul_hanoi_exchange(organisation=organisation)
    urllib.request.urlopen(f"{live_server.url}/events/{event.slug}/", timeout=120).read()
    return event


def test_event_page_shows_agenda_days_and_local_times(page, exchange):
    page.goto(f"/events/{exchange.slug}/")
    agenda = page.locator("#agenda")
    days = agenda.locator("h3")
    # Day 1 and day 7 of the exchange (5 and 11 July under the pinned clock; real dates here).
    first, seventh = exchange.start_date, exchange.start_date + dt.timedelta(days=6)
    assert days.all_inner_texts() == [f"{d:%A} {d.day} {d:%B %Y}" for d in (first, seventh)]
    first_day = agenda.locator(".agenda-day").nth(0)
    assert "14:00–15:00 KST" in first_day.locator(".when").inner_text()
    assert first_day.get_by_text("Opening ceremony").is_visible()
    second_day = agenda.locator(".agenda-day").nth(1)
    assert second_day.locator(".when").all_inner_texts() == [
        "09:30–12:00 UTC+7",
        "14:00–17:00 UTC+7",
    ]
    cancelled = second_day.locator(".session.cancelled")
    assert (
        "Cancelled" in cancelled.inner_text()
        and "Bat Trang ceramic village" in cancelled.inner_text()
    )
    # Phone width: nothing wider than the 375 px viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_add_to_calendar_is_reachable_and_usable_by_keyboard(page, exchange):
    page.goto(f"/events/{exchange.slug}/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if (
            page.evaluate("document.activeElement && document.activeElement.id")
            == "add-to-calendar"
        ):
            break
    else:
        pytest.fail("Tab never reached the Add to calendar link")
    focused = page.locator("#add-to-calendar")
    assert focused.evaluate("el => el === document.activeElement")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == f"{exchange.slug}.ics"
    body = open(download.path(), encoding="utf-8").read()
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Opening ceremony" in body


def test_visitor_time_zone_cookie_is_set_by_the_page(page, exchange):
    page.goto(f"/events/{exchange.slug}/")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("bridges_tz")  # Chromium's resolved zone (UTC on this machine)


def test_home_filters_work_by_keyboard_without_horizontal_scroll(page, exchange):
    EventFactory(organisation=exchange.organisation, title="ASEAN-Korea EV Forum", kind="forum")
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    upcoming = page.locator("#upcoming + ul.cards h3")
    assert sorted(upcoming.all_inner_texts()) == [
        "ASEAN-Korea EV Forum",
        "ASEAN-Korea Youth Network Workshop 2027",
    ]
    # On a phone the filters are folded behind their button (a <summary>).
    page.locator("summary", has_text="Filter events").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Search").focus()
    page.keyboard.type("forum")
    page.keyboard.press("Enter")  # submits the GET form; no JavaScript involved
    page.wait_for_url("**/?q=forum*")
    assert page.locator("#upcoming + ul.cards h3").all_inner_texts() == ["ASEAN-Korea EV Forum"]
    # The skip link is the first stop for keyboard users and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
