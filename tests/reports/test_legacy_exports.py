"""The old applications export URLs (documented API) run through the export registry:
its privacy rules, its audit entry, its streaming; and the selection page links to it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from audit.models import LogEntry
from participants.enums import ApplicationStatus as S
from programmes.enums import MemberRole
from tests.pages import browser

pytestmark = pytest.mark.django_db


def _people(fixture_event):
    applications = fixture_event["applications"]
    minor = next(a for a in applications if a.status == S.AWAITING_GUARDIAN_CONSENT)
    adult = next(a for a in applications if not a.is_minor and a.status == S.CONFIRMED)
    assert minor.is_minor
    # Values nobody else in the fixture has, so finding them anywhere in a file is a leak.
    minor.applicant.profile.phone = "+84 99 000 0007"
    minor.applicant.profile.save(update_fields=["phone"])
    minor.date_of_birth = dt.date(2010, 2, 3)
    minor.save(update_fields=["date_of_birth"])
    return minor, adult


def test_old_csv_and_xlsx_hide_a_minor_awaiting_consent_and_are_audited(fixture_event):
    event, organiser = fixture_event["event"], fixture_event["people"][MemberRole.ORGANISER]
    minor, adult = _people(fixture_event)
    client = browser(organiser)

    response = client.get(f"/api/v1/events/{event.slug}/applications/export.csv")
    assert response.status_code == 200 and response.streaming
    assert (
        response["Content-Disposition"] == f'attachment; filename="{event.slug}-applications.csv"'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    by_id = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows[1:]}
    # The documented columns are still there, filled for an adult ...
    assert by_id[adult.pk]["Phone"].lstrip("'") == adult.applicant.profile.phone
    assert by_id[adult.pk]["Date of birth"] == adult.date_of_birth.isoformat()
    # ... and blank for the minor whose guardian has not consented.
    assert by_id[minor.pk]["Phone"] == by_id[minor.pk]["Date of birth"] == ""
    assert by_id[minor.pk]["Age on first day"] == ""
    cells = {cell for row in rows for cell in row}
    assert minor.applicant.profile.phone not in cells
    assert minor.date_of_birth.isoformat() not in cells

    response = client.get(f"/api/v1/events/{event.slug}/applications/export.xlsx")
    assert response.status_code == 200 and response.streaming
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    xlsx_by_id = {r[0]: dict(zip(values[0], r, strict=True)) for r in values[1:]}
    assert xlsx_by_id[minor.pk]["Phone"] in ("", None)
    assert xlsx_by_id[minor.pk]["Date of birth"] in ("", None)
    assert xlsx_by_id[adult.pk]["Phone"].lstrip("'") == adult.applicant.profile.phone
    flat = {str(v) for row in values for v in row if v is not None}
    assert minor.applicant.profile.phone not in flat
    assert not any(v.startswith(minor.date_of_birth.isoformat()) for v in flat)

    entries = LogEntry.objects.filter(action_type="reports.export.run").order_by("pk")
    assert [(e.actor_id, e.data["export"], e.data["format"], e.data["rows"]) for e in entries] == [
        (organiser.pk, "applications", "csv", len(rows) - 1),
        (organiser.pk, "applications", "xlsx", len(rows) - 1),
    ]


def test_old_export_sensitive_off_and_reviewer_403(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    response = browser(people[MemberRole.ORGANISER]).get(
        f"/api/v1/events/{event.slug}/applications/export.csv?sensitive=0"
    )
    header = next(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert "Phone" not in header and "Date of birth" not in header and "Email" in header
    reviewer = browser(people[MemberRole.REVIEWER])
    assert reviewer.get(f"/api/v1/events/{event.slug}/applications/export.csv").status_code == 403
    assert not LogEntry.objects.filter(
        action_type="reports.export.run", actor=people[MemberRole.REVIEWER]
    ).exists()


def test_selection_page_links_to_the_registry(fixture_event):
    event, organiser = fixture_event["event"], fixture_event["people"][MemberRole.ORGANISER]
    html = browser(organiser).get(f"/review/events/{event.slug}/").content.decode()
    assert f"/organise/events/{event.slug}/exports/applications.csv" in html
    assert f"/organise/events/{event.slug}/exports/applications.xlsx" in html
    assert "/applications/export.csv" not in html


def test_desk_outbox_and_delegations_link_the_registry_which_audits(fixture_event):
    event, organiser = fixture_event["event"], fixture_event["people"][MemberRole.ORGANISER]
    client = browser(organiser)
    pages = {
        f"/organise/events/{event.slug}/applications/": ("applications", "csv"),
        f"/organiser/events/{event.pk}/outbox/": ("messages", "csv"),
        f"/organise/events/{event.slug}/delegations/": ("delegates", "csv"),
    }
    for page, (name, fmt) in pages.items():
        html = client.get(page).content.decode()
        link = f"/organise/events/{event.slug}/exports/{name}.{fmt}"
        assert link in html, page
        response = client.get(link)
        assert response.status_code == 200 and response.streaming, link
        b"".join(response.streaming_content)
    entries = LogEntry.objects.filter(action_type="reports.export.run", actor=organiser)
    assert sorted(e.data["export"] for e in entries) == ["applications", "delegates", "messages"]
