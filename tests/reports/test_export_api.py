"""The export API: the registry's exports listed per caller, a small one streamed, a large
one as a job with its status, progress and file; the same rules (403 for reviewers and
staff, 404 for outsiders), privacy and audit as the export page."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import LogEntry
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from reports import services
from reports.models import ExportRun, RunStatus
from reports.services.tokens import token_create
from tests.factories.programmes import MembershipFactory

pytestmark = pytest.mark.django_db

BUILTIN = {"applications", "participants", "attendance", "messages", "review-scores", "selection"}


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_list_and_small_export_with_rules_privacy_and_audit(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    base = f"/api/v1/events/{event.slug}/exports/"
    # A read-only organisation token may run exports: running one is a read.
    _, key = token_create(
        by=people[MemberRole.OWNER],
        name="finance",
        organisation=event.organisation,
        role=MemberRole.ORGANISER,
        event=event,
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    listed = client.get(base)
    assert listed.status_code == 200
    by_name = {e["name"]: e for e in listed.json()}
    assert BUILTIN <= set(by_name)
    assert by_name["participants"]["formats"] == ["csv", "xlsx", "pdf"]
    assert by_name["participants"]["permission"] == "reports.run_export"

    response = client.get(f"{base}participants.csv?sensitive=true", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    confirmed = event.applications.filter(status=S.CONFIRMED)
    assert len(rows) - 1 == confirmed.count() == int(response["X-Export-Rows"])
    phone = rows[0].index("Phone")
    minor = confirmed.get(is_minor=True)
    assert next(r for r in rows[1:] if int(r[0]) == minor.pk)[phone] == ""  # privacy
    entry = LogEntry.objects.filter(action_type="reports.export.run").latest("pk")
    assert (entry.actor_id, entry.data["export"], entry.data["rows"], entry.data["sensitive"]) == (
        people[MemberRole.OWNER].pk,
        "participants",
        3,
        True,
    )

    bad = client.get(f"{base}participants.docx")
    assert bad.status_code == 400 and "format" in bad.json()
    assert client.get(f"{base}nothing.csv").status_code == 404
    runs = ExportRun.objects.count()
    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        assert as_user(people[role]).get(base).status_code == 403, role
        assert as_user(people[role]).get(f"{base}participants.csv").status_code == 403, role
    outsider = MembershipFactory(role=MemberRole.ORGANISER).user
    event.status = "draft"
    event.save(update_fields=["status"])
    assert as_user(outsider).get(f"{base}participants.csv").status_code == 404
    assert ExportRun.objects.count() == runs  # refused runs leave no trace


def test_large_export_is_a_job_with_progress_and_a_file(
    fixture_event, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services.exports, "SYNC_MAX_ROWS", 2)
    event, people = fixture_event["event"], fixture_event["people"]
    client = as_user(people[MemberRole.ORGANISER])
    base = f"/api/v1/events/{event.slug}/exports/"

    queued = client.get(f"{base}applications.xlsx")  # on_commit not run: still queued
    assert queued.status_code == 202 and queued.json()["status"] == RunStatus.QUEUED
    job = queued["Location"]
    assert job == f"{base}jobs/{queued.json()['id']}/"
    assert client.get(job).json()["download_url"] is None
    assert client.get(f"{job}download/").status_code == 409

    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(f"{base}applications.xlsx")
    assert started.status_code == 202
    status = client.get(f"{base}jobs/{started.json()['id']}/").json()
    submitted = event.applications.exclude(status=S.DRAFT).count()
    assert (status["status"], status["rows_done"], status["rows_total"], status["progress"]) == (
        RunStatus.DONE,
        submitted,
        submitted,
        100,
    )
    download = client.get(status["download_url"])
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(body(download))).active
    assert sheet.max_row - 1 == submitted and sheet.freeze_panes == "A2"

    for role in (MemberRole.REVIEWER, MemberRole.STAFF):
        assert as_user(people[role]).get(f"{base}jobs/{status['id']}/").status_code == 403
        assert as_user(people[role]).get(status["download_url"]).status_code == 403
    other = fixture_event["earlier"]
    assert (
        client.get(f"/api/v1/events/{other.slug}/exports/jobs/{status['id']}/").status_code == 404
    )
