"""Phone layouts at 375 px in headless Chromium: no page scrolls sideways, the selection
ranking keeps its words whole, the event filters fold away behind a button, and a long
agenda has a day index that works from the keyboard."""

from __future__ import annotations

import datetime as dt
import os
import urllib.request
from dataclasses import dataclass

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.cache import cache

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole, SessionStatus, SessionType
from tests.browser.helpers import log_in
from tests.factories.attendance import ParticipantFactory
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import (
    CountryQuotaFactory,
    EventFactory,
    LegFactory,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.factories.review import (
    CriterionFactory,
    ReviewAssignmentFactory,
    ReviewSettingsFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375
# 09:00 in Seoul; every date below is relative to it.
NOW = dt.datetime(2027, 5, 3, 0, 0, tzinfo=dt.UTC)
AGENDA_DAYS = 9
APPLICANT_NAMES = [
    ("Nguyễn Thị Minh Khai", "VN"),
    ("Siti Nurhaliza binti Tarudin", "MY"),
    ("Phetsamone Vongsavanh", "LA"),
    ("Maria Clara Dela Cruz", "PH"),
    ("Sokha Chanthavong", "KH"),
    ("Kittipong Srisawat", "TH"),
]


@dataclass
class Scene:
    event: object
    organiser: object
    reviewer: object
    staff: object
    applicant: object
    participant: object
    assignment: object


@pytest.fixture
def pinned_now():
    # Ticking: the live server and Playwright's waits need a clock that moves.
    with time_machine.travel(NOW, tick=True):
        yield NOW


@pytest.fixture
def scene(pinned_now, live_server) -> Scene:
    cache.clear()  # the listings and the agenda are cached across tests
    start = (NOW + dt.timedelta(days=60)).date()
    organisation = OrganisationFactory(name="ASEAN-Korea Centre")
    event = EventFactory(
        organisation=organisation,
        title="ASEAN-Korea Youth Network Workshop",
        slug="akynw",
        start_date=start,
        end_date=start + dt.timedelta(days=AGENDA_DAYS - 1),
        applications_open_at=NOW - dt.timedelta(days=10),
        applications_close_at=NOW + dt.timedelta(days=20),
        capacity=3,
    )
    LegFactory(event=event, city="Seoul", end_date=start + dt.timedelta(days=4))
    LegFactory(event=event, city="Hanoi", country="VN", start_date=start + dt.timedelta(days=5))
    venue = VenueFactory(organisation=organisation, name="ASEAN Hall", city="Seoul")
    for day in range(AGENDA_DAYS):
        for hour, title in ((9, "Lecture on cultural policy"), (14, "Team mission")):
            starts = dt.datetime.combine(
                start + dt.timedelta(days=day), dt.time(hour), tzinfo=event.zone
            )
            SessionFactory(
                event=event,
                venue=venue,
                title=f"{title}, day {day + 1}",
                kind=SessionType.LECTURE,
                status=SessionStatus.CONFIRMED,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
            )
    # A second open call, so the home page lists more than one card.
    EventFactory(
        organisation=organisation,
        title="ASEAN-Korea EV Forum",
        kind="forum",
        start_date=start + dt.timedelta(days=30),
        end_date=start + dt.timedelta(days=31),
        applications_open_at=NOW - dt.timedelta(days=1),
        applications_close_at=NOW + dt.timedelta(days=10),
    )

    organiser = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    reviewer = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user
    staff = MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user
    ReviewSettingsFactory(event=event, reviews_needed=2)
    CriterionFactory(event=event, name="Motivation")
    for country in ("VN", "MY", "TH"):
        CountryQuotaFactory(event=event, country=country, minimum=1, maximum=2)
    applications = [
        ApplicationFactory(
            event=event,
            applicant=ProfileFactory(full_name=name, nationalities=[country]).user,
            country=country,
            status=S.UNDER_REVIEW,
            submitted_at=NOW - dt.timedelta(days=2),
        )
        for name, country in APPLICANT_NAMES
    ]
    assignment = ReviewAssignmentFactory(application=applications[0], reviewer=reviewer)

    applicant = ProfileFactory(full_name="Tran Minh Anh").user
    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    participant = ParticipantFactory(
        event=event, applicant=UserFactory(first_name="Le", last_name="Thi Hoa")
    ).applicant
    # Warm the server up: the first request imports every app's views.
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return Scene(event, organiser, reviewer, staff, applicant, participant, assignment)


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# Every word of every cell of the table, as one Range each: a word drawn on more than
# one line (one character per line when the table is squeezed) has more than one box.
BROKEN_WORDS_JS = """table => {
  const broken = [];
  for (const cell of table.querySelectorAll("th, td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


# (page, who is signed in, path)
PAGES = [
    ("home", None, "/"),
    ("events", None, "/events/"),
    ("event", None, "/events/{slug}/"),
    ("apply-first-step", "applicant", "/events/{slug}/apply/"),
    ("my-applications", "applicant", "/me/applications/"),
    ("profile", "applicant", "/me/profile/"),
    ("my-agenda", "participant", "/events/{slug}/my-agenda/"),
    ("check-in", "staff", "/events/{slug}/check-in/"),
    ("attendance", "staff", "/events/{slug}/attendance/"),
    ("selection", "organiser", "/review/events/{slug}/"),
    ("rubric", "organiser", "/review/events/{slug}/rubric/"),
    ("my-assignments", "reviewer", "/review/assignments/"),
    ("assignment", "reviewer", "/review/assignments/{assignment}/"),
]


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page_does_not_scroll_sideways_on_a_phone(page, scene, name, who, path):
    # The applicant applies to the main event so My applications has a row to show.
    if name == "my-applications":
        ApplicationFactory(event=scene.event, applicant=scene.applicant, status=S.SUBMITTED)
    if who:
        log_in(page, getattr(scene, who))
    response = page.goto(path.format(slug=scene.event.slug, assignment=scene.assignment.pk))
    assert response.ok, f"{page.url} answered {response.status}"
    assert page.locator("h1").first.is_visible()
    if screenshots := os.environ.get("BRIDGES_SCREENSHOT_DIR"):
        page.screenshot(path=f"{screenshots}/phone-{name}.png", full_page=True)
    width = scroll_width(page)
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways: {width}px"
    for table in page.locator("main table").all():
        assert table.evaluate(BROKEN_WORDS_JS) == [], f"{page.url}: words broken in a table"


def test_selection_ranking_keeps_words_whole_and_scrolls_in_its_box(page, scene):
    log_in(page, scene.organiser)
    page.goto(f"/review/events/{scene.event.slug}/")
    ranking = page.get_by_role("region", name="Ranking and proposal")
    table = ranking.locator("table")
    assert table.get_by_role("rowheader", name="Nguyễn Thị Minh Khai").is_visible()

    assert table.evaluate(BROKEN_WORDS_JS) == []
    for region in page.locator(".table-scroll table").all():
        assert region.evaluate(BROKEN_WORDS_JS) == []
    # The table is wider than the phone: its own box scrolls, not the page.
    assert ranking.evaluate("el => el.scrollWidth > el.clientWidth")
    assert scroll_width(page) <= PHONE_WIDTH

    # Scrolled to the decisions at the far right, the applicant's name stays in view.
    ranking.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    box = ranking.bounding_box()
    name = table.get_by_role("rowheader", name="Nguyễn Thị Minh Khai").bounding_box()
    decision = page.get_by_label("Decision for Nguyễn Thị Minh Khai").bounding_box()
    assert box["x"] <= name["x"] and name["x"] + name["width"] <= box["x"] + box["width"]
    assert decision["x"] + decision["width"] <= box["x"] + box["width"] + 1
    assert decision["x"] >= name["x"] + name["width"] - 1  # not hidden under the name


@pytest.mark.parametrize("path", ["/", "/events/"])
def test_event_filters_fold_away_on_a_phone_and_open_by_keyboard(page, scene, path):
    page.goto(path)
    viewport = page.viewport_size
    first_card = page.locator("ul.cards > li").first
    card = first_card.bounding_box()
    assert card["y"] >= 0 and card["y"] + card["height"] <= viewport["height"], (
        f"first event card at {card['y']:.0f}-{card['y'] + card['height']:.0f} px, "
        f"the screen ends at {viewport['height']} px"
    )
    search = page.get_by_label("Search")
    assert not search.is_visible()
    assert scroll_width(page) <= PHONE_WIDTH

    # A <summary>: a native disclosure button, announced with its expanded state.
    toggle = page.locator("summary", has_text="Filter events")
    for _ in range(20):
        page.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the filter button")
    assert not toggle.evaluate("el => el.parentElement.open")
    page.keyboard.press("Enter")
    assert search.is_visible()
    page.keyboard.press("Tab")
    assert search.evaluate("el => el === document.activeElement")
    page.keyboard.type("forum")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=forum*")
    # A filtered list keeps its filters open, showing what was asked.
    assert search.is_visible() and search.input_value() == "forum"
    assert page.locator("ul.cards > li h3").all_inner_texts() == ["ASEAN-Korea EV Forum"]


def test_event_filters_are_open_on_a_desktop(chromium, live_server, scene):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, base_url=live_server.url
    )
    try:
        desktop = context.new_page()
        desktop.goto("/")
        assert desktop.get_by_label("Search").is_visible()
    finally:
        context.close()


def _jump_to_day_by_keyboard(page, day_number: int) -> None:
    index = page.get_by_role("navigation", name="Agenda days")
    links = index.get_by_role("link")
    assert links.count() == AGENDA_DAYS
    target = links.nth(day_number - 1)
    for _ in range(80):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the day index")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#day-{day_number}")
    heading = page.locator(f"#day-{day_number}")
    box = heading.bounding_box()
    index_box = index.bounding_box()
    # The day's heading is on screen and not under the (sticky) index, its first session
    # below it.
    assert 0 <= box["y"] < page.viewport_size["height"] - box["height"]
    assert box["y"] >= index_box["y"] + index_box["height"] - 1
    session = page.get_by_text(f"Lecture on cultural policy, day {day_number}").bounding_box()
    assert box["y"] + box["height"] <= session["y"] < page.viewport_size["height"]
    assert scroll_width(page) <= PHONE_WIDTH


def test_event_agenda_has_a_day_index_usable_by_keyboard(page, scene):
    page.goto(f"/events/{scene.event.slug}/")
    start = scene.event.start_date
    index = page.get_by_role("navigation", name="Agenda days")
    first_label = f"{start:%a} {start.day} {start:%b}"
    assert index.get_by_role("link").first.inner_text() == first_label
    _jump_to_day_by_keyboard(page, 7)
    heading = page.locator("#day-7")
    seventh = start + dt.timedelta(days=6)
    assert heading.inner_text() == f"{seventh:%A} {seventh.day} {seventh:%B %Y}"


def test_my_agenda_has_a_day_index_usable_by_keyboard(page, scene):
    log_in(page, scene.participant)
    page.goto(f"/events/{scene.event.slug}/my-agenda/")
    _jump_to_day_by_keyboard(page, 8)
    eighth = scene.event.start_date + dt.timedelta(days=7)
    assert page.locator("#day-8").inner_text() == f"{eighth:%A} {eighth.day} {eighth:%B %Y}"
