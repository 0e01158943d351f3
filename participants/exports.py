"""An event's applications as rows: the export registry's ``applications`` list
(``reports.exports.lists``) writes them as CSV and XLSX for organisers.

Cells that a spreadsheet would read as a formula (starting with = + - @, tab or CR)
are prefixed with an apostrophe: applicants write these texts, organisers open them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from programmes.models import Event

from .enums import ApplicationStatus, QuestionKind
from .models import Application
from .selectors import event_questions, export_rows_queryset

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Positions in ``applications_table``'s header of the columns that say more about a person
# than the organisers need for most lists (birth date, age, phone, health needs): the
# export registry (reports.exports) leaves them out unless asked, and blank for a minor
# whose guardian has not consented.
SENSITIVE_COLUMNS = frozenset({6, 7, 14, 15, 16})
# Typed columns for spreadsheets: position -> kind (reports.exports.writers).
COLUMN_KINDS = {0: "int", 2: "datetime", 6: "date", 7: "int"}


# A number as people write it (a phone number, a negative amount): no operator after its
# sign, so no spreadsheet can run it, and it stays as written.
_PLAIN_NUMBER = re.compile(r"^[+-]?[\d\s().-]*\d$")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with an apostrophe before a text that a spreadsheet would run as a
    formula (OWASP "CSV injection"): the one rule for every export."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def _answer_text(kind: str, value: Any, file_name: str | None) -> Any:
    if value is None:
        return ""
    if kind == QuestionKind.FILE:
        return file_name or ""
    if kind == QuestionKind.YES_NO:
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _consent_text(application) -> str:
    if application.guardian_consented:
        return _("given")
    if application.status == ApplicationStatus.AWAITING_GUARDIAN_CONSENT:
        return _("pending")
    return _("not given")


def applications_table(event: Event) -> tuple[list[str], Iterator[list[Any]]]:
    """Header and rows: one row per sent application, one column per question."""
    header, rows = application_rows(event)
    return header, (row for _application, row in rows)


def application_rows(event: Event) -> tuple[list[str], Iterator[tuple[Application, list[Any]]]]:
    """``applications_table`` with each row's application beside it (privacy checks)."""
    questions = event_questions(event)
    zone = event.zone
    header = [
        _("ID"),
        _("Status"),
        _("Submitted (%(zone)s)") % {"zone": event.time_zone},
        _("Full name"),
        _("Preferred name"),
        _("Email"),
        _("Date of birth"),
        _("Age on first day"),
        _("Gender"),
        _("Country (quota)"),
        _("Nationalities"),
        _("Residence"),
        _("Organisation"),
        _("Languages"),
        _("Phone"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Guardian consent"),
        *[q.label for q in questions],
    ]

    def rows() -> Iterator[tuple[Application, list[Any]]]:
        application: Application
        for application in (
            export_rows_queryset(event).select_related("event").iterator(chunk_size=500)
        ):
            profile = getattr(application.applicant, "profile", None)
            answers = {a.question_id: a for a in application.answers.all()}
            row = [
                application.pk,
                application.get_status_display(),
                application.submitted_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                if application.submitted_at
                else "",
                profile.full_name if profile else "",
                profile.preferred_name if profile else "",
                application.applicant.email,
                application.date_of_birth.isoformat() if application.date_of_birth else "",
                application.age_on_first_day() if application.date_of_birth else "",
                application.get_gender_display() if application.gender else "",
                str(application.country or ""),
                ", ".join(str(c.code) for c in profile.nationalities) if profile else "",
                str(profile.country_of_residence or "") if profile else "",
                profile.affiliation if profile else "",
                ", ".join(profile.languages) if profile else "",
                profile.phone if profile else "",
                profile.dietary_needs if profile else "",
                profile.accessibility_needs if profile else "",
                _consent_text(application) if application.is_minor else "",
            ]
            for question in questions:
                answer = answers.get(question.pk)
                row.append(
                    _answer_text(
                        question.kind,
                        answer.value if answer else None,
                        answer.file.original_name if answer and answer.file_id else None,
                    )
                )
            yield application, [spreadsheet_safe(v) for v in row]

    return [spreadsheet_safe(h) for h in header], rows()
