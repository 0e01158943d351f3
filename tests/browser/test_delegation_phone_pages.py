"""The focal point's and delegate's new pages at 375 px in headless Chromium (the browser
fixtures of tests/browser): the invitation link's account set-up, a nominee's photo on
the delegation page, the nominee's own link with their photo, and the delegate's agenda
with a bilateral. Nothing wider than the phone; each step does what it says."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from delegations import services
from delegations.enums import BilateralStatus
from delegations.models import Bilateral
from notifications.models import Message
from tests.browser.helpers import log_in
from tests.delegations.conftest import make_meeting, person
from tests.factories.programmes import VenueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png(path) -> str:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 90, 160)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return str(path)


def _fits(browser_page) -> None:
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_new_delegation_pages_work_on_a_phone(page, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "backend.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    meeting = make_meeting(seats=3)
    photo = _png(tmp_path / "portrait.png")

    # A focal point whose account was made for them follows the mail's link.
    focal = get_user_model().objects.create_user(username="fp-th2", email="fp2@mfa.go.th")
    focal.set_unusable_password()
    focal.save()
    meeting.second.partner.focal_points.add(focal)
    services.invitations_send(event=meeting.event, by=meeting.organiser)  # nothing new
    link = services.invitation_link_url(meeting.second, focal)[len(settings.SITE_URL) :]
    page.goto(link)
    _fits(page)
    page.get_by_label("Password", exact=True).fill("ministry-of-culture-2018")
    page.get_by_label("Password (again)").fill("ministry-of-culture-2018")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_selector("text=Your account is ready.")
    assert page.url.endswith(f"/delegations/{meeting.second.pk}/")
    _fits(page)

    # The first delegation's focal point adds a nominee's photo from the delegation page.
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal
    )
    log_in(page, meeting.first_focal)
    page.goto(f"/delegations/{meeting.first.pk}/")
    page.get_by_text("Add a photo").click()
    _fits(page)
    page.locator(f"#photo-{nominee.pk}").set_input_files(photo)
    page.get_by_role("button", name="Upload the photo").click()
    page.wait_for_selector(f"text=The photo of {nominee.full_name} is saved.")
    _fits(page)
    page.get_by_text("Change the photo").click()
    # The photo is served to the focal point (the image loads).
    page.wait_for_function(f"document.querySelector('#nominee-{nominee.pk} img').naturalWidth > 0")

    # The nominee's own link, on their phone.
    own = services.nominee_profile_url(nominee)[len(settings.SITE_URL) :]
    page.context.clear_cookies()
    page.goto(own)
    _fits(page)
    page.get_by_label("Photo (JPEG or PNG)").set_input_files(photo)
    page.get_by_role("button", name="Upload the photo").click()
    page.wait_for_selector("text=Your photo is saved.")
    page.wait_for_function("document.querySelector(\"img[alt='Your photo']\").naturalWidth > 0")
    _fits(page)

    # The accredited delegate's agenda lists a bilateral, in the event's time zone.
    services.nominee_accredit(nominee=nominee, by=meeting.organiser)
    starts = dt.datetime.combine(meeting.event.start_date, dt.time(15, 30), meeting.event.zone)
    Bilateral.objects.create(
        event=meeting.event,
        requester=meeting.first,
        counterpart=meeting.second,
        status=BilateralStatus.ACCEPTED,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        venue=VenueFactory(organisation=meeting.event.organisation, name="Room Rila"),
    )
    log_in(page, nominee.user)
    page.goto(f"/events/{meeting.event.slug}/my-agenda/")
    entry = page.locator(".appointment").inner_text()
    assert "Bilateral meeting with Kingdom of Thailand" in entry and "15:30" in entry
    assert "Room Rila" in entry
    _fits(page)
    assert Message.objects.filter(recipient=nominee.user, kind="confirmation_received").count() == 0
