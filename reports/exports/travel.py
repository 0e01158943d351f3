"""The logistics lists in the one registry: the rooming list for the hotel
(``logistics.services.rooming_list``, every leg or one: ``?leg=<id>``), the arrival,
transfer and departure manifests (``logistics.services.manifest``), the name list for
badges and the passport list (``logistics.exports``), and the travel grants for finance
with their totals per budget line (``logistics.services.finance_rows``, ``grant_totals``).

Each export asks logistics' own rule (the passports: ``logistics.view_passports``, the
logistics role) and reads through logistics' functions: nothing here decides who is
listed or what is hidden. The passport list is read with the requesting person
(``ExportContext.user``), so each person's passport seen is audited under their name,
and it is never scheduled (a mailed file would be read by people nobody logged). These
lists are a hotel's rooms or an event's travellers, so their functions return lists.
Registered by ``reports.apps``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.errors import BridgesError
from logistics.enums import Direction
from logistics.exports import PASSPORT_LABELS, name_list_header, name_list_rows, passport_list
from logistics.models import Flight, Grant
from logistics.services import PASSPORT_FIELDS, attending, manifest, rooming_list
from logistics.services.grants import FINANCE_HEADER, finance_rows, grant_totals
from logistics.services.rooming import NIGHTS_TOTAL_LABEL
from participants.accounts import display_name
from participants.enums import Gender
from programmes.models import Event

from . import Column, Export, ExportContext, Row, register

# --- rooming list ---------------------------------------------------------------------------


def _clean_leg(event: Event, raw: Mapping[str, str]) -> dict[str, str]:
    """``leg``: one of the event's legs (its id); empty for every leg."""
    value = (raw.get("leg") or "").strip()
    if not value:
        return {}
    if not value.isdigit() or not event.legs.filter(pk=int(value)).exists():
        raise BridgesError(_("Choose one of the event's legs."), code="invalid", field="leg")
    return {"leg": value}


def _legs(event: Event, context: ExportContext) -> list:
    if context.params.get("leg"):
        return [event.legs.get(pk=int(context.params["leg"]))]
    return list(event.legs.all()) or [None]


def _rooms(event: Event, context: ExportContext) -> list[tuple]:
    return [
        (leg, room, person)
        for leg in _legs(event, context)
        for room in rooming_list(event=event, leg=leg)
        for person in room["people"]
    ]


def rooming_table(event: Event, context: ExportContext):
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
        Column(_("Check-out"), "date", width=12),
        Column(_("Nights"), "int", width=8),
        Column(str(NIGHTS_TOTAL_LABEL), "int", width=10),  # per person, for the bill
    ]
    genders = {value: str(label) for value, label in Gender.choices}

    def rows() -> Iterator[Row]:
        for leg, room, person in _rooms(event, context):
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
                    (block.last_night + dt.timedelta(days=1)).isoformat(),
                    person["nights"],
                    person["nights_total"],
                ]
            )

    return columns, rows()


# --- name list and passports ------------------------------------------------------------------


def names_table(event: Event, context: ExportContext):
    """The name list for badges, through logistics' own rows (``logistics.exports``)."""
    columns = [Column(title, width=28) for title in name_list_header()]
    return columns, (Row(values) for values in name_list_rows(event))


def passports_table(event: Event, context: ExportContext):
    """Everyone attending with their passport data, read as ``context.user`` (one audit
    entry per person, ``where="export"``; PermissionDenied without the logistics role)."""
    kinds = {"passport_expiry": "date", "date_of_birth": "date"}
    columns = [
        Column(_("Name"), width=28),
        *(
            Column(label, kinds.get(name, "text"), width=14)
            for name, label in zip(PASSPORT_FIELDS, PASSPORT_LABELS, strict=True)
        ),
    ]
    people = passport_list(event=event, user=context.user, where="export")

    def rows() -> Iterator[Row]:
        for application, values in people:
            yield Row(
                [
                    application.applicant.get_full_name(),
                    *(_plain(values[name]) for name in PASSPORT_FIELDS),
                ]
            )

    return columns, rows()


def _plain(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else (value or "")


# --- travel grants --------------------------------------------------------------------------


def grants_table(event: Event, context: ExportContext):
    """The travel grants for the finance team, one line per grant (``finance_rows``)."""
    columns = [Column(title, width=16) for title in FINANCE_HEADER]
    return columns, (Row(values) for values in finance_rows(event=event))


TOTAL_COLUMNS = (
    ("airfare", gettext_lazy("Airfare")),
    ("per_diem", gettext_lazy("Per diem")),
    ("claims_approved", gettext_lazy("Claims approved")),
    ("claims_submitted", gettext_lazy("Claims waiting")),
)


def grant_totals_table(event: Event, context: ExportContext):
    """The grants' totals per budget line and currency (``grant_totals``): amounts in two
    currencies are never added."""
    columns = [
        Column(_("Budget line"), width=20),
        Column(_("Currency"), width=8),
        *(Column(title, "float", width=14) for _key, title in TOTAL_COLUMNS),
    ]
    rows = (
        Row([row["budget_line"], row["currency"], *(row[key] for key, _title in TOTAL_COLUMNS)])
        for row in grant_totals(event=event)
    )
    return columns, rows


# --- manifests ------------------------------------------------------------------------------


def manifests_table(event: Event, context: ExportContext):
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


def _rows(table):
    """How many rows ``table`` writes (these lists are small: counted by building them)."""
    return lambda event, context: sum(1 for _row in table(event, context)[1])


def register_travel() -> None:
    register(
        Export(
            name="rooming",
            title=gettext_lazy("Rooming list"),
            permission="logistics.manage_travel",
            count=_rows(rooming_table),
            table=rooming_table,
            formats=("csv", "xlsx", "pdf"),
            param_names=("leg",),
            clean_params=_clean_leg,
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
            name="passports",
            title=gettext_lazy("Passports"),
            permission="logistics.view_passports",
            # Counted without reading them: only the file's own reading is audited.
            count=lambda event, context: attending(event).count(),
            table=passports_table,
            schedulable=False,
        )
    )
    register(
        Export(
            name="grants",
            title=gettext_lazy("Travel grants"),
            permission="logistics.manage_travel",
            count=lambda event, context: Grant.objects.filter(application__event=event).count(),
            table=grants_table,
        )
    )
    register(
        Export(
            name="grant-totals",
            title=gettext_lazy("Travel grants: totals per budget line"),
            permission="logistics.manage_travel",
            count=lambda event, context: len(grant_totals(event=event)),
            table=grant_totals_table,
        )
    )
    register(
        Export(
            name="manifests",
            title=gettext_lazy("Flight manifests"),
            permission="logistics.manage_travel",
            count=lambda event, context: Flight.objects.filter(application__event=event).count(),
            table=manifests_table,
            formats=("csv", "xlsx", "pdf"),
        )
    )
