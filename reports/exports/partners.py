"""The lists other apps already build, in the one registry: the delegations' list of
participants (``delegations.services.participants_list``), the rooming list
(``logistics.services.rooming_list``, every leg), the arrival, transfer and departure
manifests (``logistics.services.manifest``), the name list for badges
(``logistics.exports``), the travel grants for finance (``logistics.services.finance_rows``), the attendance dashboard's lists per
participant and per session (``attendance.exports``, over ``attendance_report``) and the
surveys' anonymised responses (``surveys.exports.export_rows``, which applies the
surveys' small-group rules).

Each export asks its own app's rule, and reads through its app's function: nothing here
decides who is listed or what is hidden, it only lays the rows out as columns. These
lists are small (a meeting's delegates, a hotel's rooms, an event's respondents), so
their functions return lists rather than querysets. Registered by ``reports.apps``.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from attendance import exports as attendance_exports
from attendance.selectors import attendance_report
from delegations.enums import ListGroup
from delegations.services import participants_list
from logistics.enums import Direction
from logistics.exports import name_list_header, name_list_rows
from logistics.models import Flight, Grant
from logistics.services import manifest, rooming_list
from logistics.services.grants import FINANCE_HEADER, finance_rows
from participants.accounts import display_name
from participants.enums import Gender
from programmes.models import Event
from surveys.enums import Breakdown
from surveys.exports import export_rows
from surveys.models import Survey

from . import Column, Export, Row, register

# --- delegations: the list of participants -----------------------------------------------


def _delegates(event: Event):
    return [(row, person) for row in participants_list(event) for person in row.people]


def delegates_table(event: Event):
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

    def rows() -> Iterator[Row]:
        for row, person in _delegates(event):
            yield Row(
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

    return columns, rows()


# --- logistics: rooming list and manifests -----------------------------------------------


def _legs(event: Event) -> list:
    return list(event.legs.all()) or [None]


def _rooms(event: Event) -> list[tuple]:
    return [
        (leg, room, person)
        for leg in _legs(event)
        for room in rooming_list(event=event, leg=leg)
        for person in room["people"]
    ]


def rooming_table(event: Event):
    columns = [
        Column(_("Leg"), width=14),
        Column(_("Hotel"), width=24),
        Column(_("Room type"), width=14),
        Column(_("Room"), width=8),
        Column(_("Name"), width=28),
        Column(_("Gender"), width=10),
        Column(_("Country"), width=8),
        Column(_("First night"), "date", width=12),
        Column(_("Last night"), "date", width=12),
        Column(_("Nights"), "int", width=8),
    ]
    genders = {value: str(label) for value, label in Gender.choices}

    def rows() -> Iterator[Row]:
        for leg, room, person in _rooms(event):
            block = room["block"]
            yield Row(
                [
                    leg.city if leg else "",
                    room["hotel"],
                    room["room_type"],
                    room["room"],
                    person["name"],
                    genders.get(person["gender"], person["gender"] or ""),
                    person["country"],
                    block.first_night.isoformat(),
                    block.last_night.isoformat(),
                    block.nights,
                ]
            )

    return columns, rows()


def names_table(event: Event):
    """The name list for badges, through logistics' own rows (``logistics.exports``)."""
    columns = [Column(title, width=28) for title in name_list_header()]
    return columns, (Row(values) for values in name_list_rows(event))


def grants_table(event: Event):
    """The travel grants for the finance team, through logistics' ``finance_rows`` (the
    grants page's CSV adds its totals per budget line below the same lines)."""
    columns = [Column(title, width=16) for title in FINANCE_HEADER]
    return columns, (Row(values) for values in finance_rows(event=event))


def manifests_table(event: Event):
    columns = [
        Column(_("Direction"), width=14),
        Column(_("Day (local)"), "date", width=12),
        Column(_("Airport"), width=8),
        Column(_("Time (local)"), width=8),
        Column(_("Flight"), width=10),
        Column(_("Name"), width=28),
        Column(_("Country (quota)"), width=10),
    ]

    def rows() -> Iterator[Row]:
        for direction, label in Direction.choices:
            for group in manifest(event=event, direction=direction):
                for local, flight in group["flights"]:
                    application = flight.application
                    applicant = application.applicant
                    name = display_name(applicant, profile=getattr(applicant, "profile", None))
                    yield Row(
                        [
                            str(label),
                            group["day"].isoformat(),
                            group["airport"],
                            local.strftime("%H:%M"),
                            flight.flight_number,
                            name,
                            str(application.country or ""),
                        ]
                    )

    return columns, rows()


# --- attendance: the dashboard's two lists ------------------------------------------------


def _attendance_table(header, rows_of):
    """The dashboard's columns (``attendance.exports``), so a partner's spreadsheet reads
    the registry's file and the dashboard's filtered CSV alike."""

    def table(event: Event):
        kinds = {"application_id": "int", "session_id": "int", "rate_percent": "float"}
        counts = {"sessions", "expected", "attended", "late", "left_early"}
        columns = [
            Column(name, kinds.get(name, "int" if name in counts else "text")) for name in header
        ]
        return columns, (Row(values) for values in rows_of(attendance_report(event)))

    return table


attendance_participants_table = _attendance_table(
    attendance_exports.PARTICIPANT_HEADER, attendance_exports.participant_rows
)
attendance_sessions_table = _attendance_table(
    attendance_exports.SESSION_HEADER, attendance_exports.session_rows
)


# --- surveys: anonymised responses ---------------------------------------------------------

FIXED = 2 + len(Breakdown)  # respondent, wave, then one column per breakdown


def survey_responses_table(event: Event):
    """One row per answer (survey, respondent, wave, groups, question, answer): the
    surveys ask different questions, so their wide tables (``export_rows``, with the
    surveys' suppression already applied) are laid end to end in long form."""
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
    return lambda event: sum(1 for _row in table(event)[1])


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
            name="rooming",
            title=gettext_lazy("Rooming list"),
            permission="logistics.manage_travel",
            count=_rows(rooming_table),
            table=rooming_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="names",
            title=gettext_lazy("Name list for badges"),
            permission="logistics.manage_travel",
            count=_rows(names_table),
            table=names_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="grants",
            title=gettext_lazy("Travel grants"),
            permission="logistics.manage_travel",
            count=lambda event: Grant.objects.filter(application__event=event).count(),
            table=grants_table,
        )
    )
    register(
        Export(
            name="manifests",
            title=gettext_lazy("Flight manifests"),
            permission="logistics.manage_travel",
            count=lambda event: Flight.objects.filter(application__event=event).count(),
            table=manifests_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
    register(
        Export(
            name="attendance-participants",
            title=gettext_lazy("Attendance per participant"),
            permission="reports.run_export",
            count=lambda event: len(attendance_report(event).participants),
            table=attendance_participants_table,
        )
    )
    register(
        Export(
            name="attendance-sessions",
            title=gettext_lazy("Attendance totals per session"),
            permission="reports.run_export",
            count=lambda event: len(attendance_report(event).sessions),
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
        )
    )
