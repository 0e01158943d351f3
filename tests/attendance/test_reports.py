import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client

from programmes.enums import SessionStatus, SessionType
from tests.factories.attendance import CheckInFactory, ParticipantFactory
from tests.factories.programmes import SessionFactory


@pytest.fixture
def day_one(event):
    """Three sessions that count, one meal and one cancelled lecture; three participants."""
    start = dt.datetime(2027, 7, 5, 9, 0, tzinfo=event.zone)
    sessions = [
        SessionFactory(
            event=event,
            title=f"S{i}",
            starts_at=start + dt.timedelta(hours=2 * i),
            ends_at=start + dt.timedelta(hours=2 * i, minutes=90),
        )
        for i in range(3)
    ]
    SessionFactory(
        event=event, title="Lunch", kind=SessionType.MEAL, starts_at=start + dt.timedelta(hours=3)
    )
    SessionFactory(event=event, title="Called off", status=SessionStatus.CANCELLED, starts_at=start)
    people = {
        name: ParticipantFactory(
            event=event, applicant__first_name=name, applicant__last_name="Test"
        )
        for name in ("Anh", "Bora", "Chau")
    }
    # Anh came to all three, late to the second; Bora to the first; Chau to none.
    for session in sessions:
        CheckInFactory(session=session, application=people["Anh"], late=session.title == "S1")
    CheckInFactory(session=sessions[0], application=people["Bora"], left_early=True)
    return sessions, people


def _at_end_of_day(event):
    return time_machine.travel(dt.datetime(2027, 7, 5, 23, 0, tzinfo=event.zone), tick=False)


def test_attendance_report_rates_per_session_and_participant(staff_client, event, day_one):
    sessions, people = day_one
    with _at_end_of_day(event):
        response = staff_client.get(f"/api/v1/events/{event.slug}/attendance/")
    assert response.status_code == 200
    body = response.json()
    assert [
        (s["title"], s["expected"], s["attended"], s["late"], s["left_early"])
        for s in body["sessions"]
    ] == [
        ("S0", 3, 2, 0, 1),
        ("S1", 3, 1, 1, 0),
        ("S2", 3, 1, 0, 0),
    ]
    assert [
        (p["name"], p["attended"], p["sessions_total"], round(p["rate"], 3))
        for p in body["participants"]
    ] == [
        ("Anh Test", 3, 3, 1.0),
        ("Bora Test", 1, 3, 0.333),
        ("Chau Test", 0, 3, 0.0),
    ]


def test_sessions_count_only_once_ended(staff_client, event, day_one):
    sessions, _people = day_one
    with time_machine.travel(sessions[1].ends_at, tick=False):
        body = staff_client.get(f"/api/v1/events/{event.slug}/attendance/").json()
    assert [s["title"] for s in body["sessions"]] == ["S0", "S1"]


def test_no_show_report_lists_confirmed_participants_without_check_in(staff_client, event, day_one):
    sessions, people = day_one
    with _at_end_of_day(event):
        rows = staff_client.get(f"/api/v1/events/{event.slug}/attendance/no-shows/").json()
    assert [(r["session_title"], r["name"]) for r in rows] == [
        ("S0", "Chau Test"),
        ("S1", "Bora Test"),
        ("S1", "Chau Test"),
        ("S2", "Bora Test"),
        ("S2", "Chau Test"),
    ]


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("anonymous_client", 401),
        ("applicant_client", 403),
        ("other_organiser_client", 403),
        ("reviewer_client", 403),
        ("staff_client", 200),
        ("organiser_client", 200),
    ],
)
def test_reports_permission_matrix(request, client_name, expected, event):
    client = request.getfixturevalue(client_name)
    for url in ("attendance/", "attendance/no-shows/", "check-in-roster/"):
        assert client.get(f"/api/v1/events/{event.slug}/{url}").status_code == expected, url


def test_roster_lists_only_confirmed_participants(staff_client, event, participant):
    ParticipantFactory(event=event, status="accepted")
    ParticipantFactory()  # another event
    assert staff_client.get(f"/api/v1/events/{event.slug}/check-in-roster/").json() == [
        {
            "application": participant.pk,
            "name": "Hà Nguyễn",
            "country": "VN",
            "country_name": "Vietnam",
            "photo_url": None,
        }
    ]


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv_body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_dashboard_csv_per_participant(organiser_client, event, day_one):
    with _at_end_of_day(event):
        client = _page_client(organiser_client.user)
        # The old address: the export registry's list (its audit entry, its streaming).
        response = client.get(f"/events/{event.slug}/attendance/?format=csv", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(_csv_body(response))))
    assert rows[0] == [
        "application_id",
        "name",
        "country",
        "sessions",
        "attended",
        "late",
        "left_early",
        "rate_percent",
    ]
    assert [r[1:] for r in rows[1:]] == [
        ["Anh Test", "VN", "3", "3", "1", "0", "100.0"],
        ["Bora Test", "VN", "3", "1", "0", "1", "33.3"],
        ["Chau Test", "VN", "3", "0", "0", "0", "0.0"],
    ]


def test_dashboard_and_csv_query_count_is_constant(
    organiser_client, event, day_one, django_assert_num_queries, django_assert_max_num_queries
):
    sessions, _people = day_one
    export = f"/organise/events/{event.slug}/exports/attendance-participants.csv"
    with _at_end_of_day(event):
        client = _page_client(organiser_client.user)
        _csv_body(client.get(export))
        with django_assert_max_num_queries(100) as small:
            _csv_body(client.get(export))
            client.get(f"/events/{event.slug}/attendance/")
        for _ in range(6):
            person = ParticipantFactory(event=event)
            for session in sessions:
                CheckInFactory(session=session, application=person)
        with django_assert_num_queries(len(small.captured_queries)):
            _csv_body(client.get(export))
            page = client.get(f"/events/{event.slug}/attendance/")
    assert page.status_code == 200
    assert "Mon 5 Jul 09:00 KST" in page.content.decode()
    assert len(small.captured_queries) < 25  # the page and the registry's audited run
    assert "Chau Test" in page.content.decode()


def test_dashboard_refuses_applicants(applicant_client, event):
    assert (
        _page_client(applicant_client.user).get(f"/events/{event.slug}/attendance/").status_code
        == 403
    )


def test_policy_is_read_by_staff_and_set_by_organisers(event, staff_client, organiser_client):
    url = f"/api/v1/events/{event.slug}/attendance/policy/"
    assert staff_client.get(url).json() == {
        "certificate_threshold": 80,
        "late_grace_minutes": 10,
        "check_in_opens_minutes": 30,
        "check_in_closes_minutes": 0,
        "certificates_issued_at": None,
    }
    assert staff_client.post(url, {"certificate_threshold": 50}, format="json").status_code == 403
    response = organiser_client.post(url, {"certificate_threshold": 75}, format="json")
    assert response.status_code == 200
    assert response.json()["certificate_threshold"] == 75
    assert response.json()["late_grace_minutes"] == 10
    bad = organiser_client.post(url, {"certificate_threshold": 150}, format="json")
    assert bad.status_code == 400
    assert "certificate_threshold" in bad.json()
    event.attendance_policy.refresh_from_db()
    assert event.attendance_policy.certificate_threshold == 75
