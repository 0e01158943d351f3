"""The agenda editor in headless Chromium: on a phone a session's time is edited in
the form and stored in UTC; at desktop width a session is dragged two hours later in
the grid (interact.js and htmx from our static files), then moved and shortened with
the keyboard."""

from __future__ import annotations

import datetime as dt
import urllib.request

import pytest
from django.core.cache import cache
from django.utils import timezone

from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agenda(live_server):
    """An organiser and a Seoul session at 09:00-10:30 local (00:00-01:30 UTC)."""
    cache.clear()
    organisation = OrganisationFactory(slug="akc")
    start = timezone.now().date() + dt.timedelta(days=60)
    event = EventFactory(
        organisation=organisation,
        slug="akynw",
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        time_zone="Asia/Seoul",
    )
    hall = VenueFactory(organisation=organisation, name="Main hall", time_zone="Asia/Seoul")
    session = SessionFactory(event=event, venue=hall, title="Opening lecture")
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return user, event, session


def _utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


def test_phone_edits_a_sessions_time_and_utc_is_stored(page, agenda):
    user, event, session = agenda
    log_in(page, user)
    day = event.start_date.isoformat()
    page.goto(f"/organise/events/{event.slug}/agenda/?day={day}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="Edit “Opening lecture”").click()
    page.wait_for_url(f"**/agenda/sessions/{session.pk}/")
    assert page.input_value("#id_starts_at") == f"{day}T09:00"
    page.fill("#id_starts_at", f"{day}T14:30")
    page.fill("#id_ends_at", f"{day}T16:00")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/agenda/?day={day}*")
    assert page.locator(".agenda-list").get_by_text("14:30–16:00").is_visible()
    session.refresh_from_db()
    # 14:30 in Seoul (UTC+9) is 05:30 UTC.
    assert session.starts_at == _utc(event.start_date, 5, 30)
    assert session.ends_at == _utc(event.start_date, 7, 0)


def test_desktop_drags_a_session_then_moves_it_with_the_keyboard(chromium, live_server, agenda):
    user, event, session = agenda
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, user)
        page.goto(f"/organise/events/{event.slug}/agenda/?day={event.start_date.isoformat()}")
        page.wait_for_function("window.interact && window.htmx")
        block = page.locator(f"#session-{session.pk}")
        box = block.bounding_box()
        per_minute = page.evaluate(
            "(() => { const g = document.getElementById('agenda-grid');"
            " return g.querySelector('.agenda-grid .agenda-track').getBoundingClientRect().height"
            " / Number(g.dataset.height); })()"
        )
        x, y = box["x"] + box["width"] / 2, box["y"] + 10
        page.mouse.move(x, y)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(x, y + 120 * per_minute * step / 10)
        page.mouse.up()
        page.locator(f"#session-{session.pk}", has_text="11:00–12:30").wait_for()
        session.refresh_from_db()
        assert session.starts_at == _utc(event.start_date, 2, 0)
        assert session.ends_at == _utc(event.start_date, 3, 30)
        # The keyboard does the same: Alt+Down a quarter hour later, Alt+Shift+Up shorter.
        page.locator(f"#session-{session.pk}").focus()
        page.keyboard.press("Alt+ArrowDown")
        page.locator(f"#session-{session.pk}", has_text="11:15–12:45").wait_for()
        page.keyboard.press("Alt+Shift+ArrowUp")
        page.locator(f"#session-{session.pk}", has_text="11:15–12:30").wait_for()
        session.refresh_from_db()
        assert session.starts_at == _utc(event.start_date, 2, 15)
        assert session.ends_at == _utc(event.start_date, 3, 30)
    finally:
        context.close()
