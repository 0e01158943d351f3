"""An organisation's team page: invitations by email (mail, signed link, accept), roles,
removal, and who may see or change what."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import LogEntry
from backoffice.models import Invitation
from notifications.models import Message
from programmes.enums import MemberRole
from programmes.models import Membership
from tests.factories.clock import FROZEN_NOW
from tests.factories.programmes import MembershipFactory, UserFactory
from tests.pages import browser, field_container

INVITEE = "new.reviewer@example.org"


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user


def team_url(organisation, name="backoffice:team", *args) -> str:
    return reverse(name, args=[organisation.slug, *args])


def invite(client, organisation, email=INVITEE, role=MemberRole.REVIEWER):
    return client.post(
        team_url(organisation, "backoffice:team-invite"), {"email": email, "role": role}
    )


def link_in(text: str) -> str:
    """The invitation link's path (the mail carries SITE_URL in front)."""
    found = re.search(r"https?://[^/\s]+(/organise/invitations/\S+/)", text)
    assert found, text
    return found.group(1)


def test_invitation_mailed_accepted_and_logged(
    owner, organisation, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(browser(owner), organisation)
    assert response.status_code == 302 and response["Location"] == team_url(organisation)
    # Through the outbox, delivered to the invited address only.
    row = Message.objects.get(to_email=INVITEE)
    assert row.status == "sent"
    assert [m.to for m in mail.outbox] == [[INVITEE]]
    assert organisation.name in mail.outbox[0].subject
    link = link_in(mail.outbox[0].body)

    invitee = UserFactory(email=INVITEE)
    page = browser(invitee).get(link)
    assert page.status_code == 200 and "Join the team" in page.content.decode()
    response = browser(invitee).post(link)
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=organisation, user=invitee)
    assert membership.role == MemberRole.REVIEWER
    logged = set(
        LogEntry.objects.filter(organisation_id=organisation.pk).values_list(
            "action_type", flat=True
        )
    )
    assert {
        "backoffice.invitation.sent",
        "backoffice.invitation.accepted",
        "programmes.membership.added",
    } <= logged
    # The team page lists the new member with their role.
    html = browser(owner).get(team_url(organisation)).content.decode()
    assert INVITEE in html

    # A used link says so, and changes nothing.
    again = browser(invitee).post(link)
    assert again.status_code == 409
    assert "already been used" in again.content.decode()
    assert Membership.objects.filter(organisation=organisation, user=invitee).count() == 1


def _sent_link(owner, organisation, email=INVITEE) -> str:
    invite(browser(owner), organisation, email=email)
    return link_in(Message.objects.get(to_email=email).context["account_text"])


def test_expired_link_gets_a_clear_page(owner, organisation):
    link = _sent_link(owner, organisation)
    invitee = UserFactory(email=INVITEE)
    with time_machine.travel(FROZEN_NOW + dt.timedelta(days=14, minutes=1), tick=False):
        response = browser(invitee).post(link)
    assert response.status_code == 409
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=invitee).exists()


def test_tampered_link_gets_a_clear_page(owner, organisation):
    link = _sent_link(owner, organisation)
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for path in (link.replace(token, forged), "/organise/invitations/nonsense/"):
        response = browser(UserFactory(email=INVITEE)).post(path)
        assert response.status_code == 404
        assert "not valid" in response.content.decode()


def test_withdrawn_link_and_a_second_invitation(owner, organisation):
    first = _sent_link(owner, organisation)
    # Inviting the address again withdraws the first link.
    invite(browser(owner), organisation, role=MemberRole.STAFF)
    assert Invitation.objects.filter(email=INVITEE, revoked_at=None).get().role == MemberRole.STAFF
    response = browser(UserFactory(email=INVITEE)).post(first)
    assert response.status_code == 409 and "withdrawn" in response.content.decode()


def test_only_the_invited_address_may_accept(owner, organisation):
    link = _sent_link(owner, organisation)
    someone = UserFactory(email="someone.else@example.org")
    page = browser(someone).get(link).content.decode()
    assert "Join the team" not in page and "another address" in page
    response = browser(someone).post(link)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=someone).exists()
    # Signed out: the page offers to sign in and come back.
    anonymous = Client().get(link).content.decode()
    assert f"?next={link}" in unquote(anonymous)


