"""The attendance dashboard's two lists (per participant, per session) as rows: one
function each, used by the dashboard's filtered CSV and by the export registry
(``reports.exports.partners``: ``attendance-participants``, ``attendance-sessions``),
so both write the same columns."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

PARTICIPANT_HEADER = [
    "application_id",
    "name",
    "country",
    "sessions",
    "attended",
    "late",
    "left_early",
    "rate_percent",
]
SESSION_HEADER = [
    "session_id",
    "title",
    "starts_at_utc",
    "expected",
    "attended",
    "late",
    "left_early",
    "rate_percent",
]


def participant_rows(report) -> Iterator[list[Any]]:
    """One row per participant of ``report`` (``selectors.attendance_report``)."""
    for row in report.participants:
        yield [
            row.application.pk,
            row.name,
            row.country,
            row.sessions_total,
            row.attended,
            row.late,
            row.left_early,
            round(row.rate * 100, 1),
        ]


def session_rows(report) -> Iterator[list[Any]]:
    """One row per session of ``report``."""
    for row in report.sessions:
        yield [
            row.session.pk,
            row.session.title,
            row.session.starts_at.isoformat(),
            row.expected,
            row.attended,
            row.late,
            row.left_early,
            round(row.rate * 100, 1),
        ]
