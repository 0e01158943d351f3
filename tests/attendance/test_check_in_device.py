"""Scanning devices (token authentication) through the one check-in path: the view, the
service, the output serializer. What a device meets at the door: a first scan, a repeat
scan, a replayed nonce, an offline-queued scan judged by the device's time, a revoked
pass, a pass of another event, a user who is not on the staff."""

import datetime as dt

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance.models import CheckIn
from programmes.enums import MemberRole
from tests.factories.attendance import (
    AttendancePolicyFactory,
    ParticipantFactory,
    PassFactory,
)
from tests.factories.programmes import (
    EventFactory,
    MembershipFactory,
    SessionFactory,
    VenueFactory,
)

from .conftest import check_in_url


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


@pytest.fixture
def staff_user(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=MemberRole.STAFF,
        user__first_name="Min-jun",
        user__last_name="Park",
    ).user


@pytest.fixture
def device(staff_user):
    return token_client(staff_user)


def post_scan(client, session, code, nonce, **extra):
    return client.post(
        check_in_url(session), {"pass_code": code, "nonce": nonce, **extra}, format="json"
    )


def test_a_first_scan_costs_three_queries(django_assert_num_queries, device, session, pass_):
    """Once the device's token and the session's scan facts are in the cache (an earlier
    scan put them there): the staff roles (the rule), the pass with its participant and
    whether they are checked in here, the INSERT. The test runs inside a transaction, so
    the INSERT gets a SAVEPOINT and RELEASE that a web request in autocommit does not send."""
    other = PassFactory(application=ParticipantFactory(event=session.event))
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=3), tick=False):
        assert post_scan(device, session, other.code, "warm-nonce-1").status_code == 201
        with django_assert_num_queries(3 + 2):
            response = post_scan(device, session, pass_.code, "first-nonce-1")
    assert response.status_code == 201, response.json()
    assert response["Content-Type"] == "application/json"
    row = CheckIn.objects.get(nonce="first-nonce-1")
    assert (row.session_id, row.application_id, row.checked_in_by_id) == (
        session.pk,
        pass_.application_id,
        device.user.pk,
    )
    assert row.method == "qr" and not row.late


def test_a_repeat_scan_is_a_plain_read_and_records_nothing(
    django_assert_num_queries, device, session, pass_, staff_user
):
    """The roles, the pass (which says the participant is checked in here) and one read
    of the earlier row: no refused INSERT."""
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=3), tick=False):
        first = post_scan(device, session, pass_.code, "repeat-nonce-1")
        with django_assert_num_queries(3):
            again = post_scan(device, session, pass_.code, "repeat-nonce-2")
    assert first.status_code == 201
    assert again.status_code == 200
    assert (again.json()["result"], again.json()["replayed"]) == ("already_checked_in", False)
    assert again.json()["message"] == "Already checked in at 09:03 by Min-jun Park."
    assert again.json()["check_in"] == first.json()["check_in"]
    assert CheckIn.objects.count() == 1


