"""The export registry: every list an organiser can take out of Bridges.

An export is a name, a title, the named rule it needs on the event, its formats and two
functions: ``count(event)`` and ``table(event)`` -> (columns, rows). Rows come from a
queryset's ``.iterator()``, so memory stays flat whatever the count; each row says
whether it is *protected* (a minor without a guardian's consent), and the runner
(``reports.services.exports``) blanks the sensitive columns of protected rows, leaves
sensitive columns out unless they were asked for, checks the rule, and writes the audit
entry (who, which list, format, rows). Writers: ``reports.exports.writers``.

Another app adds its list (delegations, rooming, manifests, survey responses) in its
own module, registered from its ``AppConfig.ready``::

    from reports.exports import Column, Export, register

    def rooming_table(event):
        columns = [Column(_("Name")), Column(_("Room")), Column(_("Nights"), kind="int")]
        rows = (Row([s.name, s.room, s.nights]) for s in stays(event).iterator(chunk_size=500))
        return columns, rows

    register(Export(
        name="rooming", title=_("Rooming list"), permission="logistics.view_rooming",
        count=lambda event: stays(event).count(), table=rooming_table, formats=("csv", "xlsx", "pdf"),
    ))

Its rows then download from the event's export page, run in the background when large,
and can be scheduled, like the built-in ones (``reports.exports.lists``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from programmes.models import Event

KINDS = frozenset({"text", "int", "float", "date", "datetime", "bool"})


@dataclass(frozen=True)
class Column:
    title: Any
    kind: str = "text"
    # Birth dates, phones, health needs: left out unless asked for, blank for a minor
    # whose guardian has not consented.
    sensitive: bool = False
    width: int = 18


@dataclass
class Row:
    values: list[Any]
    protected: bool = False


@dataclass(frozen=True)
class Export:
    name: str
    title: Any
    permission: str
    count: Callable[[Event], int]
    table: Callable[[Event], tuple[list[Column], Iterator[Row]]]
    formats: tuple[str, ...] = ("csv", "xlsx")
    description: Any = ""


REGISTRY: dict[str, Export] = {}


def register(export: Export) -> Export:
    if export.name in REGISTRY and REGISTRY[export.name] is not export:
        raise ValueError(f"An export named {export.name!r} is registered already.")
    REGISTRY[export.name] = export
    return export


def get_export(name: str) -> Export | None:
    return REGISTRY.get(name)


def exports_for(user, event: Event) -> list[Export]:
    """The exports ``user`` may run on ``event``, in registration order."""
    return [e for e in REGISTRY.values() if user.has_perm(e.permission, event)]
