"""API tokens made in the back office: scopes (role, one event, read only), expiry, last
use, revocation; personal tokens; DRF's authtoken keys (scanner devices) still work."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from programmes.enums import MemberRole
from reports.models import ApiToken
from tests.factories.programmes import EventFactory
from tests.pages import browser

pytestmark = pytest.mark.django_db


def _make(client, path, data) -> str:
    response = client.post(path, data)
    assert response.status_code == 302, response.content[:500]
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    # The newest message: earlier ones stay in the cookie until a page shows them.
    return re.findall(r"(brg_\S+)", text)[-1]


def api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_organisation_token_scopes_expiry_and_revocation(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    owner = browser(people[MemberRole.OWNER])
    path = f"/organise/organisations/{event.organisation.slug}/integrations/tokens/"
    key = _make(
        owner,
        path,
        {
            "name": "Finance office",
            "role": "organiser",
            "event": event.pk,
            "read_only": "on",
            "expires_in_days": "30",
        },
    )
    token = ApiToken.objects.get(name="Finance office")
    assert token.key_hash != key and key.startswith(token.key_start) and token.last_used_at is None

    assert api(key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert api(key).post(f"/api/v1/events/{event.slug}/stats/").status_code == 403  # read only
    other = EventFactory(organisation=event.organisation)
    assert api(key).get(f"/api/v1/events/{other.slug}/stats/").status_code == 403  # one event

    staff_key = _make(owner, path, {"name": "Door", "role": "staff", "expires_in_days": "30"})
    assert api(staff_key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 403  # its role
    # An organiser cannot make an owner's token.
    organiser = browser(people[MemberRole.ORGANISER])
    assert organiser.post(path, {"name": "x", "role": "owner"}).status_code == 404  # owners only

    with time_machine.travel(timezone.now() + dt.timedelta(days=31), tick=True):
        assert api(key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 401
    owner.post(f"{path}{token.pk}/revoke/")
    assert api(key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 401
    page = owner.get(f"/organise/organisations/{event.organisation.slug}/integrations/")
    assert "Finance office" in page.content.decode() and "revoked" in page.content.decode()


def test_personal_token_and_drf_token(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    staff = browser(people[MemberRole.STAFF])
    key = _make(staff, "/organise/tokens/", {"name": "Scanner 1", "expires_in_days": "7"})
    # The staff member's own access: signed in as them (403, not 401), nothing more.
    assert api(key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 403
    assert api("brg_not-a-key").get(f"/api/v1/events/{event.slug}/stats/").status_code == 401
    legacy = Token.objects.create(user=people[MemberRole.ORGANISER])
    assert api(legacy.key).get(f"/api/v1/events/{event.slug}/stats/").status_code == 200


def test_superuser_token_is_held_to_its_scopes(fixture_event):
    """A superuser's token answers by its role, read-only flag and event like anyone's
    (Django's has_perm says yes to a superuser before asking any rule)."""
    from reports.services.tokens import token_create
    from tests.factories.programmes import MembershipFactory, UserFactory

    event = fixture_event["event"]
    root = UserFactory(is_superuser=True, is_staff=True)
    MembershipFactory(organisation=event.organisation, user=root, role=MemberRole.OWNER)
    other = EventFactory(organisation=event.organisation)
    stats = f"/api/v1/events/{event.slug}/stats/"

    _, staff = token_create(by=root, name="door", organisation=event.organisation, role="staff")
    assert api(staff).get(stats).status_code == 403  # its role, not the superuser's
    _, reader = token_create(
        by=root, name="read", organisation=event.organisation, role="organiser", event=event
    )
    assert api(reader).get(stats).status_code == 200
    assert api(reader).post(f"/api/v1/events/{event.slug}/publish/").status_code == 403
    assert api(reader).get(f"/api/v1/events/{other.slug}/stats/").status_code == 403
    _, writer = token_create(
        by=root,
        name="write",
        organisation=event.organisation,
        role="staff",
        event=event,
        read_only=False,
    )
    assert api(writer).post(f"/api/v1/events/{event.slug}/publish/").status_code == 403
    # A personal token of a superuser who is no member of the other organisation.
    outsider = EventFactory()
    _, personal = token_create(by=root, name="mine", read_only=False)
    assert api(personal).get(f"/api/v1/events/{outsider.slug}/stats/").status_code in (403, 404)
    assert api(personal).get(stats).status_code == 200  # an owner's own access
    root.refresh_from_db()
    assert root.is_superuser and root.is_staff  # the request's copy only
    assert event.status == type(event).objects.get(pk=event.pk).status  # nothing published


def test_event_scoped_token_only_on_that_events_addresses(fixture_event):
    """The slug must name the event: an organisation that shares the event's slug is not
    that event, and an address without an event (the organisations list) is refused."""
    from reports.services.tokens import token_create

    event, people = fixture_event["event"], fixture_event["people"]
    organisation = event.organisation
    _, key = token_create(
        by=people[MemberRole.OWNER],
        name="one event",
        organisation=organisation,
        role=MemberRole.OWNER,
        event=event,
    )
    assert api(key).get(f"/api/v1/events/{event.slug}/").status_code == 200
    type(organisation).objects.filter(pk=organisation.pk).update(slug=event.slug)
    assert api(key).get(f"/api/v1/organisations/{event.slug}/").status_code == 403
    assert api(key).get("/api/v1/organisations/").status_code == 403


def test_staff_personal_token_posts_a_check_in(fixture_event):
    """A staff member makes a personal token on their tokens page and their scanner posts
    a check-in with it through the check-in API, recorded as theirs."""
    from attendance.models import CheckIn
    from participants.enums import ApplicationStatus
    from programmes.models import Session

    event, people = fixture_event["event"], fixture_event["people"]
    staff_user = people[MemberRole.STAFF]
    session = Session.objects.filter(event=event).order_by("starts_at").first()
    participant = (
        event.applications.filter(status=ApplicationStatus.CONFIRMED)
        .exclude(check_ins__session=session)
        .first()
    )
    url = f"/api/v1/sessions/{session.pk}/check-ins/"
    # At the session's start (check-in is open), where the token is made too (it expires).
    with time_machine.travel(session.starts_at, tick=True):
        key = _make(
            browser(staff_user),
            "/organise/tokens/",
            {"name": "Door scanner", "expires_in_days": "7"},
        )
        response = api(key).post(
            url, {"application": participant.pk, "nonce": "token-scan-0001"}, format="json"
        )
        assert response.status_code == 201, response.content
        assert (
            api("brg_not-a-key")
            .post(url, {"application": participant.pk, "nonce": "token-scan-0002"}, format="json")
            .status_code
            == 401
        )
    check_in = CheckIn.objects.get(session=session, application=participant)
    assert check_in.checked_in_by == staff_user
    assert ApiToken.objects.get(name="Door scanner").last_used_at is not None
