"""Hand-built JSON for the hot public reads: the event list and the agenda.

DRF serializers cost ~0.5 ms per nested object, which made the 60-session agenda
spend most of its time in ``to_representation``. These functions build the same
dicts directly; ``tests/programmes/test_api_render.py`` checks they equal the
serializers' output (the serializers stay the documented schema).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
import zoneinfo
from collections.abc import Iterable

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified

from ..enums import EventStatus
from ..models import (
    AGENDA_LOCAL_SECONDS,
    LOCAL_AGENDA_ENTRIES,
    Event,
    Person,
    Session,
    Venue,
    agenda_entry_key,
)
from ..selectors import AgendaDay, event_agenda

logger = logging.getLogger(__name__)

AGENDA_CACHE_SECONDS = 6 * 3600
# Event columns the cached agenda needs (see ``cached_agenda_body``).
AGENDA_EVENT_FIELDS = (
    "pk",
    "slug",
    "time_zone",
    "status",
    "organisation_id",
    "agenda_version",
    "created_at",
)


def _code(obj, name: str) -> str:
    # The raw ISO code as loaded; the CountryField descriptor would build a Country per access.
    return obj.__dict__[name] or ""


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def venue_json(venue: Venue) -> dict:
    return {
        "id": venue.pk,
        "name": venue.name,
        "address": venue.address,
        "city": venue.city,
        "country": _code(venue, "country"),
        "time_zone": venue.time_zone,
    }


def person_json(person: Person) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "affiliation": person.affiliation,
        "country": _code(person, "country"),
        "bio": person.bio,
    }


def session_json(session: Session, event: Event) -> dict:
    """One session as ``SessionSerializer`` renders it; ``event`` is the session's event."""
    venue = session.venue if session.venue_id else None
    zone_name = venue.time_zone if venue is not None else event.time_zone
    zone = zoneinfo.ZoneInfo(zone_name)  # cached by zoneinfo
    return {
        "id": session.pk,
        "event": event.slug,
        "title": session.title,
        "kind": session.kind,
        "status": session.status,
        "description": session.description,
        "time_zone": zone_name,
        "starts_at": session.starts_at.astimezone(zone).isoformat(),
        "ends_at": session.ends_at.astimezone(zone).isoformat(),
        "starts_at_utc": _utc(session.starts_at),
        "ends_at_utc": _utc(session.ends_at),
        "venue": venue_json(venue) if venue is not None else None,
        "capacity": session.capacity,
        "speakers": [person_json(p) for p in session.speakers.all()],
    }


def agenda_json(event: Event, days: Iterable[AgendaDay]) -> dict:
    return {
        "event": event.slug,
        "time_zone": event.time_zone,
        "days": [
            {
                "date": day.date.isoformat(),
                "sessions": [session_json(s, event) for s in day.sessions],
            }
            for day in days
        ],
    }


def event_json(event: Event, now: dt.datetime | None = None) -> dict:
    """One event as ``EventSerializer`` renders it (relations prefetched by the selector)."""
    zone = event.zone
    programme = event.programme
    return {
        "id": event.pk,
        "slug": event.slug,
        "title": event.title,
        "kind": event.kind,
        "status": event.status,
        "phase": str(event.phase(now)),
        "organisation": {"slug": event.organisation.slug, "name": event.organisation.name},
        "programme": (
            {"id": programme.pk, "slug": programme.slug, "title": programme.title}
            if programme is not None
            else None
        ),
        "co_organisers": [o.slug for o in event.co_organisers.all()],
        "partners": [o.slug for o in event.partners.all()],
        "theme": event.theme,
        "summary": event.summary,
        "description": event.description,
        "working_languages": event.working_languages,
        "host_country": _code(event, "host_country"),
        "start_date": event.start_date.isoformat(),
        "end_date": event.end_date.isoformat(),
        "time_zone": event.time_zone,
        "capacity": event.capacity,
        "applications_open": event.applications_open(now),
        "applications_open_at": event.applications_open_at.astimezone(zone).isoformat()
        if event.applications_open_at
        else None,
        "applications_close_at": event.applications_close_at.astimezone(zone).isoformat()
        if event.applications_close_at
        else None,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "eligible_countries": list(event.__dict__["eligible_countries"] or []),
        "attendance_mode": event.attendance_mode,
        "online_url": event.online_url,
        "legs": [
            {
                "id": leg.pk,
                "event": event.slug,
                "city": leg.city,
                "country": _code(leg, "country"),
                "start_date": leg.start_date.isoformat(),
                "end_date": leg.end_date.isoformat(),
            }
            for leg in event.legs.all()
        ],
        "quotas": [
            {
                "id": q.pk,
                "event": event.slug,
                "country": _code(q, "country"),
                "minimum": q.minimum,
                "maximum": q.maximum,
            }
            for q in event.quotas.all()
        ],
    }


