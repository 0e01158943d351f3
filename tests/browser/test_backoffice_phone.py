"""The back office on a phone (375 px, headless Chromium): an event created through the
wizard's first steps (basics, then a leg on the dates step), the quotas step, and the
applications desk (the list, a search, one application opened from the list). No page
scrolls sideways, and the controls each step needs are on screen and usable."""

from __future__ import annotations

import datetime as dt
import re
import urllib.request

import pytest
from django.core.cache import cache
from django.utils import timezone

from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from programmes.models import Event
from tests.browser.helpers import log_in
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375
TITLE = "ASEAN-Korea Youth Network Workshop on Culture and Creative Industries"


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways: {width}px"


def _reachable(locator) -> None:
    """On screen once scrolled to, inside the phone's width, and not disabled."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, box
    assert locator.is_visible() and locator.is_enabled()


@pytest.fixture
def organiser(live_server):
    cache.clear()
    organisation = OrganisationFactory(name="ASEAN-Korea Centre", slug="akc")
    user = MembershipFactory(organisation=organisation, role=MemberRole.ORGANISER).user
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return user


def test_wizard_and_applications_desk_on_a_phone(page, organiser):
    start = timezone.now().date() + dt.timedelta(days=90)
    log_in(page, organiser)

    # Basics: every control reachable at 375 px, and the draft is created.
    page.goto("/organise/organisations/akc/events/new/")
    _fits(page)
    for control in ("#id_kind", "#id_title", "#id_working_languages", "#id_time_zone"):
        _reachable(page.locator(control))
    page.select_option("#id_kind", "workshop")
    page.fill("#id_title", TITLE)
    page.select_option("#id_working_languages", ["en", "ko"])
    page.select_option("#id_host_country", "KR")
    page.fill("#id_start_date", start.isoformat())
    page.fill("#id_end_date", (start + dt.timedelta(days=4)).isoformat())
    page.select_option("#id_time_zone", "Asia/Seoul")
    create = page.get_by_role("button", name="Create the draft")
    _reachable(create)
    create.click()
    page.wait_for_url(re.compile(r"/dates/$"))
    event = Event.objects.get(title=TITLE)
    _fits(page)

    # Dates: a leg added from the phone (htmx), the page still fits.
    page.fill("#id_leg-city_en", "Seoul")
    page.select_option("#id_leg-country", "KR")
    page.select_option("#id_leg-time_zone", "Asia/Seoul")
    page.fill("#id_leg-start_date", start.isoformat())
    page.fill("#id_leg-end_date", (start + dt.timedelta(days=4)).isoformat())
    add_leg = page.get_by_role("button", name="Add the leg")
    _reachable(add_leg)
    add_leg.click()
    page.locator("#legs li", has_text="Seoul").wait_for()
    assert event.legs.get().time_zone == "Asia/Seoul"
    _fits(page)

    # Quotas: the country quota form and the seats per gender fit too.
    page.goto(f"/organise/events/{event.slug}/quotas/")
    _fits(page)
    _reachable(page.locator("#id_female"))
    _reachable(page.get_by_role("button", name="Add the quota"))

    # The applications desk: the list, a search, one application.
    names = ["Nguyễn Thị Minh Khai", "Siti Nurhaliza binti Tarudin", "Phetsamone Vongsavanh"]
    for name, country in zip(names, ("VN", "MY", "LA"), strict=True):
        profile = ProfileFactory(full_name=name)
        ApplicationFactory(event=event, applicant=profile.user, country=country, status=S.SUBMITTED)
    page.goto(f"/organise/events/{event.slug}/applications/")
    _fits(page)
    _reachable(page.locator("#bulk-action"))
    page.locator("summary", has_text="Search, filter and sort").click()
    _reachable(page.locator("#id_q"))
    page.fill("#id_q", "Siti")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"q=Siti"))
    rows = page.locator(".desk-table tbody tr")
    assert rows.count() == 1 and "Siti Nurhaliza" in rows.first.inner_text()
    _fits(page)
    link = page.get_by_role("link", name=names[1])
    _reachable(link)
    link.click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    assert "Siti Nurhaliza binti Tarudin" in page.locator("h1").first.inner_text()
    _fits(page)


def test_outbox_and_broadcasts_on_a_phone(page, organiser):
    """The messages desk's compose page (with its history) and the outbox, at 375 px."""
    from django.urls import reverse

    from notifications.services import broadcast_send
    from tests.factories.programmes import EventFactory

    event = EventFactory(organisation=organiser.memberships.get().organisation, title=TITLE)
    ApplicationFactory(event=event, status=S.CONFIRMED)
    broadcast_send(
        event=event,
        segment="confirmed",
        country="",
        subject="Welcome to Seoul: the venue, the visa letters and the first day's programme",
        body="See you soon.",
        by=organiser,
    )
    log_in(page, organiser)
    page.goto(reverse("notifications:broadcasts", args=[event.pk]))
    _fits(page)
    for control in ("#id_segment", "#id_subject", "#id_body"):
        _reachable(page.locator(f"#broadcast-form {control}"))
    assert page.get_by_text("Welcome to Seoul", exact=False).first.is_visible()
    page.goto(reverse("notifications:outbox", args=[event.pk]))
    _fits(page)
    row = page.locator("tbody tr").first  # the message sent, listed
    row.scroll_into_view_if_needed()
    assert row.is_visible()
