"""The one-statement path of a device's first valid scan (attendance/api/fast_check_in.py).

It must answer exactly as the full path does, store the same row, and step aside for
everything else. test_check_in_api.py runs every check-in case with a token too, so each
refusal there also goes through this path's "not mine" branch.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from attendance.models import CheckIn
from programmes.enums import MemberRole
from tests.factories.attendance import (
    AttendancePolicyFactory,
    ParticipantFactory,
    PassFactory,
)
from tests.factories.programmes import MembershipFactory, SessionFactory, VenueFactory

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


def post_scan(client, session, code, nonce, **extra):
    return client.post(
        check_in_url(session), {"pass_code": code, "nonce": nonce, **extra}, format="json"
    )


def test_a_first_scan_by_token_is_one_statement(
    django_assert_num_queries, staff_user, session, pass_
):
    client = token_client(staff_user)
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=3), tick=False):
        # The INSERT ... SELECT, inside a SAVEPOINT and RELEASE because the test runs
        # in a transaction (autocommit under gunicorn sends neither).
        with django_assert_num_queries(1 + 2):
            response = post_scan(client, session, pass_.code, "fast-nonce-1")
    assert response.status_code == 201, response.json()
    assert response["Content-Type"] == "application/json"
    assert "Accept" in response["Vary"]
    row = CheckIn.objects.get(nonce="fast-nonce-1")
    assert (row.session_id, row.application_id, row.checked_in_by_id) == (
        session.pk,
        pass_.application_id,
        staff_user.pk,
    )
    assert row.method == "qr" and not row.late


def _normalised(body: dict) -> dict:
    body = {**body, "check_in": {**body["check_in"], "id": "<id>"}}
    return body


SCENARIOS = {
    "on time": {},
    "late, after the policy's grace": {"minutes_in": 25, "grace": 10},
    "shown in the venue's zone": {"venue_zone": "Asia/Ho_Chi_Minh"},
    "participant without a profile": {"no_profile": True},
    "participant with a photo": {"photo": True},
    "staff known by username only": {"staff_unnamed": True},
    "offline scan with its own time": {"scanned_minutes_in": 2, "minutes_in": 40},
    "device name and spaces": {"device": "  gate-2  "},
}


@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_the_fast_path_answers_and_stores_like_the_full_path(
    settings, scenario, event, organisation
):
    venue = (
        VenueFactory(organisation=organisation, time_zone=scenario["venue_zone"])
        if "venue_zone" in scenario
        else None
    )
    session = SessionFactory(event=event, venue=venue)
    if "grace" in scenario:
        AttendancePolicyFactory(event=event, late_grace_minutes=scenario["grace"])
    staff = MembershipFactory(
        organisation=organisation,
        role=MemberRole.STAFF,
        user__first_name="" if scenario.get("staff_unnamed") else "Min-jun",
        user__last_name="" if scenario.get("staff_unnamed") else "Park",
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
    client = token_client(staff)
    now = session.starts_at + dt.timedelta(minutes=scenario.get("minutes_in", 5))
    extra = {}
    if "scanned_minutes_in" in scenario:
        scanned = session.starts_at + dt.timedelta(minutes=scenario["scanned_minutes_in"])
        extra["scanned_at"] = scanned.isoformat()
    if "device" in scenario:
        extra["device"] = scenario["device"]

    answers, rows = [], []
    for fast in (True, False):
        settings.BRIDGES_CHECK_IN_FAST_PATH = fast
        CheckIn.objects.all().delete()
        with time_machine.travel(now, tick=False):
            response = post_scan(client, session, pass_.code, "same-nonce-1", **extra)
        assert response.status_code == 201, response.json()
        answers.append(_normalised(response.json()))
        rows.append(
            CheckIn.objects.values(
                "session",
                "application",
                "nonce",
                "method",
                "scanned_at",
                "recorded_at",
                "checked_in_by",
                "device",
                "late",
                "checked_out_at",
                "left_early",
            ).get()
        )
    assert answers[0] == answers[1]
    assert rows[0] == rows[1]
    # And the answers say what the scenario is about, so a shared mistake would show.
    body = answers[0]
    assert body["late"] is ("grace" in scenario)
    assert body["participant"]["name"] == ("Hà Nguyễn")
    assert (body["participant"]["photo_url"] is not None) is bool(scenario.get("photo"))
    assert body["check_in"]["checked_in_by"] == (
        staff.username if scenario.get("staff_unnamed") else "Min-jun Park"
    )
    if "venue_zone" in scenario:
        assert body["check_in"]["scanned_at_local"].endswith("+07:00")
    if "device" in scenario:
        assert body["check_in"]["device"] == "gate-2"


def test_a_browser_session_is_not_taken_for_its_token(staff_user, session, pass_):
    """DRF authenticates the session before the token and then checks CSRF; the fast
    path must not accept a request DRF would refuse."""
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user).key}")
    with time_machine.travel(session.starts_at, tick=False):
        client.force_login(staff_user)  # at the travelled time, or the session has expired
        response = post_scan(client, session, pass_.code, "csrf-nonce-1")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_an_inactive_users_token_is_refused(staff_user, session, pass_):
    client = token_client(staff_user)
    staff_user.is_active = False
    staff_user.save()
    with time_machine.travel(session.starts_at, tick=False):
        response = post_scan(client, session, pass_.code, "inactive-nonce")
    # 401 with a challenge, as for any request that is not authenticated.
    assert response.status_code == 401
    assert response.has_header("WWW-Authenticate")
    assert response.json()["detail"] == "User inactive or deleted."
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("role", [MemberRole.ORGANISER, MemberRole.REVIEWER])
def test_only_scanning_roles_pass_the_statement(role, organisation, session, pass_):
    user = MembershipFactory(organisation=organisation, role=role).user
    with time_machine.travel(session.starts_at, tick=False):
        response = post_scan(token_client(user), session, pass_.code, f"role-nonce-{role}")
    expected = 201 if role == MemberRole.ORGANISER else 403
    assert response.status_code == expected, response.json()
    assert CheckIn.objects.exists() is (expected == 201)


@pytest.mark.django_db(transaction=True)
def test_a_connection_gone_stale_falls_back_and_counts_once(staff_user, session, pass_):
    """The path skips Django's per-request health check; a broken connection makes the
    full path run, whose check reconnects."""
    client = token_client(staff_user)
    connection.ensure_connection()
    connection.connection.close()  # as a database restart would leave it
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=1), tick=False):
        response = post_scan(client, session, pass_.code, "stale-nonce-1")
        again = post_scan(client, session, pass_.code, "stale-nonce-1")
    assert response.status_code == 201, response.json()
    assert again.json()["replayed"] is True
    assert CheckIn.objects.filter(nonce="stale-nonce-1").count() == 1


def test_the_statement_is_prepared_once_per_connection(staff_user, session, pass_):
    """Planning the statement costs more than running it: it must run prepared (unless
    prepared statements are switched off for PgBouncer)."""
    client = token_client(staff_user)
    with time_machine.travel(session.starts_at, tick=False):
        assert post_scan(client, session, pass_.code, "prepared-nonce-1").status_code == 201

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements"
                " WHERE statement LIKE %s AND statement LIKE %s",
                ["%INSERT INTO%", "%attendance_checkin%"],
            )
            return cursor.fetchone()[0]

    assert prepared() == 1
    other = PassFactory(application=ParticipantFactory(event=session.event))
    with time_machine.travel(session.starts_at, tick=False):
        assert post_scan(client, session, other.code, "prepared-nonce-2").status_code == 201
    assert prepared() == 1  # reused, not prepared again
