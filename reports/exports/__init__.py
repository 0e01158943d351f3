"""The export registry: every list an organiser can take out of Bridges.

An export is a name, a title, the named rule it needs on the event, its formats and two
functions: ``count(event, context)`` and ``table(event, context)`` -> (columns, rows).
The ``ExportContext`` says who asked (``user``; None for a scheduled run), the export's
validated filters (``params``) and whether sensitive columns were asked for: a list that
reveals protected data per person (the passports) writes its own per-person audit
entries with that user. An export that takes filters names them (``param_names``) and
validates them (``clean_params(event, raw)`` -> the values kept, or a BridgesError naming
the field); the runner stores them on the run, so a background run applies them too.

Rows come from a queryset's ``.iterator()``, so memory stays flat whatever the count;
each row says whether it is *protected* (a minor without a guardian's consent), and the
runner (``reports.services.exports``) blanks the sensitive columns of protected rows,
leaves sensitive columns out unless they were asked for, checks the rule, and writes the
audit entry (who, which list, format, filters, rows). Writers: ``reports.exports.writers``.

Another app adds its list (delegations, rooming, manifests, survey responses) in its
own module, registered from its ``AppConfig.ready``::

    from reports.exports import Column, Export, register

    def rooming_table(event, context):
        columns = [Column(_("Name")), Column(_("Room")), Column(_("Nights"), kind="int")]
        rows = (Row([s.name, s.room, s.nights]) for s in stays(event).iterator(chunk_size=500))
        return columns, rows

    register(Export(
        name="rooming", title=_("Rooming list"), permission="logistics.view_rooming",
        count=lambda event, context: stays(event).count(), table=rooming_table, formats=("csv", "xlsx", "pdf"),
    ))

Its rows then download from the event's export page, run in the background when large,
and can be scheduled, like the built-in ones (``reports.exports.lists``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
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
class ExportContext:
    """Who runs an export and how: ``user`` (None for a scheduled run), the filters
    (``params``, already validated) and whether sensitive columns were asked for."""

    user: Any = None
    params: Mapping[str, str] = field(default_factory=dict)
    sensitive: bool = False


@dataclass(frozen=True)
class Export:
    name: str
    title: Any
    permission: str
    count: Callable[[Event, ExportContext], int]
    table: Callable[[Event, ExportContext], tuple[list[Column], Iterator[Row]]]
    formats: tuple[str, ...] = ("csv", "xlsx")
    description: Any = ""
    # The filters it takes (query parameters of its download), and their validation:
    # (event, {name: raw value}) -> the values kept; a BridgesError names a bad one.
    param_names: tuple[str, ...] = ()
    clean_params: Callable[[Event, Mapping[str, str]], dict[str, str]] | None = None
    # False for a list whose every download must name the person who reads it (the
    # passports): it cannot be mailed to a list of recipients by a schedule.
    schedulable: bool = True


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
