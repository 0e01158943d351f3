"""What the demo applicant and the demo minor find when they sign in."""

import re

import pytest
from django.urls import reverse

from participants.models import Application
from programmes.models import Event
from tests import demo_data
from tests.demo_data import client_for

pytestmark = pytest.mark.django_db
demo = demo_data.demo  # loaded once for this module


def _statuses(html: str) -> dict[str, str]:
    """Event title -> status shown, from the My applications page."""
    found = re.findall(
        r'<h2 id="app-\d+"><a href="[^"]+">([^<]+)</a></h2>\s*<p>[^<]*<span class="status" '
        r'data-status="(\w+)"',
        html,
    )
    return dict(found)


def test_applicant_sees_applications_in_several_states(demo):
    page = client_for("applicant@bridges.demo").get(reverse("my-applications"))
    assert page.status_code == 200
    html = page.content.decode()
    statuses = _statuses(html)
    assert statuses == {
        "ASEAN-Korea Youth Network Workshop 2027": "under_review",
        "ASEAN Day Youth Culture Camp 2027": "draft",
        "ASEAN-Korea ESG Cooperation Programme: Youth Forum": "accepted",
        "ASEAN-Korea Youth Dialogue: Mutual Perceptions": "confirmed",
        "ASEAN-Korea Youth Network Alumni Day": "confirmed",
    }
    # The offer waits for an answer; the draft can be finished.
    assert "Confirm my place" in html and "Continue application" in html
    assert "You are selected!" in html


def test_applicant_can_confirm_the_offer_from_the_page(demo):
    client = client_for("applicant@bridges.demo")
    offer = Application.objects.get(
        applicant__email="applicant@bridges.demo", event__slug="asean-korea-esg-youth-forum"
    )
    response = client.post(reverse("my-application-confirm", args=[offer.pk]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "confirmed"


def test_applicant_profile_is_filled(demo):
    page = client_for("applicant@bridges.demo").get(reverse("my-profile"))
    assert page.status_code == 200
    html = page.content.decode()
    for shown in ("Dewi Lestari", "Universitas Gadjah Mada", "Asia/Jakarta", "Sri Lestari"):
        assert shown in html, shown
    api = client_for("applicant@bridges.demo").get("/api/v1/me/profile/")
    assert api.status_code == 200
    body = api.json()
    assert body["full_name"] == "Dewi Lestari"
    assert body["nationalities"] == ["ID"] and body["gender"] == "female"


def test_minor_waits_for_guardian_consent(demo):
    page = client_for("minor@bridges.demo").get(reverse("my-applications"))
    html = page.content.decode()
    assert _statuses(html) == {"ASEAN Day Youth Culture Camp 2027": "awaiting_guardian_consent"}
    assert "Tran Van Hung" in html and "guardian@bridges.demo" in html
    application = Application.objects.get(applicant__email="minor@bridges.demo")
    assert application.is_minor
    consent = application.guardian_consents.get()
    assert consent.guardian_email == "guardian@bridges.demo" and consent.consented_at is None


def test_an_open_call_accepts_minors(demo):
    open_calls = Event.objects.open_for_applications()
    camp = open_calls.get(min_age__lt=18)
    assert (camp.min_age, camp.max_age) == (15, 29)
    listing = client_for("minor@bridges.demo").get("/api/v1/events/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert any(r["slug"] == camp.slug and r["min_age"] == 15 for r in rows)
    page = client_for("minor@bridges.demo").get(reverse("event-page", args=[camp.slug]))
    assert page.status_code == 200 and "guardian" in page.content.decode()
