"""The name list for badges as rows: one function, used by the names page's CSV and by
the export registry (``reports.exports.partners``: ``names``), so both list the same
people (``selectors.attendees_with_companions``) in the same columns."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from .enums import CompanionRole
from .selectors import attendees_with_companions


def name_list_header() -> list[str]:
    return [_("Name"), _("Role"), _("Accompanies")]


def name_list_rows(event, rows=None) -> Iterator[list[str]]:
    """Name, role (participant or the companion's role) and whom a companion accompanies;
    ``rows`` when the caller has them already (the names page)."""
    roles = dict(CompanionRole.choices)
    for row in attendees_with_companions(event) if rows is None else rows:
        yield [row.name, str(roles.get(row.role, _("Participant"))), row.accompanies]
