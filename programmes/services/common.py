"""Helpers the programmes services share: unique slugs, wall-clock times read in a zone,
and the check that a linked object belongs to the same organisation."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils.text import slugify
from django.utils.translation import gettext as _

from backend.errors import BridgesError


def unique_slug(model, base: str, *, field: str = "slug", max_length: int = 80, **scope) -> str:
    """``base`` slugified, with -2, -3 ... appended until no row in ``scope`` has it."""
    base = (slugify(base) or "item")[: max_length - 6].strip("-") or "item"
    candidate, n = base, 2
    while model.objects.filter(**{field: candidate}, **scope).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def make_aware_in(
    value: dt.datetime | None, zone_name: str, *, field: str = ""
) -> dt.datetime | None:
    """Read a naive datetime as wall-clock time in ``zone_name``; aware ones pass through.

    A wall-clock time skipped by a daylight-saving jump (02:30 on the night clocks go
    forward) names no instant, so it is refused rather than silently shifted.
    """
    if value is None or value.tzinfo is not None:
        return value
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise BridgesError(
            _("Unknown time zone."), code="invalid_time_zone", field="time_zone"
        ) from None
    aware = value.replace(tzinfo=zone)
    if aware.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise BridgesError(
            _("%(time)s does not exist in %(zone)s (the clocks change then).")
            % {"time": value.isoformat(sep=" ", timespec="minutes"), "zone": zone_name},
            code="nonexistent_local_time",
            field=field or None,
        )
    return aware


def check_same_organisation(organisation_id: int, obj, field: str) -> None:
    """Refuse linking an object (programme, venue, speaker) of another organisation."""
    if obj is not None and obj.organisation_id != organisation_id:
        raise BridgesError(
            _("This belongs to another organisation."), code="wrong_organisation", field=field
        )
