"""The invitation link in the mail, through the pages: a focal point whose account was
made for them (no password) sets a password there (allauth's password form; their address
is verified by the link) and lands on their delegation, then signs in through allauth with
it; a focal point with an account signs in and lands there; a tampered link, or a link of
another purpose, is a clear 400 page; someone signed in with another account is told so."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from audit.models import LogEntry
from delegations import services
from delegations.enums import Participation, PartnerKind
from notifications.models import Message
from tests.factories.programmes import PASSWORD, UserFactory

from .conftest import person

NEW_PASSWORD = "ministry-of-culture-2018"


def _link_for(user) -> str:
    message = Message.objects.get(recipient=user, template="delegation_invitation")
    link = message.context["link"]
    assert link.startswith(settings.SITE_URL)
    return link[len(settings.SITE_URL) :]


def _invite(meeting, focal, key="bn"):
    partner = services.partner_save(
        organisation=meeting.event.organisation,
        key=key,
        data={"kind": PartnerKind.COUNTRY, "official_name": "Brunei Darussalam"},
        focal_points=[focal],
        by=meeting.organiser,
    )
    delegation = services.delegation_invite(
        event=meeting.event,
        partner=partner,
        participation=Participation.MEMBER,
        by=meeting.organiser,
    )
    services.invitations_send(event=meeting.event, by=meeting.organiser)
    return delegation


def test_a_focal_point_without_a_password_sets_up_the_account_and_lands_on_the_delegation(
    meeting,
):
    focal = get_user_model().objects.create_user(username="fp-bn", email="fp@mofa.gov.bn")
    focal.set_unusable_password()
    focal.save()
    delegation = _invite(meeting, focal)
    link = _link_for(focal)
    target = f"/delegations/{delegation.pk}/"

    browser = Client()
    page = browser.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Create your account" in html and 'value="fp@mofa.gov.bn"' in html
    # allauth's password checks: a mismatch is a 400 beside the field, nothing saved.
    refused = browser.post(link, {"password1": NEW_PASSWORD, "password2": "something-else"})
    assert refused.status_code == 400
    focal.refresh_from_db()
    assert not focal.has_usable_password()

    done = browser.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert (done.status_code, done["Location"]) == (302, target)
    landed = browser.get(target)
    assert landed.status_code == 200 and "Brunei Darussalam" in landed.content.decode()
    assert EmailAddress.objects.get(user=focal).verified
    assert LogEntry.objects.filter(action_type="delegations.invitation.account").exists()
    # The focal point nominates from there.
    response = browser.post(
        target, {f"nominee-{k}": v for k, v in person(7).items()} | {"nominee-rank": 1}
    )
    assert response.status_code == 302
    assert delegation.nominees.count() == 1

    # Later: the same link asks them to sign in; allauth accepts the verified address.
    later = Client()
    again = later.get(link)
    assert again.status_code == 302 and again["Location"].startswith("/accounts/login/")
    signed_in = later.post(again["Location"], {"login": "fp@mofa.gov.bn", "password": NEW_PASSWORD})
    assert (signed_in.status_code, signed_in["Location"]) == (302, target)


def test_an_existing_account_signs_in_and_lands_on_the_delegation(meeting):
    link = _link_for(meeting.first_focal)
    target = f"/delegations/{meeting.first.pk}/"
    EmailAddress.objects.create(
        user=meeting.first_focal, email=meeting.first_focal.email, verified=True, primary=True
    )
    browser = Client()
    response = browser.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    signed_in = browser.post(
        response["Location"], {"login": meeting.first_focal.email, "password": PASSWORD}
    )
    assert (signed_in.status_code, signed_in["Location"]) == (302, target)
    # Already signed in: straight on.
    assert browser.get(link)["Location"] == target


def test_a_tampered_link_or_one_of_another_purpose_is_a_clear_page(meeting):
    link = _link_for(meeting.first_focal)
    token = link.rstrip("/").rsplit("/", 1)[1]
    for bad in (token[:-2] + ("aa" if not token.endswith("aa") else "bb"), "nonsense"):
        response = Client().get(f"/delegations/invitation/{bad}/")
        assert response.status_code == 400
        assert "This invitation link is not valid" in response.content.decode()
    # A nominee's profile link is signed too, but for another purpose.
    nominee = services.nominee_nominate(
        delegation=meeting.first, data=person(1), by=meeting.first_focal
    )
    other = services.nominee_profile_url(nominee).rstrip("/").rsplit("/", 1)[1]
    assert Client().get(f"/delegations/invitation/{other}/").status_code == 400
    # Someone else signed in: told, not let through.
    stranger = Client()
    stranger.force_login(UserFactory())
    response = stranger.get(link)
    assert response.status_code == 403
    assert meeting.first_focal.email in response.content.decode()
