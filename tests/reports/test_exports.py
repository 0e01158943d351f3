"""The export registry through its pages: who may run what, the privacy rules, typed XLSX,
streamed rows, the background job with its mailed link, scheduled exports, audit."""

from __future__ import annotations

import csv
import gc
import io

import pytest
from django.contrib.auth import get_user_model
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook

from audit.models import LogEntry
from notifications.enums import MessageKind
from notifications.models import Message
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from reports import services
from reports.models import ExportRun, RunStatus, ScheduledExport
from tests.factories.programmes import MembershipFactory
from tests.pages import browser

pytestmark = pytest.mark.django_db

ORGANISER, OWNER, REVIEWER, STAFF = (
    MemberRole.ORGANISER,
    MemberRole.OWNER,
    MemberRole.REVIEWER,
    MemberRole.STAFF,
)


def url(event, name, fmt, query=""):
    return f"/organise/events/{event.slug}/exports/{name}.{fmt}{query}"


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_export_permissions_reviewer_and_staff_403(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    organiser = browser(people[ORGANISER])
    for name in (
        "applications",
        "participants",
        "attendance",
        "messages",
        "review-scores",
        "selection",
    ):
        assert organiser.get(url(event, name, "csv")).status_code == 200, name
    # The rule is the same for every list (the registry asks each export's own).
    for role in (REVIEWER, STAFF):
        for name in ("participants", "attendance"):
            assert browser(people[role]).get(url(event, name, "csv")).status_code == 403, (
                name,
                role,
            )
    outsider = MembershipFactory(role=ORGANISER).user
    assert browser(outsider).get(url(event, "participants", "csv")).status_code == 404
    assert browser(people[ORGANISER]).get(url(event, "participants", "docx")).status_code == 400
    assert browser(people[ORGANISER]).get(url(event, "nothing", "csv")).status_code == 404
    assert (
        browser(people[REVIEWER]).get(f"/organise/events/{event.slug}/exports/").status_code == 404
    )


def test_participants_csv_privacy_and_audit(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    organiser = people[ORGANISER]
    plain = read_csv(browser(organiser).get(url(event, "participants", "csv")))
    assert "Phone" not in plain[0] and "Date of birth" not in plain[0]
    assert len(plain) - 1 == event.applications.filter(status=S.CONFIRMED).count() == 3

    response = browser(organiser).get(url(event, "participants", "csv", "?sensitive=on"))
    rows = read_csv(response)
    phone = rows[0].index("Phone")
    by_id = {int(r[0]): r for r in rows[1:]}
    minor = next(a for a in fixture_event["applications"] if a.is_minor and a.status == S.CONFIRMED)
    adult = next(
        a for a in fixture_event["applications"] if not a.is_minor and a.status == S.CONFIRMED
    )
    assert by_id[minor.pk][phone] == ""  # no guardian consent: the minor's phone stays out
    assert by_id[adult.pk][phone] == adult.applicant.profile.phone != ""

    entries = LogEntry.objects.filter(action_type="reports.export.run").order_by("pk")
    assert [
        (e.actor_id, e.data["export"], e.data["rows"], e.data["sensitive"]) for e in entries
    ] == [
        (organiser.pk, "participants", 3, False),
        (organiser.pk, "participants", 3, True),
    ]


def test_xlsx_typed_and_frozen_and_pdf(fixture_event):
    event, organiser = fixture_event["event"], fixture_event["people"][ORGANISER]
    response = browser(organiser).get(url(event, "applications", "xlsx", "?sensitive=on"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    first = [c.value for c in sheet[2]]
    assert isinstance(first[0], int)  # ID
    submitted = first[header.index(next(h for h in header if h.startswith("Submitted")))]
    assert hasattr(submitted, "hour")  # a real date-time cell, not text
    assert sheet.max_row - 1 == event.applications.exclude(status=S.DRAFT).count()

    pdf = browser(organiser).get(url(event, "attendance", "pdf"))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_csv_streams_rows_without_holding_them(fixture_event):
    """A messages export of 1,500 rows: while the response streams, only a handful of
    Message objects are alive (a list of the rows would hold all 1,500)."""
    event, organiser = fixture_event["event"], fixture_event["people"][ORGANISER]
    Message.objects.bulk_create(
        Message(
            to_email=f"bulk{n}@example.org",
            kind=MessageKind.BROADCAST,
            template="broadcast",
            idempotency_key=f"reports-stream-{n}",
            event=event,
        )
        for n in range(1500)
    )

    def alive() -> int:
        gc.collect()
        # type(), not isinstance(): a dead weak proxy among the objects raises on __class__.
        return sum(type(o) is Message for o in gc.get_objects())

    # Other tests of the session may leave Message objects alive: count only what this
    # export adds.
    before = alive()
    response = browser(organiser).get(url(event, "messages", "csv"))
    chunks = iter(response.streaming_content)
    lines, held = 0, []
    for _chunk in chunks:
        lines += 1
        if lines in (300, 1000):
            held.append(alive() - before)
    assert lines == 1 + 1505
    assert max(held) < 50, held


def test_large_export_runs_in_background_and_mails_a_link(
    fixture_event, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.exports, "SYNC_MAX_ROWS", 2)
    event, organiser = fixture_event["event"], fixture_event["people"][ORGANISER]
    client = browser(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(event, "applications", "xlsx"))
    assert response.status_code == 302
    run = ExportRun.objects.get(event=event, export="applications", format="xlsx")
    assert run.status == RunStatus.DONE and run.rows_done == run.rows_total == 10
    mail = Message.objects.get(idempotency_key=f"reports-export:{run.pk}:{organiser.pk}")
    assert (
        mail.recipient == organiser
        and f"/organise/exports/{run.pk}/download/" in mail.context["account_text"]
    )
    download = client.get(f"/organise/exports/{run.pk}/download/")
    assert download.status_code == 302 and download["Location"].startswith("/files/")
    assert (
        browser(fixture_event["people"][STAFF])
        .get(f"/organise/exports/{run.pk}/download/")
        .status_code
        == 404
    )
    # A redelivered task finds the run done and does nothing again.
    assert services.export_run(run_id=run.pk) is None
    page = client.get(f"/organise/events/{event.slug}/exports/")
    assert f"/organise/exports/{run.pk}/download/" in page.content.decode()


def test_scheduled_export_once_per_day(
    fixture_event, eager_celery, django_capture_on_commit_callbacks
):
    event, people = fixture_event["event"], fixture_event["people"]
    client = browser(people[ORGANISER])
    form = {
        "export": "attendance",
        "format": "xlsx",
        "hour": "7",
        "minute": "0",
        "recipients": [people[OWNER].pk, people[ORGANISER].pk],
    }
    bad = client.post(f"/organise/events/{event.slug}/exports/", {**form, "hour": "25"})
    assert bad.status_code == 400 and not ScheduledExport.objects.exists()
    staff = client.post(
        f"/organise/events/{event.slug}/exports/", {**form, "recipients": [people[STAFF].pk]}
    )
    assert staff.status_code == 400  # staff may not receive an organiser's list
    assert client.post(f"/organise/events/{event.slug}/exports/", form).status_code == 302
    scheduled = ScheduledExport.objects.get(event=event)
    task = PeriodicTask.objects.get(pk=scheduled.periodic_task_id)
    assert (task.task, task.crontab.hour, str(task.crontab.timezone)) == (
        "reports.run_scheduled_export",
        "7",
        "Asia/Seoul",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.scheduled_export_fire(scheduled_id=scheduled.pk)
        services.scheduled_export_fire(scheduled_id=scheduled.pk)
    run = ExportRun.objects.get(scheduled=scheduled)
    assert run.status == RunStatus.DONE and run.requested_by is None
    assert set(
        Message.objects.filter(idempotency_key__startswith=f"reports-export:{run.pk}:").values_list(
            "recipient_id", flat=True
        )
    ) == {people[OWNER].pk, people[ORGANISER].pk}
    client.post(f"/organise/events/{event.slug}/exports/scheduled/{scheduled.pk}/delete/")
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()
    assert get_user_model().objects.filter(pk=people[OWNER].pk).exists()
