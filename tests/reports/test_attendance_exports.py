"""The attendance dashboard's two CSVs and the names page's list go through the export
registry: following each link writes one audit entry with the row count; staff and reviewers
get 403."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from attendance.models import CheckIn
from audit.models import LogEntry
from logistics.models import Grant
from participants.enums import ApplicationStatus as S
from participants.models import Application
from programmes.enums import MemberRole
from programmes.models import Session
from tests.pages import browser

pytestmark = pytest.mark.django_db


def test_dashboard_links_run_the_registry_exports_audited(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    # After the last session, so that every session counts.
    last = Session.objects.filter(event=event).order_by("-ends_at").first().ends_at
    with time_machine.travel(last + dt.timedelta(hours=1), tick=False):
        audited = _follow_links(event, people)
    assert audited == 2


def _follow_links(event, people) -> int:
    """Follow the dashboard's two registry links; the number of audit entries written."""
    organiser = browser(people[MemberRole.ORGANISER])
    page = organiser.get(f"/events/{event.slug}/attendance/")
    assert page.status_code == 200
    links = re.findall(r'href="([^"]*/exports/attendance-[a-z]+\.csv)"', page.content.decode())
    assert [link.rsplit("/", 1)[1] for link in links] == [
        "attendance-participants.csv",
        "attendance-sessions.csv",
    ]
    # Independent counts: confirmed participants expected at sessions, and the sessions.
    expected = {
        "attendance-participants": Application.objects.filter(
            event=event, status=S.CONFIRMED
        ).count(),
        "attendance-sessions": Session.objects.filter(event=event).count(),
    }
    for link in links:
        name = link.rsplit("/", 1)[1].removesuffix(".csv")
        before = LogEntry.objects.filter(action_type="reports.export.run").count()
        response = organiser.get(link)
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))[1:]
        entries = LogEntry.objects.filter(action_type="reports.export.run").order_by("pk")
        assert entries.count() == before + 1
        entry = entries.last()
        assert entry.data["export"] == name and entry.actor == people[MemberRole.ORGANISER]
        assert entry.data["rows"] == len(rows) == expected[name] > 0, name
        if name == "attendance-sessions":
            checked = CheckIn.objects.filter(
                session__event=event, application__status=S.CONFIRMED
            ).count()
            assert sum(int(r[4]) for r in rows) == checked > 0
        for role in (MemberRole.STAFF, MemberRole.REVIEWER):
            assert browser(people[role]).get(link).status_code == 403, (name, role)
    return LogEntry.objects.filter(action_type="reports.export.run").count()


def test_names_page_link_runs_the_registry_export_audited(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    organiser = browser(people[MemberRole.ORGANISER])
    page = organiser.get(reverse("logistics:people", args=[event.slug]))
    assert page.status_code == 200
    (link,) = re.findall(r'href="([^"]*/exports/names\.csv)"', page.content.decode())
    response = organiser.get(link)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    confirmed = Application.objects.filter(event=event, status=S.CONFIRMED)
    assert sorted(r[0] for r in rows[1:]) == sorted(a.applicant.get_full_name() for a in confirmed)
    entry = LogEntry.objects.get(action_type="reports.export.run")
    assert entry.data["export"] == "names" and entry.data["rows"] == confirmed.count() > 0
    for role in (MemberRole.STAFF, MemberRole.REVIEWER):
        assert browser(people[role]).get(link).status_code == 403, role


def test_grants_page_link_runs_the_registry_export_audited(fixture_event):
    event, people = fixture_event["event"], fixture_event["people"]
    confirmed = Application.objects.filter(event=event, status=S.CONFIRMED).order_by("pk")
    for n, application in enumerate(confirmed[:2]):
        Grant.objects.create(
            application=application, budget_line="EU", airfare=500 + n, airfare_currency="EUR"
        )
    organiser = browser(people[MemberRole.ORGANISER])
    page = organiser.get(reverse("logistics:grants", args=[event.slug]))
    assert page.status_code == 200
    (link,) = re.findall(r'href="([^"]*/exports/grants\.csv)"', page.content.decode())
    response = organiser.get(link)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(r[3] for r in rows[1:]) == ["500.00", "501.00"]
    entry = LogEntry.objects.get(action_type="reports.export.run")
    assert entry.data["export"] == "grants" and entry.data["rows"] == 2
    for role in (MemberRole.STAFF, MemberRole.REVIEWER):
        assert browser(people[role]).get(link).status_code == 403, role


def test_attendance_participants_export_takes_the_dashboards_filters(fixture_event):
    """The filters narrow the rows, are kept in the audit entry, and a bad one is a 400
    naming it (nothing audited)."""
    event, people = fixture_event["event"], fixture_event["people"]
    confirmed = Application.objects.filter(event=event, status=S.CONFIRMED)
    country = confirmed.values_list("country", flat=True).order_by("country").first()
    expected = confirmed.filter(country=country).count()
    assert 0 < expected < confirmed.count()
    api = APIClient()
    api.force_authenticate(people[MemberRole.ORGANISER])
    base = f"/api/v1/events/{event.slug}/exports/attendance-participants.csv"
    response = api.get(f"{base}?country={country.lower()}&sensitive=0")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert len(rows) == expected and {r[2] for r in rows} == {country}
    entry = LogEntry.objects.filter(action_type="reports.export.run").latest("pk")
    assert entry.data["rows"] == expected and entry.data["params"] == {"country": country.lower()}
    before = LogEntry.objects.count()
    bad = api.get(f"{base}?country=XX")
    assert bad.status_code == 400 and "country" in bad.json()
    assert LogEntry.objects.count() == before
    for role in (MemberRole.STAFF, MemberRole.REVIEWER):
        api.force_authenticate(people[role])
        assert api.get(f"{base}?country={country}").status_code == 403, role
