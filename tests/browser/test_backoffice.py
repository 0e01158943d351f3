"""The organiser area and the team pages at 375 px in headless Chromium: nothing scrolls
sideways, and an owner invites someone with the keyboard alone."""

from __future__ import annotations

import datetime as dt
import urllib.request

import pytest
from django.core.cache import cache
from django.utils import timezone

from backoffice.models import Invitation
from participants.enums import ApplicationStatus
from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.participants import ApplicationFactory
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    SessionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


@pytest.fixture
def owner(live_server):
    cache.clear()
    organisation = OrganisationFactory(name="ASEAN-Korea Centre", slug="akc")
    start = timezone.now().date() + dt.timedelta(days=60)
    event = EventFactory(
        organisation=organisation,
        title="ASEAN-Korea Youth Network Workshop",
        slug="akynw",
        start_date=start,
        end_date=start + dt.timedelta(days=8),
        applications_open_at=timezone.now() - dt.timedelta(days=1),
        applications_close_at=timezone.now() + dt.timedelta(days=20),
    )
    for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        ApplicationFactory(event=event, status=status)
    SessionFactory(event=event)
    for role in (MemberRole.ORGANISER, MemberRole.REVIEWER, MemberRole.STAFF):
        MembershipFactory(organisation=organisation, role=role)
    user = MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    return user


@pytest.mark.parametrize(
    "path", ["/organise/", "/organise/organisations/akc/team/", "/organise/events/akynw/team/"]
)
def test_backoffice_page_fits_a_phone(page, owner, path):
    log_in(page, owner)
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert page.locator("h1").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{path} scrolls sideways: {width}px"


def test_owner_invites_with_the_keyboard(page, owner):
    log_in(page, owner)
    page.goto("/organise/organisations/akc/team/")
    page.locator("#id_email").focus()
    page.keyboard.type("new.staff@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_role"
    page.keyboard.press("ArrowDown")  # organiser -> reviewer
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send invitation"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "new.staff@example.org" in page.locator("main").inner_text()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("new.staff@example.org", MemberRole.REVIEWER)
