"""Naming a partner's focal point by name and address, through the organiser's partner
page and the API (one service): a verified account is linked at once; anyone else gets a
pending invitation mailed through the outbox, which the sign-up from its link (or a
sign-in with that address verified) turns into the focal point. A second invitation to the
same address sends nothing; a bad address is a 400 naming the field; organisers of other
organisations and focal points get 404 and change nothing."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from audit.models import LogEntry
from delegations.models import FocalPointInvitation
from notifications.models import Message
from programmes.enums import MemberRole
from tests.factories.programmes import PASSWORD, MembershipFactory, UserFactory

from .conftest import client_for

NEW_PASSWORD = "ministry-of-culture-2018"
TEMPLATE = "delegations/focal_point_invitation"


def _api(meeting):
    return f"/api/v1/partners/{meeting.first.partner_id}/focal-points/"


def _page(meeting):
    return f"/organise/events/{meeting.event.slug}/delegations/partners/{meeting.first.partner_id}/"


def _link(email: str) -> str:
    message = Message.objects.get(to_email=email, template=TEMPLATE)
    link = message.context["link"]
    assert link.startswith(settings.SITE_URL)
    return link[len(settings.SITE_URL) :]


def test_page_invites_a_new_address_and_the_sign_up_makes_the_focal_point(meeting):
    page = Client()
    page.force_login(meeting.organiser)
    assert page.get(_page(meeting)).status_code == 200
    response = page.post(
        _page(meeting),
        {"form": "focal", "focal-name": "Mira Petrova", "focal-email": "M.Petrova@Culture.BG"},
    )
    assert response.status_code == 302
    invitation = FocalPointInvitation.objects.get(partner=meeting.first.partner)
    assert (invitation.name, invitation.email, invitation.accepted_at) == (
        "Mira Petrova",
        "m.petrova@culture.bg",
        None,
    )
    mail = Message.objects.get(template=TEMPLATE)
    assert (mail.to_email, mail.to_name, mail.recipient) == (
        "m.petrova@culture.bg",
        "Mira Petrova",
        None,
    )
    assert mail.context["partner_name"] == "Republic of Bulgaria"
    listed = page.get(_page(meeting)).content.decode()
    assert "m.petrova@culture.bg" in listed and "invited, no account yet" in listed
    assert not get_user_model().objects.filter(email__iexact="m.petrova@culture.bg").exists()

    # The invited person follows the link and creates the account there.
    link = _link("m.petrova@culture.bg")
    browser = Client()
    form = browser.get(link)
    assert form.status_code == 200 and 'value="m.petrova@culture.bg"' in form.content.decode()
    refused = browser.post(link, {"password1": NEW_PASSWORD, "password2": "other-password-1"})
    assert refused.status_code == 400
    assert not get_user_model().objects.filter(email__iexact="m.petrova@culture.bg").exists()
    done = browser.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert (done.status_code, done["Location"]) == (302, "/me/delegations/")
    user = get_user_model().objects.get(email="m.petrova@culture.bg")
    assert set(meeting.first.partner.focal_points.all()) == {meeting.first_focal, user}
    assert EmailAddress.objects.get(user=user).verified
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Now a focal point: they see their delegation, and only theirs.
    assert browser.get(f"/delegations/{meeting.first.pk}/").status_code == 200
    assert browser.get(f"/delegations/{meeting.second.pk}/").status_code == 404
    actions = set(LogEntry.objects.values_list("action_type", flat=True))
    assert {"delegations.focal_point.invited", "delegations.focal_point.accepted"} <= actions
    # The link again: sign in (the account has a password now).
    again = Client().get(link)
    assert again.status_code == 302 and again["Location"].startswith("/accounts/login/")


def test_api_links_a_verified_account_at_once_and_sends_no_invitation(meeting):
    person = UserFactory(email="focal.two@mofa.bg")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client = client_for(meeting.organiser)
    response = client.post(
        _api(meeting), {"name": "Focal Two", "email": "Focal.Two@mofa.bg"}, format="json"
    )
    assert response.status_code == 201
    assert response.json() == {
        "status": "linked",
        "created": True,
        "user": person.pk,
        "invitation": None,
    }
    assert meeting.first.partner.focal_points.filter(pk=person.pk).exists()
    assert not FocalPointInvitation.objects.exists()
    assert not Message.objects.filter(template=TEMPLATE).exists()
    again = client.post(_api(meeting), {"name": "Focal Two", "email": person.email}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False
    listed = client.get(_api(meeting)).json()
    assert {f["email"] for f in listed["focal_points"]} == {
        meeting.first_focal.email,
        "focal.two@mofa.bg",
    }
    assert listed["pending"] == []


def test_api_second_invitation_to_one_address_is_idempotent(meeting):
    client = client_for(meeting.organiser)
    body = {"name": "Anan Chai", "email": "anan@culture.bg"}
    first = client.post(_api(meeting), body, format="json")
    assert first.status_code == 201 and first.json()["status"] == "invited"
    second = client.post(_api(meeting), body | {"email": "ANAN@culture.bg"}, format="json")
    assert second.status_code == 200
    assert second.json() == {
        "status": "invited",
        "created": False,
        "user": None,
        "invitation": first.json()["invitation"],
    }
    assert FocalPointInvitation.objects.count() == 1
    assert Message.objects.filter(template=TEMPLATE).count() == 1
    pending = client.get(_api(meeting)).json()["pending"]
    assert [(p["name"], p["email"]) for p in pending] == [("Anan Chai", "anan@culture.bg")]


def test_bad_address_or_missing_name_is_a_400_naming_the_field(meeting):
    client = client_for(meeting.organiser)
    bad = client.post(_api(meeting), {"name": "X", "email": "not-an-address"}, format="json")
    assert bad.status_code == 400 and "email" in bad.json()
    nameless = client.post(_api(meeting), {"name": " ", "email": "a@b.org"}, format="json")
    assert nameless.status_code == 400 and "name" in nameless.json()
    page = Client()
    page.force_login(meeting.organiser)
    response = page.post(
        _page(meeting), {"form": "focal", "focal-name": "X", "focal-email": "nope"}
    )
    assert response.status_code == 400
    assert 'id="focal-point-form"' in response.content.decode()
    assert not FocalPointInvitation.objects.exists()
    assert not Message.objects.filter(template=TEMPLATE).exists()


def test_other_organisations_and_focal_points_cannot_name_focal_points(meeting):
    stranger = MembershipFactory(role=MemberRole.ORGANISER).user
    body = {"name": "Intruder", "email": "intruder@example.org"}
    for user in (stranger, meeting.first_focal, meeting.second_focal):
        client = client_for(user)
        assert client.post(_api(meeting), body, format="json").status_code == 404
        assert client.get(_api(meeting)).status_code == 404
    page = Client()
    page.force_login(stranger)
    response = page.post(
        _page(meeting), {"form": "focal", "focal-name": "I", "focal-email": body["email"]}
    )
    assert response.status_code == 403
    assert not FocalPointInvitation.objects.exists()
    assert not Message.objects.filter(template=TEMPLATE).exists()


def test_signing_in_with_the_verified_address_claims_the_invitation(meeting):
    client = client_for(meeting.organiser)
    # The account exists but its address is not verified: invited, not linked.
    person = UserFactory(email="late@culture.bg")
    response = client.post(_api(meeting), {"name": "Late", "email": person.email}, format="json")
    assert response.json()["status"] == "invited"
    assert not meeting.first.partner.focal_points.filter(pk=person.pk).exists()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    browser = Client()
    signed_in = browser.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert meeting.first.partner.focal_points.filter(pk=person.pk).exists()
    assert FocalPointInvitation.objects.get().accepted_by == person


def test_the_link_signed_in_with_another_account_is_refused(meeting):
    client = client_for(meeting.organiser)
    client.post(_api(meeting), {"name": "Mira", "email": "mira@culture.bg"}, format="json")
    other = Client()
    other.force_login(meeting.second_focal)
    response = other.get(_link("mira@culture.bg"))
    assert response.status_code == 403 and "mira@culture.bg" in response.content.decode()
    assert not meeting.first.partner.focal_points.filter(pk=meeting.second_focal.pk).exists()
    tampered = _link("mira@culture.bg").rstrip("/")[:-3] + "zzz/"
    assert Client().get(tampered).status_code == 400


def test_focal_points_list_reads_in_constant_queries(meeting):
    client = client_for(meeting.organiser)

    def count() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(_api(meeting)).status_code == 200
        return len(seen)

    client.post(_api(meeting), {"name": "One", "email": "one@culture.bg"}, format="json")
    one = count()
    for n in range(2, 5):
        client.post(_api(meeting), {"name": f"P{n}", "email": f"p{n}@culture.bg"}, format="json")
        meeting.first.partner.focal_points.add(UserFactory())
    assert count() == one
    assert len(client.get(_api(meeting)).json()["pending"]) == 4
