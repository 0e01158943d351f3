"""A scan reads the device's token and the session's scan facts from the cache: every
change that matters reaches the next scan, because the service (or the admin) that makes
it bumps the version they are kept under. The staff check is the rule, read each time."""

import datetime as dt

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance.services import policy_update
from participants.services.privacy import account_delete
from programmes.enums import MemberRole
from programmes.services.organisations import membership_remove
from programmes.services.sessions import session_cancel, session_update
from programmes.services.venues import venue_update
from tests.factories.attendance import AttendancePolicyFactory, ParticipantFactory, PassFactory
from tests.factories.programmes import MembershipFactory, VenueFactory

from .conftest import check_in_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=MemberRole.STAFF,
        user__first_name="Min-jun",
        user__last_name="Park",
    )


@pytest.fixture
def token(membership):
    return Token.objects.create(user=membership.user)


@pytest.fixture
def device(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def owner(organisation):
    return MembershipFactory(organisation=organisation, role=MemberRole.OWNER).user


@pytest.fixture
def at_minute(session):
    """Puts the clock ``minutes`` into the session (its start as it was at first)."""
    starts_at = session.starts_at
    # Ticking: the cache versions are clock readings, which a frozen clock would repeat.
    with time_machine.travel(starts_at, tick=True) as traveller:
        yield lambda minutes: traveller.move_to(starts_at + dt.timedelta(minutes=minutes))


def scan(device, session, nonce):
    """A first scan of a new participant of the session's event."""
    pass_ = PassFactory(application=ParticipantFactory(event=session.event))
    return device.post(
        check_in_url(session), {"pass_code": pass_.code, "nonce": nonce}, format="json"
    )


def test_a_token_removed_with_its_account_is_refused_at_the_next_scan(
    device, membership, session, at_minute
):
    at_minute(5)
    assert scan(device, session, "cache-nonce-1").status_code == 201
    account_delete(user=membership.user, require_password=False)
    assert scan(device, session, "cache-nonce-2").status_code == 401


def test_a_token_deleted_in_the_admin_is_refused_at_the_next_scan(
    device, token, session, at_minute, admin_client
):
    at_minute(5)
    assert scan(device, session, "cache-nonce-1").status_code == 201
    deleted = admin_client.post(
        f"/admin/authtoken/tokenproxy/{token.user_id}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302 and not Token.objects.exists()
    assert scan(device, session, "cache-nonce-2").status_code == 401


def test_staff_removed_from_the_organisation_are_refused_at_the_next_scan(
    device, membership, owner, session, at_minute
):
    at_minute(5)
    assert scan(device, session, "cache-nonce-1").status_code == 201
    membership_remove(membership=membership, by=owner)
    assert scan(device, session, "cache-nonce-2").status_code == 403


def test_a_session_moved_later_is_seen_by_the_next_scan(device, session, at_minute):
    at_minute(5)
    assert scan(device, session, "cache-nonce-1").status_code == 201
    session_update(
        session=session,
        data={
            "starts_at": session.starts_at + dt.timedelta(hours=3),
            "ends_at": session.ends_at + dt.timedelta(hours=3),
        },
    )
    refused = scan(device, session, "cache-nonce-2")
    assert refused.status_code == 409
    assert refused.json()["code"] == "check_in_not_open"


def test_a_cancelled_session_is_seen_by_the_next_scan(device, session, at_minute):
    at_minute(5)
    assert scan(device, session, "cache-nonce-1").status_code == 201
    session_cancel(session=session)
    refused = scan(device, session, "cache-nonce-2")
    assert (refused.status_code, refused.json()["code"]) == (409, "session_cancelled")


def test_a_new_grace_in_the_policy_is_seen_by_the_next_scan(device, event, session, at_minute):
    AttendancePolicyFactory(event=event, late_grace_minutes=10)
    at_minute(20)
    assert scan(device, session, "cache-nonce-1").json()["late"] is True
    policy_update(event=event, late_grace_minutes=30)
    assert scan(device, session, "cache-nonce-2").json()["late"] is False


def test_a_policy_changed_in_the_admin_is_seen_by_the_next_scan(
    device, event, session, at_minute, admin_client
):
    policy = AttendancePolicyFactory(event=event, late_grace_minutes=10)
    at_minute(20)
    assert scan(device, session, "cache-nonce-1").json()["late"] is True
    changed = admin_client.post(
        f"/admin/attendance/attendancepolicy/{policy.pk}/change/",
        {
            "event": event.pk,
            "certificate_threshold": policy.certificate_threshold,
            "late_grace_minutes": 30,
            "check_in_opens_minutes": policy.check_in_opens_minutes,
            "check_in_closes_minutes": policy.check_in_closes_minutes,
        },
    )
    assert changed.status_code == 302, changed.content
    assert scan(device, session, "cache-nonce-2").json()["late"] is False


def test_a_venue_moved_to_another_zone_is_seen_by_the_next_scan(
    device, organisation, session, at_minute
):
    venue = VenueFactory(organisation=organisation, time_zone="Asia/Seoul")
    session_update(session=session, data={"venue": venue})
    at_minute(5)
    # 09:05 in Seoul is 07:05 in Hanoi.
    assert scan(device, session, "cache-nonce-1").json()["message"] == "Checked in at 09:05."
    venue_update(venue=venue, data={"time_zone": "Asia/Ho_Chi_Minh"})
    assert scan(device, session, "cache-nonce-2").json()["message"] == "Checked in at 07:05."
