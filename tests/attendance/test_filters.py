"""Filters on the attendance lists (a session's check-ins, the roster, the no-shows) and
on the dashboard: each narrows the rows, a bad value is refused by name."""

import csv
import io

import pytest

from tests.attendance.test_reports import _at_end_of_day, day_one  # noqa: F401 - fixture
from tests.factories.attendance import ParticipantFactory
from tests.pages import browser, field_container


@pytest.fixture
def korean(event, day_one):  # noqa: F811 - the fixture imported above
    sessions, people = day_one
    person = ParticipantFactory(
        event=event, applicant__first_name="Min-jun", applicant__last_name="Kim", country="KR"
    )
    return sessions, {**people, "Min-jun": person}


def test_check_in_list_filters(staff_client, event, day_one):  # noqa: F811
    sessions, people = day_one
    url = f"/api/v1/sessions/{sessions[0].pk}/check-ins/"

    def names(query):
        response = staff_client.get(f"{url}?{query}")
        assert response.status_code == 200
        return sorted(c["participant"]["application"] for c in response.json())

    assert names("") == sorted([people["Anh"].pk, people["Bora"].pk])
    assert names("left_early=true") == [people["Bora"].pk]
    assert names("left_early=false") == [people["Anh"].pk]
    assert names("q=bora") == [people["Bora"].pk]
    late = f"/api/v1/sessions/{sessions[1].pk}/check-ins/?late=true"
    assert [c["participant"]["application"] for c in staff_client.get(late).json()] == [
        people["Anh"].pk
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("late=yes", "late"), ("method=telepathy", "method"), ("checked_out=maybe", "checked_out")],
)
def test_check_in_list_bad_filter_is_a_400_naming_it(
    staff_client,
    event,
    day_one,  # noqa: F811
    query,
    parameter,
):
    sessions, _people = day_one
    response = staff_client.get(f"/api/v1/sessions/{sessions[0].pk}/check-ins/?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_check_in_list_filter_answers_after_the_permission_check(
    applicant_client,
    event,
    day_one,  # noqa: F811
):
    sessions, _people = day_one
    url = f"/api/v1/sessions/{sessions[0].pk}/check-ins/?late=yes"
    assert applicant_client.get(url).status_code in (403, 404)


def test_roster_filters(staff_client, event, korean):
    _sessions, people = korean
    url = f"/api/v1/events/{event.slug}/check-in-roster/"
    assert len(staff_client.get(url).json()) == 4
    assert [c["application"] for c in staff_client.get(f"{url}?country=KR").json()] == [
        people["Min-jun"].pk
    ]
    assert [c["application"] for c in staff_client.get(f"{url}?q=chau").json()] == [
        people["Chau"].pk
    ]
    bad = staff_client.get(f"{url}?country=XX")
    assert bad.status_code == 400 and list(bad.json()) == ["country"]


def test_no_shows_filters(staff_client, event, korean):
    _sessions, people = korean
    url = f"/api/v1/events/{event.slug}/attendance/no-shows/"
    with _at_end_of_day(event):
        everyone = staff_client.get(url).json()
        korean_only = staff_client.get(f"{url}?country=kr").json()
        bad = staff_client.get(f"{url}?gender=robot")
    assert {r["application"] for r in everyone} == {
        people["Bora"].pk,
        people["Chau"].pk,
        people["Min-jun"].pk,
    }
    assert korean_only == [r for r in everyone if r["application"] == people["Min-jun"].pk]
    assert bad.status_code == 400 and list(bad.json()) == ["gender"]


def test_attendance_list_filters_are_in_the_schema(client):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    def names(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert {"late", "left_early", "checked_out", "method", "q"} <= names(
        "/api/v1/sessions/{session_id}/check-ins/"
    )
    assert {"country", "gender", "q"} <= names("/api/v1/events/{slug}/check-in-roster/")
    assert {"country", "gender", "q"} <= names("/api/v1/events/{slug}/attendance/no-shows/")


# --- the dashboard -----------------------------------------------------------------------


def test_dashboard_filters_the_participants_and_their_csv(
    organiser_client, staff_client, event, korean
):
    client = browser(organiser_client.user)
    url = f"/events/{event.slug}/attendance/"
    with _at_end_of_day(event):
        page = client.get(f"{url}?country=KR").content.decode()
        # The old address leads to the export registry's list, with the filters.
        export = client.get(f"{url}?country=KR&format=csv&by=participant", follow=True)
        staff = browser(staff_client.user).get(f"{url}?country=KR&format=csv", follow=True)
    participants = page[page.index('id="participants-heading"') :]
    assert "Min-jun Kim" in participants and "Anh Test" not in participants
    # The download link keeps the filters.
    assert "/exports/attendance-participants.csv?country=KR" in page
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Min-jun Kim"]
    assert staff.status_code == 403  # the organisers' export


def test_dashboard_bad_filter_shows_beside_the_field(staff_client, event, korean):
    client = browser(staff_client.user)
    with _at_end_of_day(event):
        response = client.get(f"/events/{event.slug}/attendance/?country=XX&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Unknown country code." in field_container(html, "id_country")
    assert "Anh Test" in html  # a bad filter narrows nothing


def test_dashboard_unknown_export_is_refused(staff_client, event, korean):
    with _at_end_of_day(event):
        response = browser(staff_client.user).get(f"/events/{event.slug}/attendance/?format=pdf")
    assert response.status_code == 400
    assert "Choose one of the CSV downloads above." in response.content.decode()