def test_invite_form_errors_beside_the_field(owner, organisation):
    client = browser(owner)
    response = invite(client, organisation, email="not an address")
    assert response.status_code == 400
    assert "valid email address" in field_container(response.content.decode(), "id_email")
    member = MembershipFactory(organisation=organisation, role=MemberRole.STAFF).user
    response = invite(client, organisation, email=member.email.upper())
    assert response.status_code == 409
    assert "already a member" in field_container(response.content.decode(), "id_email")
    response = invite(client, organisation, role=MemberRole.OWNER)
    assert response.status_code == 400
    assert "id_role" in response.content.decode()
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_owner_changes_a_role_and_removes_a_member(owner, organisation):
    client = browser(owner)
    member = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER)
    prefix = f"m{member.pk}"
    response = client.post(
        team_url(organisation, "backoffice:team-role", member.pk), {f"{prefix}-role": "staff"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == MemberRole.STAFF
    assert LogEntry.objects.filter(
        action_type="programmes.membership.changed", object_id=member.pk
    ).exists()
    response = client.post(team_url(organisation, "backoffice:team-remove", member.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()


def test_the_last_owner_stays(owner, organisation):
    client = browser(owner)
    mine = Membership.objects.get(user=owner)
    response = client.post(
        team_url(organisation, "backoffice:team-role", mine.pk), {f"m{mine.pk}-role": "staff"}
    )
    assert response.status_code == 409
    assert "at least one owner" in field_container(response.content.decode(), f"id_m{mine.pk}-role")
    response = client.post(team_url(organisation, "backoffice:team-remove", mine.pk))
    assert response.status_code == 409
    assert "at least one owner" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == MemberRole.OWNER


# Who may do what: owners change the team; organisers see it; everyone else sees nothing.
EXPECTED = {
    "anonymous": {"get": 302, "post": 302},
    "applicant": {"get": 404, "post": 404},
    "other_organiser": {"get": 404, "post": 404},
    "staff": {"get": 404, "post": 404},
    "reviewer": {"get": 404, "post": 404},
    "organiser": {"get": 200, "post": 403},
}


def test_event_team_lists_the_organisations_team(owner, organisation, event):
    reviewer = MembershipFactory(organisation=organisation, role=MemberRole.REVIEWER).user
    outsider = MembershipFactory(role=MemberRole.ORGANISER).user
    html = browser(owner).get(reverse("backoffice:event-team", args=[event.slug])).content.decode()
    assert owner.email in html and reviewer.email in html and outsider.email not in html
    assert f'href="{team_url(organisation)}"' in html
    # Reached from the event's card in the organiser area.
    area = browser(owner).get("/organise/").content.decode()
    assert f'href="{reverse("backoffice:event-team", args=[event.slug])}"' in area


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(role, owner, organisation, event):
    member = MembershipFactory(organisation=organisation, role=MemberRole.STAFF)
    invite(browser(owner), organisation)
    invitation = Invitation.objects.get()
    if role == "anonymous":
        client = Client()
    elif role == "applicant":
        client = browser(UserFactory())
    elif role == "other_organiser":
        client = browser(MembershipFactory(role=MemberRole.ORGANISER).user)
    else:
        client = browser(MembershipFactory(organisation=organisation, role=role).user)
    for url in (team_url(organisation), reverse("backoffice:event-team", args=[event.slug])):
        assert client.get(url).status_code == EXPECTED[role]["get"], url
    posts = [
        (
            team_url(organisation, "backoffice:team-invite"),
            {"email": "x@example.org", "role": "staff"},
        ),
        (
            team_url(organisation, "backoffice:team-role", member.pk),
            {f"m{member.pk}-role": "reviewer"},
        ),
        (team_url(organisation, "backoffice:team-remove", member.pk), {}),
        (team_url(organisation, "backoffice:invitation-withdraw", invitation.pk), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == EXPECTED[role]["post"], url
    member.refresh_from_db()
    assert member.role == MemberRole.STAFF
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert Invitation.objects.count() == 1


# --- the API: the same services and rules --------------------------------------------------


def _client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_invite_and_accept(owner, organisation, organiser_client, other_organiser_client):
    url = f"/api/v1/organisations/{organisation.slug}/invitations/"
    client = _client_for(owner)
    response = client.post(url, {"email": INVITEE, "role": "staff"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["email"] == INVITEE and response.json()["role"] == "staff"
    assert [row["email"] for row in client.get(url).json()] == [INVITEE]
    # Organisers see the invitations but do not invite; outsiders get a 404.
    assert organiser_client.get(url).status_code == 200
    denied = organiser_client.post(url, {"email": "x@example.org", "role": "staff"}, format="json")
    assert denied.status_code == 403
    assert other_organiser_client.get(url).status_code == 404
    bad = client.post(url, {"email": "x@example.org", "role": "owner"}, format="json")
    assert bad.status_code == 400 and "role" in bad.json()

    link = link_in(Message.objects.get(to_email=INVITEE).context["account_text"])
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitee = _client_for(UserFactory(email=INVITEE))
    assert invitee.post("/api/v1/invitations/accept/", {"token": token + "x"}).status_code == 404
    accepted = invitee.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert accepted.status_code == 201
    assert accepted.json()["role"] == "staff" and accepted.json()["email"] == INVITEE
    again = invitee.post("/api/v1/invitations/accept/", {"token": token}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "used"
