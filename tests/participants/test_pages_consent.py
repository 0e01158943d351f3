"""The guardian consent page: what is consented to, the button, and bad links (4xx, never 500)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from participants import services
from participants.enums import ApplicationStatus
from participants.models import GuardianConsent
from tests.factories.participants import ApplicationFactory, ProfileFactory
from tests.factories.programmes import seoul_hanoi_legs
from tests.participants._pages import errors_of, verified_client

S = ApplicationStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def request_consent(event):
    seoul_hanoi_legs(event)
    profile = ProfileFactory(full_name="Le Thi Hoa", date_of_birth=dt.date(2010, 8, 1))
    application = ApplicationFactory(
        event=event,
        applicant=profile.user,
        awaiting_consent=True,
    )
    consent = services.guardian_consent_request(application=application)
    return consent, services.consent_token(consent)


def test_consent_page_shows_what_is_consented_to(client, request_consent, event):
    consent, token = request_consent
    response = client.get(f"/consent/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Le Thi Hoa",
        "Le Van Nam",
        event.title,
        "5 July 2027 – 13 July 2027",
        "Seoul, South Korea",
        "Hanoi, Vietnam",
        consent.consent_text[:60],
        f"Consent text version {consent.consent_text_version}.",
        "I give my consent",
    ):
        assert text in html, text
    consent.refresh_from_db()
    assert consent.consented_at is None


def test_giving_consent_records_it_and_submits_the_application(client, request_consent):
    consent, token = request_consent
    response = client.post(
        f"/consent/{token}/",
        {"agree": "on"},
        HTTP_USER_AGENT="Phone browser",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200
    assert "Your consent is recorded" in response.content.decode()
    consent.refresh_from_db()
    assert consent.consented_at is not None
    assert consent.consented_ip == "203.0.113.9"
    assert consent.consented_user_agent == "Phone browser"
    assert consent.application.status == S.SUBMITTED
    # The link again: already given, no button, no second record, nothing personal.
    again = client.get(f"/consent/{token}/")
    assert again.status_code == 410
    html = again.content.decode()
    when = consent.consented_at.strftime("%Y-%m-%d %H:%M")
    assert f"Consent was already given on {when} (UTC). Thank you." in html
    for personal in ("I give my consent", "Le Thi Hoa", "Le Van Nam", "father", "nam@example.org"):
        assert personal not in html, personal
    repeated = client.post(f"/consent/{token}/", {"agree": "on"})
    assert repeated.status_code == 410
    assert "Le Thi Hoa" not in repeated.content.decode()
    assert consent.application.history.filter(to_status=S.SUBMITTED).count() == 1


@pytest.mark.parametrize("token", ["nonsense", "eyJjIjoxLCJuIjoieCJ9:1abc:forged"])
def test_invalid_link_is_a_clear_404(client, token):
    response = client.get(f"/consent/{token}/")
    assert response.status_code == 404
    assert "This consent link is not valid." in response.content.decode()
    assert client.post(f"/consent/{token}/", {"agree": "on"}).status_code == 404


def test_expired_link_is_a_clear_410(client, request_consent):
    consent, token = request_consent
    with time_machine.travel(consent.expires_at + dt.timedelta(minutes=1)):
        response = client.get(f"/consent/{token}/")
        assert response.status_code == 410
        assert "This consent link has expired." in response.content.decode()
        assert client.post(f"/consent/{token}/", {"agree": "on"}).status_code == 410
    consent.refresh_from_db()
    assert consent.consented_at is None


def test_replaced_link_stops_working(client, request_consent):
    consent, old_token = request_consent
    services.guardian_consent_request(application=consent.application)
    assert client.post(f"/consent/{old_token}/", {"agree": "on"}).status_code == 410
    assert not GuardianConsent.objects.filter(consented_at__isnull=False).exists()


def test_withdrawn_application_cannot_be_consented_to(client, request_consent):
    consent, token = request_consent
    services.application_withdraw(application=consent.application, by=consent.application.applicant)
    response = client.post(f"/consent/{token}/", {"agree": "on"})
    assert response.status_code == 409
    assert "no longer waiting for consent" in response.content.decode()
    consent.refresh_from_db()
    assert consent.consented_at is None


def test_consent_needs_the_box_ticked_and_says_so_beside_it(client, request_consent):
    consent, token = request_consent
    response = client.post(f"/consent/{token}/")
    assert response.status_code == 200
    assert errors_of(response.content.decode(), "id_agree") == ["Tick the box to give consent."]
    consent.refresh_from_db()
    assert consent.consented_at is None
    assert consent.application.status == S.AWAITING_GUARDIAN_CONSENT


def test_the_applicant_can_send_the_link_again(request_consent):
    consent, old_token = request_consent
    client = verified_client(consent.application.applicant, profile=False)
    page = client.get("/me/applications/").content.decode()
    assert f'action="/me/applications/{consent.application.pk}/resend-consent/"' in page
    response = client.post(
        f"/me/applications/{consent.application.pk}/resend-consent/", follow=True
    )
    assert "We have sent a new consent link to nam@example.org." in response.content.decode()
    assert GuardianConsent.objects.filter(application=consent.application).count() == 2
    assert client.get(f"/consent/{old_token}/").status_code == 410
    # Someone else cannot trigger mails to this guardian.
    assert (
        verified_client()
        .post(f"/me/applications/{consent.application.pk}/resend-consent/")
        .status_code
        == 404
    )


def test_the_consent_page_and_api_name_the_applicant_never_by_username(client, event):
    profile = ProfileFactory(full_name="", preferred_name="", date_of_birth=dt.date(2010, 8, 1))
    user = profile.user
    user.username, user.first_name, user.last_name = "mai.tran17", "Mai", "Tran"
    user.save()
    application = ApplicationFactory(event=event, applicant=user, awaiting_consent=True)
    token = services.consent_token(services.guardian_consent_request(application=application))
    html = client.get(f"/consent/{token}/").content.decode()
    assert "Mai Tran has applied to the programme below" in html
    assert "mai.tran17" not in html
    body = client.get(f"/api/v1/consent/{token}/").json()
    assert body["applicant_name"] == "Mai Tran"
