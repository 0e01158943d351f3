"""What every demo section shares: the ``Demo`` object that carries what was built to
the apps loading after it, the demo users' list and password, and the upserts of
people, venues, events and agendas by natural key (a second run changes nothing).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

from django.utils import timezone

from ..enums import (
    MemberRole,
    SessionStatus,
    SessionType,
)
from ..models import (
    CountryQuota,
    Event,
    Leg,
    Organisation,
    Person,
    Session,
    Venue,
)

DEMO_PASSWORD = "bridges-demo"


ASEAN = ["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"]


@dataclass
class Demo:
    """What the sections built, by stable keys, for later sections to use."""

    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    venues: dict[str, Venue] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    # (person key, event key) -> Application, filled by participants/demo.py.
    applications: dict[tuple[str, str], object] = field(default_factory=dict)
    now: dt.datetime = field(default_factory=timezone.now)

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def today_in(self, zone: str) -> dt.date:
        """Today's date where the event is (the demo's "today" event follows its zone)."""
        return self.now.astimezone(zoneinfo.ZoneInfo(zone)).date()


# (key, role label, email, Membership role or None, organisation key, is_staff, is_superuser)
DEMO_USERS = [
    (
        "owner",
        "Owner (ASEAN-Korea Centre)",
        "owner@bridges.demo",
        MemberRole.OWNER,
        "akc",
        True,
        False,
    ),
    (
        "organiser",
        "Organiser (ASEAN-Korea Centre)",
        "organiser@bridges.demo",
        MemberRole.ORGANISER,
        "akc",
        True,
        False,
    ),
    (
        "reviewer",
        "Reviewer (ASEAN-Korea Centre)",
        "reviewer@bridges.demo",
        MemberRole.REVIEWER,
        "akc",
        False,
        False,
    ),
    (
        "staff",
        "Check-in staff (ASEAN-Korea Centre)",
        "staff@bridges.demo",
        MemberRole.STAFF,
        "akc",
        False,
        False,
    ),
    ("applicant", "Applicant", "applicant@bridges.demo", None, None, False, False),
    (
        "minor",
        "Applicant under 18 (awaiting guardian consent)",
        "minor@bridges.demo",
        None,
        None,
        False,
        False,
    ),
    (
        "focalpoint",
        "Focal point of Viet Nam (delegations)",
        "focalpoint@bridges.demo",
        None,
        None,
        False,
        False,
    ),
    ("admin", "Site administrator", "admin@bridges.demo", None, None, True, True),
]


# Applicants are people: messages and pages greet them by name.
DEMO_NAMES = {
    "applicant": ("Dewi", "Lestari"),
    "minor": ("Mai", "Tran"),
    "focalpoint": ("Lan", "Pham"),
}


def at(day: dt.date, hhmm: str, zone: str) -> dt.datetime:
    """A local wall-clock time on ``day`` in ``zone``, as an aware datetime (stored as UTC)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def local_midnight(day: dt.date, zone: str) -> dt.datetime:
    return at(day, "00:00", zone)


def person(
    demo: Demo, key: str, org_key: str, name: str, affiliation: str, country: str = ""
) -> Person:
    demo.people[key], _ = Person.objects.update_or_create(
        organisation=demo.organisations[org_key],
        name=name,
        defaults={"affiliation": affiliation, "country": country},
    )
    return demo.people[key]


def venue(
    demo: Demo,
    key: str,
    org_key: str,
    name: str,
    *,
    address: str,
    city: str,
    country: str,
    time_zone: str,
    capacity: int,
) -> Venue:
    demo.venues[key], _ = Venue.objects.update_or_create(
        organisation=demo.organisations[org_key],
        name=name,
        defaults={
            "address": address,
            "city": city,
            "country": country,
            "time_zone": time_zone,
            "capacity": capacity,
        },
    )
    return demo.venues[key]


def upsert_event(
    demo: Demo,
    key: str,
    *,
    org_key: str,
    co_organisers: tuple[str, ...] = (),
    partners: tuple[str, ...] = (),
    legs: tuple[tuple[str, str, dt.date, dt.date], ...] = (),
    quotas: dict[str, tuple[int, int | None]] | None = None,
    **fields,
) -> Event:
    slug = fields.pop("slug")
    event, _ = Event.objects.update_or_create(
        slug=slug, defaults={"organisation": demo.organisations[org_key], **fields}
    )
    event.co_organisers.set([demo.organisations[k] for k in co_organisers])
    event.partners.set([demo.organisations[k] for k in partners])
    for city, country, start, end in legs:
        Leg.objects.update_or_create(
            event=event,
            start_date=start,
            defaults={"city": city, "country": country, "end_date": end},
        )
    for country, (minimum, maximum) in (quotas or {}).items():
        CountryQuota.objects.update_or_create(
            event=event, country=country, defaults={"minimum": minimum, "maximum": maximum}
        )
    demo.events[key] = event
    return event


# One agenda row: (day index from 0, start "HH:MM", end "HH:MM", title, type, venue key or
# None for the event's zone, speaker keys, status). Times are local to the venue.
AgendaRow = tuple[int, str, str, str, str, str | None, tuple[str, ...], str]


def upsert_sessions(demo: Demo, event: Event, rows: list[AgendaRow]) -> None:
    for day, start, end, title, kind, venue_key, speaker_keys, status in rows:
        place = demo.venues[venue_key] if venue_key else None
        zone = place.time_zone if place else event.time_zone
        date = event.start_date + dt.timedelta(days=day)
        session, _ = Session.objects.update_or_create(
            event=event,
            title=title,
            starts_at=at(date, start, zone),
            defaults={
                "ends_at": at(date, end, zone),
                "kind": kind,
                "venue": place,
                "status": status,
            },
        )
        session.speakers.set([demo.people[k] for k in speaker_keys])


OK = SessionStatus.CONFIRMED


S = SessionType
