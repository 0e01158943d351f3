"""The organiser's delegations pages on a phone (375 px) in headless Chromium: the partner
directory and its form fit the width, and the badges page follows a running print job
by htmx polling until its download link shows. (Here, with the browser fixtures of
tests/browser: importing them into another package starts a second Playwright.)"""

from __future__ import annotations

import pytest

from delegations.enums import BatchStatus
from delegations.models import BadgeBatch
from tests.browser.helpers import log_in
from tests.delegations.conftest import make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_pages_fit_a_phone_and_the_print_job_is_followed(page):
    meeting = make_meeting()
    event = meeting.event
    log_in(page, meeting.organiser)
    base = f"/organise/events/{event.slug}/delegations/"
    for path in ("partners/", "letter/", "documents/", "bilaterals/", "badges/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways: {width}px"
    page.goto(base + "partners/")
    assert "Republic of Bulgaria" in page.locator("#partners").inner_text()

    batch = BadgeBatch.objects.create(event=event, status=BatchStatus.RUNNING, done=1, total=4)
    page.goto(base + "badges/")
    assert page.locator("#badge-progress").get_attribute("value") == "25"
    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, done=4, storage_name="badges/x.pdf"
    )
    # No reload: htmx asks for the job again every 2 s and swaps the link in (the default
    # 15 s wait, not 6 s: a busy CI machine can be slow to answer a poll or two).
    link = page.locator("#badge-batch a", has_text="Download 4 badges (PDF)")
    link.wait_for()
    assert link.get_attribute("href") == f"/api/v1/badge-batches/{batch.pk}/file/"
    assert page.locator("#badge-progress").count() == 0