def test_a_replayed_nonce_answers_the_first_scan_again(device, session, pass_, during_session):
    first = post_scan(device, session, pass_.code, "queued-nonce-1")
    during_session.shift(dt.timedelta(minutes=4))
    again = post_scan(device, session, pass_.code, "queued-nonce-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "replayed": True}
    assert CheckIn.objects.count() == 1


SCENARIOS = {
    "on time": {},
    "late, after the policy's grace": {"minutes_in": 25, "grace": 10},
    "shown in the venue's zone": {"venue_zone": "Asia/Ho_Chi_Minh"},
    "participant without a profile": {"no_profile": True},
    "participant with a photo": {"photo": True},
    "staff known by username only": {"staff_unnamed": True},
    "offline scan judged by the device's time": {"scanned_minutes_in": 2, "minutes_in": 40},
    "device name and spaces": {"device": "  gate-2  "},
}


@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_a_first_scan_answers_the_whole_body_and_stores_the_row(scenario, event, organisation):
    venue = (
        VenueFactory(organisation=organisation, time_zone=scenario["venue_zone"])
        if "venue_zone" in scenario
        else None
    )
    session = SessionFactory(event=event, venue=venue)  # 09:00 Seoul, 5 July 2027
    if "grace" in scenario:
        AttendancePolicyFactory(event=event, late_grace_minutes=scenario["grace"])
    unnamed = scenario.get("staff_unnamed")
    staff = MembershipFactory(
        organisation=organisation,
        role=MemberRole.STAFF,
        user__first_name="" if unnamed else "Min-jun",
        user__last_name="" if unnamed else "Park",
    ).user
    participant = ParticipantFactory(
        event=event, applicant__first_name="Hà", applicant__last_name="Nguyễn"
    )
    profile = participant.applicant.profile
    if scenario.get("no_profile"):
        profile.delete()
    elif scenario.get("photo"):
        profile.photo_storage_name = "photos/ha.jpg"
        profile.photo_updated_at = session.starts_at - dt.timedelta(days=3)
        profile.save()
    pass_ = PassFactory(application=participant)
    now = session.starts_at + dt.timedelta(minutes=scenario.get("minutes_in", 5))
    scanned = session.starts_at + dt.timedelta(
        minutes=scenario.get("scanned_minutes_in", scenario.get("minutes_in", 5))
    )
    extra = {}
    if "scanned_minutes_in" in scenario:
        extra["scanned_at"] = scanned.isoformat()
    if "device" in scenario:
        extra["device"] = scenario["device"]

    with time_machine.travel(now, tick=False):
        response = post_scan(token_client(staff), session, pass_.code, "scenario-nonce", **extra)

    assert response.status_code == 201, response.json()
    row = CheckIn.objects.get()
    late = "grace" in scenario
    local = scanned.astimezone(session.zone)
    card = {
        "application": participant.pk,
        "name": "Hà Nguyễn",
        "country": "VN",
        "country_name": "Vietnam",
        "photo_url": profile.photo_url if scenario.get("photo") else None,
    }
    assert response.json() == {
        "result": "checked_in",
        "replayed": False,
        "message": f"Checked in at {local:%H:%M}{' (late)' if late else ''}.",
        "late": late,
        "participant": card,
        "check_in": {
            "id": row.pk,
            "session": session.pk,
            "participant": card,
            "method": "qr",
            "scanned_at": scanned.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "scanned_at_local": local.isoformat(),
            "recorded_at": now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "checked_in_by": staff.username if unnamed else "Min-jun Park",
            "device": "gate-2" if "device" in scenario else "",
            "late": late,
            "checked_out_at": None,
            "left_early": False,
        },
    }
    assert (row.scanned_at, row.recorded_at, row.late, row.device) == (
        scanned,
        now,
        late,
        "gate-2" if "device" in scenario else "",
    )
    if "venue_zone" in scenario:
        assert response.json()["check_in"]["scanned_at_local"].endswith("+07:00")


def test_a_revoked_pass_is_refused(device, session, pass_, during_session):
    pass_.revoked_at = session.starts_at
    pass_.save(update_fields=["revoked_at"])
    response = post_scan(device, session, pass_.code, "revoked-nonce")
    assert response.status_code == 400
    assert response.json()["code"] == "revoked_code"
    assert not CheckIn.objects.exists()


def test_a_pass_of_another_event_is_refused(device, session, organisation, during_session):
    other = PassFactory(
        application=ParticipantFactory(event=EventFactory(organisation=organisation))
    )
    response = post_scan(device, session, other.code, "wrong-event-nonce")
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_event"
    assert not CheckIn.objects.exists()


def test_a_scan_after_the_window_closed_is_refused(device, session, pass_):
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=1), tick=False):
        response = post_scan(device, session, pass_.code, "closed-nonce")
    assert response.status_code == 409
    assert response.json()["code"] == "check_in_closed"
    assert not CheckIn.objects.exists()


def test_a_browser_session_is_not_taken_for_its_token(staff_user, session, pass_):
    """DRF authenticates the session before the token and then checks CSRF."""
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user).key}")
    with time_machine.travel(session.starts_at, tick=False):
        client.force_login(staff_user)  # at the travelled time, or the session has expired
        response = post_scan(client, session, pass_.code, "csrf-nonce-1")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_an_inactive_users_token_is_refused(device, staff_user, session, pass_):
    staff_user.is_active = False
    staff_user.save()
    with time_machine.travel(session.starts_at, tick=False):
        response = post_scan(device, session, pass_.code, "inactive-nonce")
    # 401 with a challenge, as for any request that is not authenticated.
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")
    assert response.json()["detail"] == "User inactive or deleted."
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [(MemberRole.ORGANISER, 201), (MemberRole.STAFF, 201), (MemberRole.REVIEWER, 403)],
)
def test_only_scanning_roles_check_in(role, expected, organisation, session, pass_):
    user = MembershipFactory(organisation=organisation, role=role).user
    with time_machine.travel(session.starts_at, tick=False):
        response = post_scan(token_client(user), session, pass_.code, f"role-nonce-{role}")
    assert response.status_code == expected, response.json()
    assert CheckIn.objects.exists() is (expected == 201)
