"""The event page and the application form in Korean and Thai, in headless Chromium at
phone width, and the language switcher keeping the page.

Screenshots go to pytest's tmp_path (and to $BRIDGES_SCREENSHOT_DIR when set, to look at).
"""

from __future__ import annotations

import datetime as dt
import os
import urllib.request

import pytest
from django.utils import timezone

from tests.browser.helpers import log_in
from tests.factories.programmes import EventFactory, LegFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "ko": {
        "event": "주요 정보",
        "form": "성명 (여권과 동일하게)",
        "change": "변경",
        "menu": "메뉴",
    },
    "th": {
        "event": "ข้อมูลสำคัญ",
        "form": "ชื่อเต็ม (ตามหนังสือเดินทาง)",
        "change": "เปลี่ยน",
        "menu": "เมนู",
    },
    "en": {"menu": "Menu"},
}


@pytest.fixture
def open_call(transactional_db, live_server):
    # The first request imports every app's URLs and views: warm the server up first.
    urllib.request.urlopen(f"{live_server.url}/livez", timeout=120).read()
    now = timezone.now()
    event = EventFactory(
        title="ASEAN-Korea Youth Network Workshop",
        applications_open_at=now - dt.timedelta(days=1),
        applications_close_at=now + dt.timedelta(days=9),
    )
    LegFactory(event=event)
    return event


def _screenshot(page, tmp_path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes().startswith(b"\x89PNG")
    if directory := os.environ.get("BRIDGES_SCREENSHOT_DIR"):
        page.screenshot(path=f"{directory}/language-{name}.png", full_page=True)


@pytest.mark.parametrize("language", ["ko", "th"])
def test_event_page_and_application_form_in_korean_and_thai(page, open_call, tmp_path, language):
    from allauth.account.models import EmailAddress

    from tests.factories.participants import ProfileFactory

    page.goto(f"/{language}/events/{open_call.slug}/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_text(TEXTS[language]["event"], exact=True).first.is_visible()
    _screenshot(page, tmp_path, f"event-{language}")

    profile = ProfileFactory(full_name="สมชาย ใจดี", preferred_language=language)
    EmailAddress.objects.create(
        user=profile.user, email=profile.user.email, verified=True, primary=True
    )
    log_in(page, profile.user)
    page.goto(f"/{language}/events/{open_call.slug}/apply/profile/")
    assert page.locator("html").get_attribute("lang") == language
    assert TEXTS[language]["form"] in page.locator("label[for=id_full_name]").inner_text()
    assert page.locator("#id_full_name").input_value() == "สมชาย ใจดี"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _screenshot(page, tmp_path, f"application-form-{language}")


def _switch(page, current: str, to: str) -> None:
    # On a phone the switcher folds behind the menu button with the navigation.
    page.get_by_role("button", name=TEXTS[current]["menu"]).click()
    page.select_option("#language-select", to)
    page.get_by_role("button", name=TEXTS[current]["change"]).click()


def test_the_switcher_keeps_the_page(page, open_call):
    page.goto(f"/ko/events/{open_call.slug}/")
    _switch(page, "ko", "th")
    page.wait_for_url(f"**/th/events/{open_call.slug}/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.get_by_text(TEXTS["th"]["event"], exact=True).first.is_visible()

    # Back to English: the unprefixed address, and the cookie keeps it there.
    _switch(page, "th", "en")
    page.wait_for_url(f"**/events/{open_call.slug}/")
    assert page.url.endswith(f"{page.base_url.split('//')[1]}/events/{open_call.slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