def agenda_cache_key(event: Event) -> str:
    # agenda_version changes with every session/speaker/venue/person write (models.py);
    # slug and zone are in the body; created_at keeps keys apart if a database is rebuilt
    # while the cache (Redis) survives and primary keys are reused.
    return (
        f"programmes:agenda:1:{event.pk}:{event.created_at.timestamp()}:"
        f"{event.agenda_version}:{event.slug}:{event.time_zone}"
    )


def cached_agenda_body(event: Event) -> bytes:
    """The agenda as JSON bytes, rendered once per agenda version.

    The body is the same for every viewer (visibility is checked before this is called)
    and for every language. A cache outage only costs the rendering.
    """
    key = agenda_cache_key(event)
    try:
        body = cache.get(key)
    except Exception:  # noqa: BLE001 - any cache backend error: render instead of failing
        logger.warning("agenda cache read failed", exc_info=True)
        body = None
    if body is not None:
        return body
    body = json.dumps(
        agenda_json(event, event_agenda(event)), ensure_ascii=False, separators=(",", ":")
    ).encode()
    try:
        cache.set(key, body, timeout=AGENDA_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - as above
        logger.warning("agenda cache write failed", exc_info=True)
    return body


AGENDA_ENTRY_SECONDS = 600


def agenda_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def agenda_response(request, body: bytes, etag: str) -> HttpResponse:
    """The agenda body, or 304 when the client already holds this version."""
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    return response


# Bodies by ETag in this process: content-addressed, so they can never be stale, and a
# cache hit only fetches the small slug entry from the shared cache (the 36 kB body of a
# 60-session agenda costs a Redis round trip several times the whole request otherwise).
_LOCAL_BODIES: dict[str, bytes] = {}
_LOCAL_BODIES_MAX = 256


def _body_key(etag: str) -> str:
    return f"programmes:agenda-body:1:{etag}"


def _keep_locally(etag: str, body: bytes) -> None:
    if len(_LOCAL_BODIES) >= _LOCAL_BODIES_MAX:
        _LOCAL_BODIES.clear()
    _LOCAL_BODIES[etag] = body


def remember_agenda_entry(event: Event, body: bytes, etag: str) -> None:
    """Keep a public event's agenda under its slug so the next read needs no SQL.

    The slug entry holds (status, organisation, ETag); the body is stored under its ETag.
    Drafts are never stored: their readers are members, checked on every request.
    """
    if event.status == EventStatus.DRAFT:
        return
    _keep_locally(etag, body)
    try:
        cache.set(_body_key(etag), body, timeout=AGENDA_CACHE_SECONDS)
        cache.set(
            agenda_entry_key(event.slug),
            (event.status, event.organisation_id, etag),
            timeout=AGENDA_ENTRY_SECONDS,
        )
    except Exception:  # noqa: BLE001 - any cache backend error: the next read renders
        logger.warning("agenda entry write failed", exc_info=True)


def public_agenda_entry(slug: str) -> tuple[bytes, str] | None:
    """(body, ETag) of a published or cancelled event's agenda from the cache, else None.

    Looked up in this process first (``models.LOCAL_AGENDA_ENTRIES``), then in the cache.
    """
    local = LOCAL_AGENDA_ENTRIES.get(slug)
    if local is not None and time.monotonic() < local[0]:
        return local[1], local[2]
    try:
        entry = cache.get(agenda_entry_key(slug))
        if entry is None or entry[0] == EventStatus.DRAFT:
            return None
        etag = entry[2]
        body = _LOCAL_BODIES.get(etag)
        if body is None:
            body = cache.get(_body_key(etag))
            if body is None:
                return None
            _keep_locally(etag, body)
    except Exception:  # noqa: BLE001 - the caller falls back to the database
        logger.warning("agenda entry read failed", exc_info=True)
        return None
    if AGENDA_LOCAL_SECONDS > 0:
        if len(LOCAL_AGENDA_ENTRIES) >= _LOCAL_BODIES_MAX:
            LOCAL_AGENDA_ENTRIES.clear()
        LOCAL_AGENDA_ENTRIES[slug] = (time.monotonic() + AGENDA_LOCAL_SECONDS, body, etag)
    return body, etag
