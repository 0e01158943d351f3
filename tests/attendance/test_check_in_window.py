"""Check-in windows: a scan counts only from the policy's opening (30 minutes before the
start by default) to its closing (the end by default), judged by the device's scan time;
the periodic scan records when each window opened and closed."""

import datetime as dt

import pytest
import time_machine

from attendance.models import CheckIn, SessionAttendanceState
from attendance.tasks import record_check_in_windows
from programmes.enums import SessionStatus
from tests.factories.attendance import AttendancePolicyFactory
from tests.factories.programmes import SessionFactory

from .conftest import check_in_url


def scan(client, session, code, nonce="nonce-window-1", **extra):
    return client.post(
        check_in_url(session), {"pass_code": code, "nonce": nonce, **extra}, format="json"
    )


@pytest.mark.parametrize(
    ("offset", "status", "code"),
    [
        # The session runs 09:00-10:30 Seoul time; the window is 08:30-10:30.
        (dt.timedelta(minutes=-31), 409, "check_in_not_open"),
        (dt.timedelta(minutes=-30), 201, None),
        (dt.timedelta(minutes=90), 201, None),
        (dt.timedelta(minutes=91), 409, "check_in_closed"),
    ],
)
def test_window_boundaries(staff_client, session, pass_, offset, status, code):
    with time_machine.travel(session.starts_at + offset, tick=False):
        response = scan(staff_client, session, pass_.code)
    assert response.status_code == status, response.json()
    if code:
        assert response.json()["code"] == code
        assert not CheckIn.objects.exists()
    else:
        assert CheckIn.objects.get().session == session


def test_refusal_names_the_session_and_the_local_time(staff_client, session, pass_):
    with time_machine.travel(session.starts_at - dt.timedelta(hours=2), tick=False):
        early = scan(staff_client, session, pass_.code)
    with time_machine.travel(session.ends_at + dt.timedelta(hours=2), tick=False):
        late = scan(staff_client, session, pass_.code)
    assert early.json()["non_field_errors"] == [
        "Check-in for Opening lecture opens at 07/05/2027 08:30 KST."
    ]
    assert late.json()["non_field_errors"] == [
        "Check-in for Opening lecture closed at 07/05/2027 10:30 KST."
    ]


def test_the_event_policy_moves_the_window(staff_client, event, session, pass_):
    AttendancePolicyFactory(event=event, check_in_opens_minutes=60, check_in_closes_minutes=15)
    with time_machine.travel(session.starts_at - dt.timedelta(minutes=45), tick=False):
        assert scan(staff_client, session, pass_.code, nonce="nonce-early").status_code == 201
    other = SessionFactory(event=event, starts_at=session.starts_at, ends_at=session.ends_at)
    with time_machine.travel(session.ends_at + dt.timedelta(minutes=10), tick=False):
        assert scan(staff_client, other, pass_.code, nonce="nonce-after").status_code == 201


def test_organisers_set_the_window_and_bad_values_name_the_field(event, organiser_client):
    url = f"/api/v1/events/{event.slug}/attendance/policy/"
    ok = organiser_client.post(url, {"check_in_opens_minutes": 45}, format="json")
    assert ok.status_code == 200 and ok.json()["check_in_opens_minutes"] == 45
    bad = organiser_client.post(url, {"check_in_closes_minutes": 5000}, format="json")
    assert bad.status_code == 400 and "check_in_closes_minutes" in bad.json()
    event.attendance_policy.refresh_from_db()
    assert event.attendance_policy.check_in_opens_minutes == 45
    assert event.attendance_policy.check_in_closes_minutes == 0


def test_offline_scan_made_inside_the_window_counts_after_it_closed(staff_client, session, pass_):
    scanned = session.starts_at + dt.timedelta(minutes=80)
    # The device was offline until long after the end; its scan time decides.
    with time_machine.travel(session.ends_at + dt.timedelta(hours=3), tick=False):
        response = scan(staff_client, session, pass_.code, scanned_at=scanned.isoformat())
    assert response.status_code == 201, response.json()
    assert CheckIn.objects.get().scanned_at == scanned


def test_offline_scan_made_outside_the_window_is_refused(staff_client, session, pass_):
    scanned = session.starts_at - dt.timedelta(hours=1)
    with time_machine.travel(session.starts_at + dt.timedelta(minutes=5), tick=False):
        response = scan(staff_client, session, pass_.code, scanned_at=scanned.isoformat())
    assert response.status_code == 409
    assert response.json()["code"] == "check_in_not_open"


def test_scan_time_in_the_future_is_refused_even_inside_the_window(staff_client, session, pass_):
    # Before the window opens, a device claiming a time inside it is not believed.
    with time_machine.travel(session.starts_at - dt.timedelta(hours=1), tick=False):
        response = scan(
            staff_client,
            session,
            pass_.code,
            scanned_at=(session.starts_at + dt.timedelta(minutes=1)).isoformat(),
        )
    assert response.status_code == 400
    assert "scanned_at" in response.json()
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "Opening lecture 체크인은 2027-7-5 08:30 KST에 시작합니다."),
        ("vi", "Điểm danh cho Opening lecture mở lúc 05-07-2027 08:30 KST."),
    ],
)
def test_refusal_is_translated(staff_client, session, pass_, language, expected):
    with time_machine.travel(session.starts_at - dt.timedelta(hours=2), tick=False):
        response = staff_client.post(
            check_in_url(session),
            {"pass_code": pass_.code, "nonce": "nonce-language"},
            format="json",
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.json()["non_field_errors"] == [expected]


def test_periodic_scan_records_open_and_closed_once(event, session):
    cancelled = SessionFactory(
        event=event, starts_at=session.starts_at, status=SessionStatus.CANCELLED
    )
    with time_machine.travel(session.starts_at - dt.timedelta(minutes=31), tick=False):
        assert record_check_in_windows() == 0
    assert not SessionAttendanceState.objects.exists()
    opened_at = session.starts_at - dt.timedelta(minutes=29)
    with time_machine.travel(opened_at, tick=False):
        assert record_check_in_windows() == 1
        assert record_check_in_windows() == 0  # idempotent
    state = SessionAttendanceState.objects.get(session=session)
    assert (state.window_state, state.check_in_opened_at) == ("open", opened_at)
    closed_at = session.ends_at + dt.timedelta(minutes=1)
    with time_machine.travel(closed_at, tick=False):
        assert record_check_in_windows() == 1
        assert record_check_in_windows() == 0
    state.refresh_from_db()
    assert (state.window_state, state.check_in_opened_at) == ("closed", opened_at)
    assert state.check_in_closed_at == closed_at
    assert not SessionAttendanceState.objects.filter(session=cancelled).exists()


def test_staff_page_lists_open_sessions_first_with_their_state(staff_client, event, session):
    from tests.attendance.test_pages import logged_in

    later = SessionFactory(
        event=event,
        title="Site visit",
        starts_at=session.starts_at + dt.timedelta(hours=2),
        ends_at=session.starts_at + dt.timedelta(hours=4),
    )
    with time_machine.travel(later.starts_at, tick=False):
        record_check_in_windows()
        html = logged_in(staff_client.user).get(f"/events/{event.slug}/check-in/")
    html = html.content.decode()
    assert f'value="{later.pk}" data-window="open" selected' in html
    assert f'value="{session.pk}" data-window="closed"' in html
    assert html.index("Site visit · check-in open") < html.index(
        "Opening lecture · check-in closed"
    )
