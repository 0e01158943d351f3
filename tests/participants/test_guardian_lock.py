"""A minor cannot consent for themselves: the guardian is locked once consent is asked
for, is never one of the applicant's own addresses, and only the organisers change it
(a fresh link, each step in the application's history)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress

from participants import services
from participants.enums import ApplicationStatus as S
from participants.models import Application, GuardianConsent, StatusChange
from tests.factories.participants import ProfileFactory
from tests.participants._pages import verified_client
from tests.participants.apply_helpers import DURING, MOTIVATION, motivation_id, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(DURING, tick=False):
        yield


GUARDIAN = {
    "guardian_name": "Tran Thi Mai",
    "guardian_email": "mai@example.org",
    "guardian_relation": "mother",
}


@pytest.fixture
def minor(event, applicant_client):
    """A 17-year-old with a second address on their account, and their draft."""
    open_call(event)
    user = applicant_client.user
    ProfileFactory(user=user, date_of_birth=dt.date(2010, 3, 1), full_name="Le Thi Hoa")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="hoa.backup@example.org", verified=True)
    draft = applicant_client.post(
        f"/api/v1/events/{event.slug}/application/draft/",
        {"answers": {str(motivation_id(event)): MOTIVATION}, **GUARDIAN},
        format="json",
    )
    assert draft.status_code == 201
    return applicant_client, draft.json()["id"]


def _submit(minor):
    client, pk = minor
    response = client.post(f"/api/v1/applications/{pk}/submit/")
    assert response.json()["status"] == "awaiting_guardian_consent"
    return client, pk


@pytest.mark.parametrize("own", ["account", "HOA.BACKUP@example.org"])
def test_a_draft_cannot_name_one_of_the_applicants_addresses_as_guardian(minor, own):
    client, pk = minor
    address = client.user.email.upper() if own == "account" else own
    response = client.patch(
        f"/api/v1/applications/{pk}/", {"guardian_email": address}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "guardian_email": ["Give your parent's or guardian's own address, not one of yours."],
        "code": "guardian_email_is_applicants",
    }
    assert Application.objects.get(pk=pk).guardian_email == "mai@example.org"


def test_awaiting_consent_the_applicant_can_neither_redirect_nor_empty_the_guardian(minor):
    client, pk = _submit(minor)
    locked = (
        "The parent or guardian cannot be changed once their consent has been asked for. "
        "Ask the organisers to change it."
    )
    # The attack: point the consent link at an address the minor reads.
    response = client.patch(
        f"/api/v1/applications/{pk}/", {"guardian_email": "friend@example.org"}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {"guardian_email": [locked], "code": "guardian_locked"}
    # Emptying the guardian is refused too, naming the first field.
    response = client.patch(
        f"/api/v1/applications/{pk}/",
        {"guardian_name": "", "guardian_email": "", "guardian_relation": ""},
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {"guardian_name": [locked], "code": "guardian_locked"}
    application = Application.objects.get(pk=pk)
    assert (application.guardian_name, application.guardian_email) == (
        "Tran Thi Mai",
        "mai@example.org",
    )
    # Sending the same details again (a form re-posted whole) changes nothing and passes.
    assert client.patch(f"/api/v1/applications/{pk}/", GUARDIAN, format="json").status_code == 200
    # A resend still goes to the guardian, and the history says so.
    assert client.post(f"/api/v1/applications/{pk}/guardian-consent/resend/").status_code == 200
    assert set(GuardianConsent.objects.values_list("guardian_email", flat=True)) == {
        "mai@example.org"
    }
    assert StatusChange.objects.filter(
        application_id=pk, note="Consent link sent again to mai@example.org."
    ).exists()


def test_a_resend_never_goes_to_an_empty_or_the_applicants_address(minor):
    client, pk = _submit(minor)
    # Details left empty by older data: the resend refuses instead of mailing nobody.
    Application.objects.filter(pk=pk).update(guardian_email="")
    response = client.post(f"/api/v1/applications/{pk}/guardian-consent/resend/")
    assert response.status_code == 400
    assert response.json()["code"] == "guardian_missing"
    assert "guardian_email" in response.json()
    Application.objects.filter(pk=pk).update(guardian_email=client.user.email)
    response = client.post(f"/api/v1/applications/{pk}/guardian-consent/resend/")
    assert response.status_code == 400
    assert response.json()["code"] == "guardian_email_is_applicants"
    assert GuardianConsent.objects.filter(application_id=pk).count() == 1


def test_consent_is_refused_once_the_guardians_address_is_the_applicants(minor, anonymous_client):
    client, pk = _submit(minor)
    token = services.consent_token(GuardianConsent.objects.get(application_id=pk))
    EmailAddress.objects.create(user=client.user, email="mai@example.org", verified=True)
    response = anonymous_client.post(f"/api/v1/consent/{token}/", {"agree": True}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "guardian_email_is_applicants"
    assert Application.objects.get(pk=pk).status == S.AWAITING_GUARDIAN_CONSENT


def test_the_organisers_change_the_guardian_and_a_fresh_link_goes_out(
    minor, organiser_client, other_organiser_client, anonymous_client
):
    client, pk = _submit(minor)
    old_token = services.consent_token(GuardianConsent.objects.get(application_id=pk))
    url = f"/api/v1/applications/{pk}/guardian/"
    new = {
        "guardian_name": "Le Van Nam",
        "guardian_email": "nam@example.org",
        "guardian_relation": "father",
        "note": "The mother's address bounced.",
    }
    # Not the applicant, not another organisation's organiser.
    assert client.post(url, new, format="json").status_code == 403
    assert other_organiser_client.post(url, new, format="json").status_code == 404
    # Still never the applicant's own address, never empty.
    own = organiser_client.post(
        url, {**new, "guardian_email": "hoa.backup@example.org"}, format="json"
    )
    assert own.status_code == 400 and own.json()["code"] == "guardian_email_is_applicants"
    empty = organiser_client.post(url, {**new, "guardian_name": ""}, format="json")
    assert empty.status_code == 400 and "guardian_name" in empty.json()

    response = organiser_client.post(url, new, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["guardian_name"], body["guardian_email"]) == ("Le Van Nam", "nam@example.org")
    assert body["history"][-1]["note"] == (
        "Guardian changed by the organisers from mai@example.org to nam@example.org. "
        "The mother's address bounced."
    )
    assert body["history"][-1]["by"] == organiser_client.user.pk
    latest = GuardianConsent.objects.filter(application_id=pk).order_by("-pk").first()
    assert latest.guardian_email == "nam@example.org"
    assert anonymous_client.get(f"/api/v1/consent/{old_token}/").status_code == 410
    shown = anonymous_client.get(f"/api/v1/consent/{services.consent_token(latest)}/")
    assert shown.status_code == 200 and shown.json()["guardian_name"] == "Le Van Nam"


def test_the_guardian_step_page_refuses_a_change_once_consent_is_asked_for(event):
    open_call(event)
    client = verified_client()
    client.user.profile.date_of_birth = dt.date(2010, 3, 1)
    client.user.profile.save()
    services.application_save_draft(
        event=event,
        applicant=client.user,
        answers={motivation_id(event): MOTIVATION},
        guardian=GUARDIAN,
    )
    client.post(f"/events/{event.slug}/apply/review/")
    page = client.get(f"/events/{event.slug}/apply/guardian/")
    assert "can no longer be changed here" in page.content.decode()
    response = client.post(
        f"/events/{event.slug}/apply/guardian/", {**GUARDIAN, "guardian_email": client.user.email}
    )
    assert response.status_code == 409
    assert "cannot be changed once their consent has been asked for" in response.content.decode()
    assert Application.objects.get(applicant=client.user).guardian_email == "mai@example.org"
