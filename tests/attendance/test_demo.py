"""What the demo staff find on the day's check-in page, and yesterday's finished event."""

import pytest
from django.urls import reverse

from attendance.models import Certificate
from tests import demo_data
from tests.demo_data import NOW, client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module

TODAY = "asean-korea-youth-perceptions-dialogue"
YESTERDAY = "asean-korea-youth-network-alumni-day"


def test_staff_has_a_session_running_today_with_people_to_check_in(demo):
    client = client_for("staff@bridges.demo")
    page = client.get(reverse("attendance:check-in", args=[TODAY]))
    assert page.status_code == 200
    current = page.context["current"]
    assert current.title == "Dialogue: asymmetries in what youth know about each other"
    assert current.starts_at <= NOW < current.ends_at
    assert current.local_starts_at.date() == NOW.astimezone(current.zone).date()
    assert current.check_in_window == "open"
    roster = client.get(reverse("attendance-roster", args=[TODAY]))
    assert roster.status_code == 200 and len(roster.json()) == 11
    report = client.get(reverse("attendance-report", args=[TODAY])).json()
    assert "Dewi Lestari" in str(report)
    # Three were checked in to the running session; eight are still to come.
    checked = current.check_ins.count()
    assert checked == 3 and len(roster.json()) - checked == 8


def test_staff_checks_someone_in_through_the_api(demo):
    client = client_for("staff@bridges.demo")
    page = client.get(reverse("attendance:check-in", args=[TODAY]))
    current = page.context["current"]
    waiting = current.event.applications.filter(status="confirmed").exclude(
        check_ins__session=current
    )
    response = client.post(
        reverse("attendance-check-ins", args=[current.pk]),
        {"application": waiting.first().pk, "nonce": "demo-test-0001"},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content
    assert current.check_ins.count() == 4


def test_dashboard_links_the_csv_exports(demo):
    client = client_for("staff@bridges.demo")
    page = client.get(reverse("attendance:dashboard", args=[TODAY]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "?format=csv&amp;by=participant" in html and "?format=csv&amp;by=session" in html
    export = client.get(reverse("attendance:dashboard", args=[TODAY]), {"format": "csv"})
    assert export["Content-Type"].startswith("text/csv")


def test_yesterdays_event_is_over_with_attendance_and_certificates(demo):
    certificates = Certificate.objects.filter(event__slug=YESTERDAY)
    # Eight came; the one who left after the first session is under the threshold.
    assert certificates.count() == 7
    assert all(c.pdf for c in certificates)
    mine = certificates.get(application__applicant__email="applicant@bridges.demo")
    assert mine.attendance_percent == 100
    client = client_for("applicant@bridges.demo")
    agenda = client.get(reverse("attendance:my-agenda", args=[YESTERDAY]))
    assert agenda.status_code == 200 and agenda.context["certificate"] == mine
    verify = client.get(reverse("attendance:certificate-verify", args=[mine.code]))
    assert verify.status_code == 200 and "Dewi Lestari" in verify.content.decode()
