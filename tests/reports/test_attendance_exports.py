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
