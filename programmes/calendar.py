"""iCalendar (RFC 5545) export of an event's agenda.

Times are written in the session's own zone (the venue's, else the event's) with a
TZID and a matching VTIMEZONE, so calendar apps show 09:00 in Seoul as 09:00 Seoul
time and convert correctly for someone at home in Hanoi.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .enums import SessionStatus
from .models import Event, Session

PRODID = "-//Bridges//Agenda//EN"


def session_uid(session: Session) -> str:
    """Stable across exports so calendar apps update a moved session instead of duplicating it."""
    return f"session-{session.pk}@bridges"


def _description(session: Session) -> str:
    lines = []
    speakers = [
        s.name + (f" ({s.affiliation})" if s.affiliation else "") for s in session.speakers.all()
    ]
    if speakers:
        lines.append("Speakers: " + ", ".join(speakers))
    if session.description:
        lines.append(session.description)
    return "\n\n".join(lines)


def _location(session: Session) -> str:
    venue = session.venue
    if venue is None:
        return ""
    parts = [venue.name, venue.address, venue.city, venue.country.name]
    return ", ".join(p for p in parts if p)


def agenda_ical(event: Event, sessions: Iterable[Session], *, appointments: Iterable = ()) -> bytes:
    """Serialise ``sessions`` of ``event`` as one VCALENDAR.

    ``appointments`` are a person's own times beside the sessions (objects with uid,
    title, local_starts_at, local_ends_at, location, category: attendance's
    ``Appointment``), written in their own zone like the sessions.

    Pass sessions with ``venue`` selected and ``speakers`` prefetched
    (``selectors.event_sessions``) to keep the export at a fixed number of queries.
    Cancelled sessions are kept with STATUS:CANCELLED so subscribers see the change.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", event.title)
    cal.add("x-wr-timezone", event.time_zone)
    stamp = timezone.now()
    for session in sessions:
        if session.event_id == event.pk:
            session.event = event
        vevent = VEvent()
        vevent.add("uid", session_uid(session))
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", session.local_starts_at)
        vevent.add("dtend", session.local_ends_at)
        vevent.add("summary", session.title)
        vevent.add("last-modified", session.updated_at)
        location = _location(session)
        if location:
            vevent.add("location", location)
        description = _description(session)
        if description:
            vevent.add("description", description)
        vevent.add("categories", [str(session.get_kind_display())])
        vevent.add(
            "status",
            {
                SessionStatus.CANCELLED: "CANCELLED",
                SessionStatus.TENTATIVE: "TENTATIVE",
            }.get(session.status, "CONFIRMED"),
        )
        cal.add_component(vevent)
    for item in appointments:
        vevent = VEvent()
        vevent.add("uid", item.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", item.local_starts_at)
        vevent.add("dtend", item.local_ends_at)
        vevent.add("summary", item.title)
        if item.location:
            vevent.add("location", item.location)
        if item.category:
            vevent.add("categories", [item.category])
        vevent.add("status", "CONFIRMED")
        cal.add_component(vevent)
    # One VTIMEZONE per TZID used above, generated from the zone database.
    cal.add_missing_timezones()
    return cal.to_ical()
