"""A pending focal-point invitation is withdrawn by the organiser (page and API DELETE) or
expires after the configured days: its link says so and makes no account."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from audit.models import LogEntry
from delegations.models import FocalPointInvitation
from notifications.models import Message
from programmes.enums import MemberRole
from tests.factories.programmes import MembershipFactory

from .conftest import client_for

TEMPLATE = "delegations/focal_point_invitation"
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _api(meeting):
    return f"/api/v1/partners/{meeting.first.partner_id}/focal-points/"


def _page(meeting):
    return f"/organise/events/{meeting.event.slug}/delegations/partners/{meeting.first.partner_id}/"


def _invite(meeting, email="new.focal@culture.bg"):
    response = client_for(meeting.organiser).post(
        _api(meeting), {"name": "New Focal", "email": email}, format="json"
    )
    assert response.status_code == 201, response.json()
    invitation = FocalPointInvitation.objects.get(pk=response.json()["invitation"])
    link = Message.objects.filter(to_email=email, template=TEMPLATE).latest("pk").context["link"]
    return invitation, link[len(settings.SITE_URL) :]


def _sign_up(link):
    return Client().post(link, {"password1": "ministry-2018-x", "password2": "ministry-2018-x"})


def test_api_delete_withdraws_and_the_link_then_makes_no_account(meeting):
    invitation, link = _invite(meeting)
    other = MembershipFactory(role=MemberRole.ORGANISER).user
    url = f"{_api(meeting)}invitations/{invitation.pk}/"
    assert client_for(other).delete(url).status_code == 404
    assert client_for(meeting.first_focal).delete(url).status_code == 404
    assert client_for(meeting.organiser).delete(url).status_code == 204
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert LogEntry.objects.filter(action_type="delegations.focal_point.withdrawn").count() == 1
    assert client_for(meeting.organiser).delete(url).status_code == 404
    assert client_for(meeting.organiser).get(_api(meeting)).json()["pending"] == []
    page = Client().get(link)
    assert page.status_code == 410 and 'id="invitation-expired"' in page.content.decode()
    assert _sign_up(link).status_code == 410
    assert not get_user_model().objects.filter(email__iexact="new.focal@culture.bg").exists()
    # The address can be invited again, with a new link.
    again, _link = _invite(meeting)
    assert again.pk != invitation.pk


def test_page_withdraws_a_pending_invitation(meeting):
    invitation, _link = _invite(meeting)
    page = Client()
    page.force_login(meeting.organiser)
    assert f'id="pending-{invitation.pk}"' in page.get(_page(meeting)).content.decode()
    response = page.post(_page(meeting), {"form": "withdraw", "invitation": invitation.pk})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert f'id="pending-{invitation.pk}"' not in page.get(_page(meeting)).content.decode()
    # Another organisation's organiser cannot withdraw anything.
    assert page.post(_page(meeting), {"form": "withdraw", "invitation": 0}).status_code == 404


def test_an_invitation_expires_after_the_configured_days(meeting, settings):
    settings.DELEGATIONS_FOCAL_POINT_INVITATION_DAYS = 10
    with time_machine.travel(START, tick=False):
        invitation, link = _invite(meeting)
    with time_machine.travel(START + dt.timedelta(days=9), tick=False):
        assert Client().get(link).status_code == 200
    with time_machine.travel(START + dt.timedelta(days=11), tick=False):
        page = Client().get(link)
        assert page.status_code == 410
        assert "has expired or was withdrawn" in page.content.decode()
        assert _sign_up(link).status_code == 410
        assert not get_user_model().objects.filter(email__iexact=invitation.email).exists()
        assert client_for(meeting.organiser).get(_api(meeting)).json()["pending"] == []
        # Inviting the address again sends a new invitation (the expired one is replaced).
        again, new_link = _invite(meeting, email=invitation.email)
        assert again.pk != invitation.pk and new_link != link
        assert Client().get(new_link).status_code == 200
