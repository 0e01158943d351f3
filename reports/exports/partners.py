"""The lists other apps already build, in the one registry: the delegations' list of
participants (``delegations.services.participants_list``), the attendance dashboard's
lists per participant (with the dashboard's participant filters) and per session
(``attendance.exports``, over ``attendance_report``) and the surveys' anonymised
responses (``surveys.exports.export_rows``, which applies the surveys' small-group
rules). The logistics lists are in ``reports.exports.travel``.

Each export asks its own app's rule, and reads through its app's function: nothing here
decides who is listed or what is hidden, it only lays the rows out as columns. These
lists are small (a meeting's delegates, a hotel's rooms, an event's respondents), so
their functions return lists rather than querysets. Registered by ``reports.apps``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance import exports as attendance_exports
from attendance.filters import report_of
from attendance.selectors import attendance_report
from backend.errors import BridgesError
from delegations.enums import ListGroup
from delegations.services import participants_list
from delegations.services.protocol import in_meeting_language
from participants.filters import ApplicationFilter
from participants.models import Application
from programmes.models import Event
from surveys.enums import Breakdown
from surveys.exports import export_rows
from surveys.models import Survey

from . import Column, Export, ExportContext, Row, register

# --- delegations: the list of participants -----------------------------------------------


def _delegates(event: Event):
    return [(row, person) for row in participants_list(event) for person in row.people]


def delegates_table(event: Event, context: ExportContext):
    """The official list of participants: its groups and delegations named in the
    meeting's language (``in_meeting_language``), as the printed list names them."""
    columns = [
        Column(_("Group"), width=14),
        Column(_("Delegation"), width=30),
        Column(_("Title"), width=10),
        Column(_("Name"), width=28),
        Column(_("Function"), width=28),
        Column(_("Ministry or organisation"), width=28),
        Column(_("Head of delegation"), "bool", width=10),
    ]
    groups = dict(ListGroup.choices)
    with in_meeting_language(event):  # a meeting's list is small: laid out at once
        rows = [
            Row(
                [
                    str(groups.get(row.group, row.group)),
                    row.delegation.partner.official_name,
                    person.honorific,
                    person.full_name,
                    person.function,
                    person.organisation_name,
                    person.is_head,
                ]
            )
            for row, person in _delegates(event)
        ]
    return columns, iter(rows)


# --- attendance: the dashboard's two lists ------------------------------------------------

# The dashboard's participant filters (``participants.filters.ApplicationFilter``).
PARTICIPANT_FILTERS = tuple(ApplicationFilter.base_filters)


def _participant_filter(event: Event, raw: Mapping[str, str]) -> ApplicationFilter:
    data = {name: raw[name] for name in PARTICIPANT_FILTERS if raw.get(name, "") != ""}
    return ApplicationFilter(data, queryset=Application.objects.filter(event=event))


def _clean_participant_filters(event: Event, raw: Mapping[str, str]) -> dict[str, str]:
    """The filters given, if the dashboard's filter accepts them; else a BridgesError
    naming the first bad one."""
    filters = _participant_filter(event, raw)
    if not filters.is_valid():
        name, errors = next(iter(filters.errors.items()))
        raise BridgesError(" ".join(errors), code="invalid", field=name)
    return dict(filters.data)


def _report(event: Event, context: ExportContext):
    """The dashboard's report, narrowed to the filtered participants as its page does."""
    report = attendance_report(event)
    if context.params:
        ids = _participant_filter(event, context.params).qs.values_list("pk", flat=True)
        report = report_of(report, ids)
    return report


def _attendance_table(header, rows_of):
    """The dashboard's columns (``attendance.exports``), so a partner's spreadsheet reads
    the registry's file and the dashboard's lists alike."""

    def table(event: Event, context: ExportContext):
        kinds = {"application_id": "int", "session_id": "int", "rate_percent": "float"}
        counts = {"sessions", "expected", "attended", "late", "left_early"}
        columns = [
            Column(name, kinds.get(name, "int" if name in counts else "text")) for name in header
        ]
        return columns, (Row(values) for values in rows_of(_report(event, context)))

    return table


attendance_participants_table = _attendance_table(
    attendance_exports.PARTICIPANT_HEADER, attendance_exports.participant_rows
)
attendance_sessions_table = _attendance_table(
    attendance_exports.SESSION_HEADER, attendance_exports.session_rows
)


# --- surveys: anonymised responses ---------------------------------------------------------

FIXED = 2 + len(Breakdown)  # respondent, wave, then one column per breakdown


def _clean_survey(event: Event, raw: Mapping[str, str]) -> dict[str, str]:
    """``survey``: one of the event's surveys (its id); empty for all of them."""
    value = (raw.get("survey") or "").strip()
    if not value:
        return {}
    if not value.isdigit() or not Survey.objects.filter(pk=int(value), event=event).exists():
        raise BridgesError(_("Choose one of the event's surveys."), code="invalid", field="survey")
    return {"survey": value}


def survey_responses_table(event: Event, context: ExportContext):
    """One row per answer (survey, respondent, wave, groups, question, answer): the
    surveys ask different questions, so their wide tables (``export_rows``, with the
    surveys' suppression already applied) are laid end to end in long form. With
    ``?survey=<id>``, that survey's own wide table (one row per response, a column per
    question: the survey page's download)."""
    if context.params.get("survey"):
        survey = Survey.objects.get(pk=int(context.params["survey"]), event=event)
        header, table = export_rows(survey)
        kinds = {0: "int", 1: "int"}  # respondent, wave
        columns = [Column(title, kinds.get(i, "text")) for i, title in enumerate(header)]
        return columns, (Row(list(values)) for values in table)
    columns = [
        Column(_("Survey"), width=24),
        Column(_("Respondent"), "int", width=10),
        Column(_("Wave"), "int", width=6),
        *[Column(str(d.label), width=14) for d in Breakdown],
        Column(_("Question"), width=40),
        Column(_("Answer"), width=30),
    ]

    def rows() -> Iterator[Row]:
        for survey in Survey.objects.filter(event=event).order_by("pk"):
            header, table = export_rows(survey)
            for values in table:
                for question, answer in zip(header[FIXED:], values[FIXED:], strict=True):
                    if answer in ("", None):
                        continue
                    yield Row([survey.title, *values[:FIXED], question, answer])

    return columns, rows()


def _rows(table):
    """How many rows ``table`` writes (these lists are small: counted by building them)."""
    return lambda event, context: sum(1 for _row in table(event, context)[1])


def register_partners() -> None:
    register(
        Export(
            name="delegates",
            title=gettext_lazy("Delegations: list of participants"),
            permission="delegations.manage_delegations",
            count=_rows(delegates_table),
            table=delegates_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="attendance-participants",
            title=gettext_lazy("Attendance per participant"),
            permission="reports.run_export",
            count=lambda event, context: len(_report(event, context).participants),
            table=attendance_participants_table,
            param_names=PARTICIPANT_FILTERS,
            clean_params=_clean_participant_filters,
        )
    )
    register(
        Export(
            name="attendance-sessions",
            title=gettext_lazy("Attendance totals per session"),
            permission="reports.run_export",
            count=lambda event, context: len(attendance_report(event).sessions),
            table=attendance_sessions_table,
        )
    )
    register(
        Export(
            name="survey-responses",
            title=gettext_lazy("Survey responses (anonymised)"),
            permission="surveys.view_results",
            count=_rows(survey_responses_table),
            table=survey_responses_table,
            param_names=("survey",),
            clean_params=_clean_survey,
        )
    )
