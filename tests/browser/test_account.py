"""An applicant manages their email addresses on a 375 px phone with the keyboard only."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from tests.browser.helpers import log_in
from tests.factories.programmes import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_an_address_by_keyboard_on_a_phone(page, settings, eager_celery):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # allauth's per-address mail rate limit lives in the cache
    user = UserFactory(email="thao@example.org")
    EmailAddress.objects.create(user=user, email="thao@example.org", verified=True, primary=True)
    log_in(page, user)
    page.goto("/me/applications/")
    page.get_by_role("link", name="Email and password").click()
    page.get_by_role("heading", name="Email addresses").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Refused: the reason beside the field, the typed text kept.
    page.locator("#id_email").focus()
    page.keyboard.type("thao-at-example")
    page.keyboard.press("Enter")
    page.locator("#id_email_error").wait_for()
    assert page.locator("#id_email").input_value() == "thao-at-example"
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"

    page.locator("#id_email").fill("thao.work@example.org")
    page.keyboard.press("Enter")
    page.get_by_text("Not verified yet").wait_for()
    assert EmailAddress.objects.get(email="thao.work@example.org", user=user).verified is False
    assert [m.to for m in mail.outbox] == [["thao.work@example.org"]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Each address is a radio with a focus ring a keyboard user can see.
    radio = page.locator('input[type=radio][value="thao.work@example.org"]')
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
