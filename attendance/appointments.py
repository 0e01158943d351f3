"""A participant's own appointments: times in their agenda that are not the event's
sessions (a delegate's bilateral meetings). One read, ``personal_appointments``, is
behind both their agenda page and their calendar feed.

Higher apps add sources from their ``AppConfig.ready()`` (delegations: the scheduled
bilaterals of the delegate's delegation), so attendance imports none of them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from participants.models import Application


@dataclass(frozen=True)
class Appointment:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    # Shown in this zone (the event's), on the page and in the feed.
    time_zone: str
    location: str = ""
    category: str = ""

    @property
    def local_starts_at(self) -> dt.datetime:
        return self.starts_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_ends_at(self) -> dt.datetime:
        return self.ends_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))


# Each source costs a fixed number of queries, whatever it returns.
APPOINTMENT_SOURCES: list[Callable[[Application], Iterable[Appointment]]] = []


def register_appointment_source(source: Callable[[Application], Iterable[Appointment]]) -> None:
    if source not in APPOINTMENT_SOURCES:
        APPOINTMENT_SOURCES.append(source)


def personal_appointments(application: Application) -> list[Appointment]:
    """The participant's own appointments, by start time."""
    found = [item for source in APPOINTMENT_SOURCES for item in source(application)]
    return sorted(found, key=lambda item: (item.starts_at, item.uid))
