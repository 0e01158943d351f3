"""A staff member checks a participant in on the phone-sized staff page, by name search,
and a scan made while offline is kept on the device and sent once the network returns."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from attendance.models import CheckIn
from attendance.services import check_in_windows_record
from programmes.enums import MemberRole
from tests.browser.helpers import log_in
from tests.factories.attendance import ParticipantFactory
from tests.factories.programmes import EventFactory, MembershipFactory, SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    event = EventFactory(title="Youth Network Workshop")
    # Running now (check-in only counts inside the window), and marked open by the
    # periodic scan so the staff page lists it first.
    now = timezone.now()
    session = SessionFactory(
        event=event,
        title="Opening lecture",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=1),
    )
    check_in_windows_record()
    staff = MembershipFactory(organisation=event.organisation, role=MemberRole.STAFF).user
    ha = ParticipantFactory(event=event, applicant__first_name="Hà", applicant__last_name="Nguyễn")
    minji = ParticipantFactory(
        event=event, applicant__first_name="Minji", applicant__last_name="Kim"
    )
    return event, session, staff, ha, minji


def test_staff_checks_in_by_name_search(page, scene):
    event, session, staff, ha, _minji = scene
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/check-in/")
    page.wait_for_selector('#checkin[data-ready="1"]')
    assert page.locator("#checkin-session").input_value() == str(session.pk)

    # Accent-insensitive: "nguyen" finds "Hà Nguyễn".
    page.fill("#checkin-search", "nguyen")
    match = page.locator(".checkin-match", has_text="Hà Nguyễn")
    match.click()

    result = page.locator(".checkin-result--ok")
    result.wait_for()
    assert "Checked in" in result.inner_text()
    assert "Hà Nguyễn · Vietnam" in result.inner_text()
    check_in = CheckIn.objects.get()
    assert (check_in.session_id, check_in.application_id, check_in.checked_in_by_id) == (
        session.pk,
        ha.pk,
        staff.pk,
    )

    # The same person again: an amber answer naming who checked them in, no second row.
    page.fill("#checkin-search", "Hà")
    page.locator(".checkin-match", has_text="Hà Nguyễn").click()
    page.locator(".checkin-result--warn").wait_for()
    assert "Already checked in at" in page.locator("#checkin-result").inner_text()
    assert CheckIn.objects.count() == 1


def test_offline_scan_is_queued_and_synced_once(page, scene):
    event, session, staff, _ha, minji = scene
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/check-in/")
    page.wait_for_selector('#checkin[data-ready="1"]')
    page.fill("#checkin-search", "minji")
    page.locator(".checkin-match", has_text="Minji Kim").wait_for()

    page.context.set_offline(True)
    page.locator(".checkin-match", has_text="Minji Kim").click()
    page.locator(".checkin-result--warn", has_text="Saved on this device").wait_for()
    assert (
        page.evaluate(
            f"JSON.parse(localStorage.getItem('bridges.checkin.queue.{event.slug}')).length"
        )
        == 1
    )
    assert CheckIn.objects.count() == 0

    page.context.set_offline(False)
    page.locator(".checkin-result--ok").wait_for()
    assert (
        page.evaluate(
            f"JSON.parse(localStorage.getItem('bridges.checkin.queue.{event.slug}')).length"
        )
        == 0
    )
    assert list(CheckIn.objects.values_list("application_id", flat=True)) == [minji.pk]


def test_pass_photo_is_decoded_by_the_vendored_scanner_and_checked_in(page, scene, tmp_path):
    """The QR code we render is read back by html5-qrcode (the library the camera path
    uses) and the decoded code checks the person in: rendering, scanning and the API agree."""
    from attendance.services import pass_for_application

    event, session, staff, ha, _minji = scene
    pass_ = pass_for_application(application=ha)
    photo = tmp_path / "pass.png"
    png = Client().get(f"/passes/{pass_.feed_token}/qr.png")
    assert (png.status_code, png["Content-Type"]) == (200, "image/png"), png.content[:200]
    photo.write_bytes(png.content)

    log_in(page, staff)
    page.goto(f"/events/{event.slug}/check-in/")
    page.wait_for_selector('#checkin[data-ready="1"]')
    page.set_input_files("#checkin-photo", str(photo))

    page.locator("#checkin-result:not([hidden])").wait_for(timeout=30_000)
    result = page.locator("#checkin-result")
    assert result.get_attribute("class") == "checkin-result checkin-result--ok", result.inner_html()
    assert "Hà Nguyễn" in result.inner_text()
    check_in = CheckIn.objects.get()
    assert (check_in.application_id, check_in.method) == (ha.pk, "qr")


def test_staff_checks_someone_out_when_they_leave(page, scene):
    event, session, staff, ha, _minji = scene
    log_in(page, staff)
    page.goto(f"/events/{event.slug}/check-in/")
    page.wait_for_selector('#checkin[data-ready="1"]')
    page.fill("#checkin-search", "nguyen")
    page.locator(".checkin-match", has_text="Hà Nguyễn").click()
    page.locator(".checkin-result--ok").wait_for()

    page.check("#checkin-mode-out")
    page.fill("#checkin-search", "nguyen")
    page.locator(".checkin-match", has_text="Hà Nguyễn").click()
    page.locator(".checkin-result--ok", has_text="Checked out").wait_for()
    check_in = CheckIn.objects.get()
    assert check_in.checked_out_at is not None and check_in.checked_out_by_id == staff.pk
