"""Every demo login, in headless Chromium, on a phone (375 px) and a desktop (1280 px).

The demo is loaded once (``load_demo`` into the live server's database, the clock pinned
at a ticking moment: today's dialogue then has a session running). Each role signs in,
goes through the main navigation (on a phone, behind the Menu button, opened from the
keyboard) and must land on its work: the applicant on applications in several states,
the minor on the wait for her guardian, the reviewer on unscored assignments, staff on
today's session with people to check in, the organiser on a selection to make and the
messages already sent.
"""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from programmes.management.commands.load_demo import load_demo
from tests.browser.helpers import log_in
from tests.factories.clock import FROZEN_NOW

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
NETWORK = "ASEAN-Korea Youth Network Workshop 2027"


def _open(page, email: str, path: str = "/"):
    log_in(page, get_user_model().objects.get(email=email))
    page.goto(path)


def _header_is_one_row(page, *, phone: bool) -> None:
    header = page.locator(".site-header")
    brand = page.locator(".site-header .brand").bounding_box()
    toggle = page.get_by_role("button", name="Menu")
    if phone:
        expect(toggle).to_be_visible()
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
        box = toggle.bounding_box()
        # Brand and button side by side, one compact row.
        assert abs(box["y"] - brand["y"]) < box["height"], (box, brand)
        assert header.bounding_box()["height"] <= 72
    else:
        expect(toggle).to_be_hidden()
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()
        assert header.bounding_box()["height"] <= 72
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _nav(page, *, phone: bool):
    """The main navigation, opened from the keyboard on a phone."""
    nav = page.get_by_role("navigation", name="Main")
    if phone:
        toggle = page.get_by_role("button", name="Menu")
        toggle.focus()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
    return nav


def _walk_applicant(page, phone):
    _open(page, "applicant@bridges.demo")
    _header_is_one_row(page, phone=phone)
    _nav(page, phone=phone).get_by_role("link", name="My applications").click()
    expect(page.get_by_role("heading", name="My applications", level=1)).to_be_visible()
    statuses = page.locator(".status").all_inner_texts()
    assert sorted(statuses) == sorted(
        ["Under review", "Draft", "Accepted", "Confirmed", "Confirmed"]
    ), statuses
    expect(page.get_by_role("button", name="Confirm my place")).to_be_visible()
    expect(page.get_by_role("link", name="Continue application")).to_be_visible()


def _walk_minor(page, phone):
    _open(page, "minor@bridges.demo")
    _nav(page, phone=phone).get_by_role("link", name="My applications").click()
    expect(page.locator(".status")).to_have_text(["Awaiting guardian consent"])
    expect(page.get_by_text("Tran Van Hung (guardian@bridges.demo)")).to_be_visible()


def _walk_reviewer(page, phone):
    _open(page, "reviewer@bridges.demo")
    _header_is_one_row(page, phone=phone)
    _nav(page, phone=phone).get_by_role("link", name="My reviews").click()
    expect(page.get_by_role("heading", name="My reviews", level=1)).to_be_visible()
    assert page.locator(".card .badge", has_text="To review").count() == 6
    assert page.locator(".card .badge", has_text="Submitted").count() == 6
    # An unscored one opens on the score form.
    page.locator(".card", has=page.locator(".badge", has_text="To review")).first.get_by_role(
        "link"
    ).click()
    expect(page.get_by_text("Motivation and fit with the workshop").first).to_be_visible()


def _walk_staff(page, phone):
    _open(page, "staff@bridges.demo")
    _header_is_one_row(page, phone=phone)
    _nav(page, phone=phone).get_by_role("link", name="Check-in").click()
    expect(page.get_by_role("heading", name="Check-in")).to_be_visible()
    selected = page.locator("#checkin-session option:checked")
    expect(selected).to_contain_text("Dialogue: asymmetries in what youth know about each other")
    expect(selected).to_contain_text("check-in open")
    # Someone still to check in is found by name.
    page.locator("#checkin-search").fill("Minh")
    expect(page.get_by_role("button", name="Check in Nguyen Minh Anh")).to_be_visible()


def _walk_organiser(page, phone, email="organiser@bridges.demo"):
    _open(page, email)
    _header_is_one_row(page, phone=phone)
    nav = _nav(page, phone=phone)
    nav.get_by_text("My events").click()
    nav.get_by_role("link", name=NETWORK).click()
    page.get_by_role("link", name="Review and selection").click()
    expect(page.locator('select[name^="decision-"]')).to_have_count(19)
    expect(page.get_by_role("link", name="CSV")).to_be_visible()
    # The messages already sent, on the ESG forum's page for writing to participants.
    _nav(page, phone=phone).get_by_text("My events").click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="ASEAN-Korea ESG Cooperation Programme: Youth Forum"
    ).click()
    page.get_by_role("link", name="Write to participants").click()
    expect(page.get_by_text("Welcome to {event_title}")).to_be_visible()


WALKS = [
    ("applicant", _walk_applicant),
    ("minor", _walk_minor),
    ("reviewer", _walk_reviewer),
    ("staff", _walk_staff),
    ("organiser", _walk_organiser),
    ("owner", lambda page, phone: _walk_organiser(page, phone, "owner@bridges.demo")),
]


def test_every_demo_login_lands_on_its_work(chromium, live_server):
    with time_machine.travel(FROZEN_NOW, tick=True):
        cache.clear()
        load_demo()
        failures = []
        for viewport in (PHONE, DESKTOP):
            phone = viewport is PHONE
            for role, walk in WALKS:
                context = chromium.new_context(viewport=viewport, base_url=live_server.url)
                context.set_default_timeout(10_000)
                page = context.new_page()
                page.base_url = live_server.url
                try:
                    walk(page, phone)
                except (AssertionError, PlaywrightTimeout) as exc:  # every role, not the first only
                    failures.append(f"{role} at {viewport['width']} px: {exc}")
                finally:
                    context.close()
        assert failures == []
