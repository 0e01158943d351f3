"""Venues: where sessions take place, with their zone and capacity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from audit.services import log_action, removed, snapshot
from backend.content_language import content_columns
from backend.content_writing import plain_text_language, texts_in_languages
from backend.errors import BridgesError, ConflictError
from backend.services import save_checked as _save
from backend.services import set_fields as _set_fields

from ..caching import agenda_bump_version
from ..models import Organisation, Venue
from ..translation import VENUE_TEXTS

VENUE_FIELDS = frozenset(
    {"name", "address", "city", "country", "time_zone", "capacity", "opens_at", "closes_at"}
) | content_columns(*VENUE_TEXTS)


@transaction.atomic
def venue_create(
    *,
    organisation: Organisation,
    name: str,
    city: str,
    country: str,
    time_zone: str,
    capacity: int,
    languages: Sequence[str] = (),
    **fields: Any,
) -> Venue:
    """``languages``: the working languages of the event it is added for, which its
    texts are held to (``backend.content_writing``); none from the organisation's list."""
    fields = texts_in_languages(fields, VENUE_TEXTS, languages)
    with translation.override(plain_text_language(languages)):
        venue = Venue(
            organisation=organisation,
            name=name,
            city=city,
            country=country,
            time_zone=time_zone,
            capacity=capacity,
        )
    _set_fields(venue, fields, VENUE_FIELDS)
    _save(venue)
    log_action(venue, "programmes.venue.created", before=dict.fromkeys(VENUE_FIELDS))
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, data: dict[str, Any], languages: Sequence[str] = ()) -> Venue:
    """``languages``: as for ``venue_create``."""
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    data = texts_in_languages(data, VENUE_TEXTS, languages, instance=venue)
    before = snapshot(venue, data.keys() & VENUE_FIELDS)
    changed = _set_fields(venue, data, VENUE_FIELDS)
    if "capacity" in changed:
        too_big = venue.sessions.filter(capacity__gt=venue.capacity).order_by("starts_at").first()
        if too_big is not None:
            raise BridgesError(
                _("Session “%(title)s” needs %(capacity)s places; lower it first.")
                % {"title": too_big.title, "capacity": too_big.capacity},
                code="capacity_below_sessions",
                field="capacity",
            )
    if changed:
        _save(venue, update_fields=changed)
        log_action(venue, "programmes.venue.changed", before=before)
        agenda_bump_version(event_ids=venue.sessions.values_list("event_id", flat=True))
    return venue


@transaction.atomic
def venue_delete(*, venue: Venue) -> None:
    if venue.sessions.exists():
        raise ConflictError(
            _("Sessions take place at this venue; move them first."), code="venue_in_use"
        )
    changes = removed(venue, ("name", "city"))
    log_action(venue, "programmes.venue.deleted", data={"changes": changes})
    venue.delete()
