"""Logistics lists as rows, each built by one function that the logistics page and the
export registry (``reports.exports.travel``) both use, so the page and the file list the
same people in the same columns: the name list for badges
(``selectors.attendees_with_companions``) and the passport list (``passport_list``, which
writes one audit entry per person shown)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import CompanionRole
from .selectors import attendees_with_companions
from .services import attending, passports_view

PASSPORT_LABELS = (
    gettext_lazy("Name in the passport"),
    gettext_lazy("Passport number"),
    gettext_lazy("Nationality"),
    gettext_lazy("Passport expiry"),
    gettext_lazy("Date of birth"),
)


def name_list_header() -> list[str]:
    return [_("Name"), _("Role"), _("Accompanies")]


def name_list_rows(event, rows=None) -> Iterator[list[str]]:
    """Name, role (participant or the companion's role) and whom a companion accompanies;
    ``rows`` when the caller has them already (the names page)."""
    roles = dict(CompanionRole.choices)
    for row in attendees_with_companions(event) if rows is None else rows:
        yield [row.name, str(roles.get(row.role, _("Participant"))), row.accompanies]


def passport_list(*, event, user, where: str) -> list[tuple]:
    """(application, {field: value}) for everyone attending ``event``, for a logistics
    organiser (PermissionDenied otherwise); writes one audit entry per person, saying
    who read it and ``where`` (the page, an export)."""
    applications = list(attending(event).select_related("applicant__profile").order_by("pk"))
    data = passports_view(event=event, applications=applications, user=user, where=where)
    return [(a, data[a.pk]) for a in applications]
