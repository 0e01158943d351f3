import datetime as dt

import pytest
import time_machine
from django.test import Client

from attendance.models import Certificate
from attendance.tasks import issue_certificates, issue_due_certificates
from tests.factories.attendance import AttendancePolicyFactory, CheckInFactory, ParticipantFactory
from tests.factories.programmes import SessionFactory, VenueFactory


@pytest.fixture(autouse=True)
def _eager(eager_celery):
    """Tasks issue the certificates; their PDFs go to the tests' in-memory storage."""


@pytest.fixture
def finished_event(event):
    """Ten lectures; Anh came to 10, Bora to 8 (80%: exactly the threshold), Chau to 7."""
    start = dt.datetime(2027, 7, 5, 9, 0, tzinfo=event.zone)
    sessions = [
        SessionFactory(event=event, starts_at=start + dt.timedelta(days=i // 2, hours=3 * (i % 2)))
        for i in range(10)
    ]
    people = {}
    for name, count in (("Anh", 10), ("Bora", 8), ("Chau", 7)):
        person = ParticipantFactory(
            event=event, applicant__first_name=name, applicant__last_name="Test"
        )
        for session in sessions[:count]:
            CheckInFactory(session=session, application=person)
        people[name] = person
    with time_machine.travel(dt.datetime(2027, 7, 20, tzinfo=dt.UTC), tick=False):
        yield event, people


def test_task_issues_only_at_or_above_the_threshold(finished_event):
    event, people = finished_event
    assert issue_certificates(event_id=event.pk) == 2
    certificates = {c.application_id: c for c in Certificate.objects.all()}
    assert set(certificates) == {people["Anh"].pk, people["Bora"].pk}
    bora = certificates[people["Bora"].pk]
    assert (
        bora.participant_name,
        bora.attendance_percent,
        bora.sessions_attended,
        bora.sessions_total,
    ) == (
        "Bora Test",
        80,
        8,
        10,
    )
    with bora.pdf.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-")
    assert f"/Keywords ({bora.code})".encode() in content
    assert f"/Subject ({event.title})".encode() in content


def test_task_is_idempotent(finished_event):
    event, _people = finished_event
    issue_certificates(event_id=event.pk)
    codes = dict(Certificate.objects.values_list("application_id", "code"))
    assert issue_certificates(event_id=event.pk) == 0
    assert dict(Certificate.objects.values_list("application_id", "code")) == codes


def test_per_event_threshold_and_rerun_adds_newcomers(finished_event):
    event, people = finished_event
    AttendancePolicyFactory(event=event, certificate_threshold=90)
    assert issue_certificates(event_id=event.pk) == 1
    event.attendance_policy.certificate_threshold = 70
    event.attendance_policy.save()
    assert issue_certificates(event_id=event.pk) == 2
    assert Certificate.objects.count() == 3


def test_task_for_a_deleted_event_returns_quietly(db):
    assert issue_certificates(event_id=987654) == 0


def test_periodic_scan_issues_for_ended_events_once(finished_event):
    event, _people = finished_event
    assert issue_due_certificates() == 1
    assert Certificate.objects.filter(event=event).count() == 2
    assert issue_due_certificates() == 0


def test_verification_page_is_public(finished_event):
    event, people = finished_event
    issue_certificates(event_id=event.pk)
    certificate = Certificate.objects.get(application=people["Anh"])
    response = Client().get(f"/certificates/verify/{certificate.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine." in html
    assert "Anh Test" in html and event.title in html
    assert "100%" in html
    # Lower case and surrounding spaces are forgiven; an unknown code is "not found".
    assert Client().get(f"/certificates/verify/{certificate.code.lower()}/").status_code == 200
    missing = Client().get("/certificates/verify/AAAA-BBBB-CCCC/")
    assert missing.status_code == 404
    assert "Not found." in missing.content.decode()
    api = Client().get(f"/api/v1/certificates/{certificate.code}/")
    assert api.json()["participant_name"] == "Anh Test"


def test_download_only_by_the_participant_or_organisers(
    finished_event, organiser_client, applicant_client, staff_client
):
    event, people = finished_event
    issue_certificates(event_id=event.pk)
    certificate = Certificate.objects.get(application=people["Anh"])
    url = f"/certificates/{certificate.code}/download/"

    def get_as(user):
        client = Client()
        client.force_login(user)
        return client.get(url)

    own = get_as(people["Anh"].applicant)
    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    assert get_as(organiser_client.user).status_code == 200
    assert get_as(people["Bora"].applicant).status_code == 404
    assert get_as(applicant_client.user).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [
        ("applicant_client", 403),
        ("staff_client", 403),
        ("other_organiser_client", 403),
        ("organiser_client", 202),
    ],
)
def test_issue_endpoint_permission_matrix(
    request, client_name, expected, finished_event, django_capture_on_commit_callbacks
):
    event, _people = finished_event
    client = request.getfixturevalue(client_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/events/{event.slug}/certificates/issue/")
    assert response.status_code == expected
    assert Certificate.objects.count() == (2 if expected == 202 else 0)


def test_periodic_certificate_scan_is_in_the_beat_schedule():
    from backend.celery import app, collect_beat_schedule

    entry = collect_beat_schedule()["attendance-issue-due-certificates"]
    assert entry["task"] == "attendance.issue_due_certificates"
    assert entry["task"] in app.tasks


@pytest.fixture
def event_half_done(event):
    """Four lectures on the first two days; Anh came to the two that have ended."""
    start = dt.datetime.combine(event.start_date, dt.time(9, 0), tzinfo=event.zone)
    sessions = [
        SessionFactory(event=event, starts_at=start + dt.timedelta(days=i)) for i in range(4)
    ]
    anh = ParticipantFactory(event=event, applicant__first_name="Anh", applicant__last_name="Test")
    for session in sessions[:2]:
        CheckInFactory(session=session, application=anh)
    return event, sessions, anh


def test_no_certificates_while_the_event_runs(
    event_half_done, organiser_client, django_capture_on_commit_callbacks
):
    event, sessions, _anh = event_half_done
    with time_machine.travel(sessions[2].starts_at - dt.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = organiser_client.post(f"/api/v1/events/{event.slug}/certificates/issue/")
        assert response.status_code == 409
        assert response.json() == {
            "non_field_errors": [
                "Certificates can be issued once the event is over "
                f"({event.ends_at():%-d %B %Y}, 00:00, Asia/Seoul)."
            ],
            "code": "event_not_over",
        }
        assert callbacks == []
        # The task, run directly (or queued before a session moved later), issues nothing.
        assert issue_certificates(event_id=event.pk) == 0
    assert Certificate.objects.count() == 0


def test_certificates_after_the_event_count_every_session_that_took_place(event_half_done):
    event, sessions, anh = event_half_done
    AttendancePolicyFactory(event=event, certificate_threshold=70)
    CheckInFactory(session=sessions[2], application=anh)
    with time_machine.travel(event.ends_at() + dt.timedelta(minutes=1), tick=False):
        assert issue_certificates(event_id=event.pk) == 1
    certificate = Certificate.objects.get()
    assert (certificate.application_id, certificate.sessions_attended) == (anh.pk, 3)
    assert (certificate.sessions_total, certificate.attendance_percent) == (4, 75)


def test_a_session_ending_after_the_last_local_day_delays_certificates(event_half_done):
    """A venue whose zone is behind the event's: its evening session on the last day
    ends after midnight in the event's zone. Until it ends, no certificate."""
    event, sessions, anh = event_half_done
    hanoi = VenueFactory(organisation=event.organisation, time_zone="Asia/Ho_Chi_Minh")
    last = SessionFactory(
        event=event,
        venue=hanoi,
        starts_at=dt.datetime.combine(event.end_date, dt.time(22, 0), tzinfo=hanoi.zone),
    )
    assert last.ends_at > event.ends_at()
    for session in [*sessions[2:], last]:
        CheckInFactory(session=session, application=anh)
    with time_machine.travel(event.ends_at() + dt.timedelta(minutes=1), tick=False):
        assert issue_certificates(event_id=event.pk) == 0
    with time_machine.travel(last.ends_at, tick=False):
        assert issue_certificates(event_id=event.pk) == 1
    assert Certificate.objects.get().sessions_total == 5
