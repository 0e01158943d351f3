"""A focal point nominates a delegate from a phone (375 px) in headless Chromium."""

from __future__ import annotations

import pytest

from delegations.enums import NomineeStatus
from delegations.models import Nominee
from tests.browser.helpers import log_in
from tests.delegations.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_nominates_a_delegate_on_a_phone(page):
    meeting = make_meeting(seats=2)
    log_in(page, meeting.first_focal)
    page.goto(f"/delegations/{meeting.first.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.get_by_role("button", name="We will attend").click()
    page.wait_for_selector("text=Your answer is recorded.")
    page.get_by_label("Name as in passport").fill("Nguyễn Văn An")
    page.get_by_label("Title (H.E., Dr, Ms)").fill("H.E.")
    page.get_by_label("Function").fill("Vice-Minister of Culture")
    page.get_by_label("Email").fill("an.nguyen@example.org")
    page.get_by_label("Head of delegation").check()
    page.get_by_role("button", name="Nominate", exact=True).click()

    page.wait_for_selector("text=Nguyễn Văn An is nominated.")
    assert "1 of 2 seats taken." in page.locator("#seats").inner_text()
    assert "Nguyễn Văn An" in page.locator("#nominees").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    nominee = Nominee.objects.get(delegation=meeting.first)
    assert (nominee.full_name, nominee.is_head, nominee.status) == (
        "Nguyễn Văn An",
        True,
        NomineeStatus.NOMINATED,
    )
    # A refused nomination shows the reason next to the form, nothing is saved. (The
    # nominee's own "Replace" form now has fields of the same labels: name the new one's.)
    page.locator("#id_nominee-full_name").fill("Second Person")
    page.locator("#id_nominee-email").fill("an.nguyen@example.org")
    page.get_by_role("button", name="Nominate", exact=True).click()
    page.wait_for_selector("text=This person is nominated to this meeting already.")
    assert Nominee.objects.filter(delegation=meeting.first).count() == 1
