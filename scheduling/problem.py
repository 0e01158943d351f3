"""The timetable problem as plain data: what goes into a solve (``Problem`` with its legs,
venues, requests, busy times and rules), what comes out (``Result`` with placements or
conflicts), and the event's calendar (which days are travel days, which city each other
day is in).

No database and no OR-Tools here: ``solver`` prepares a ``Problem`` for CP-SAT,
``cpsat`` solves it, ``selectors`` builds one from the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

# The participant group that means "everybody": its sessions overlap nothing of any group.
ALL = "all"

# Run statuses of a solve.
OPTIMAL = "optimal"
FEASIBLE = "feasible"
INFEASIBLE = "infeasible"
CANCELLED = "cancelled"
UNKNOWN = "unknown"  # the time limit ran out before any timetable was found


@dataclass(frozen=True)
class LegIn:
    city: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class VenueIn:
    id: int
    name: str
    city: str
    time_zone: str
    capacity: int
    opens_at: dt.time = dt.time(8, 0)
    closes_at: dt.time = dt.time(22, 0)


@dataclass(frozen=True)
class RequestIn:
    id: int
    title: str
    duration_minutes: int
    speaker_ids: tuple[int, ...] = ()
    city: str = ""  # empty: any city the event visits
    min_capacity: int = 0
    group: str = ALL
    fixed_start: dt.datetime | None = None
    venue_ids: tuple[int, ...] = ()  # empty: any venue that fits
    after_ids: tuple[int, ...] = ()
    not_before_day: int | None = None  # 1-based event day
    not_after_day: int | None = None
    # 1-based event days it should start on when it can (a wish, not a rule: the solver
    # places as many requests as it can on one of theirs, and the rest on any day).
    preferred_days: tuple[int, ...] = ()
    # Where the session it places is now; the solver prefers to leave it there.
    current_start: dt.datetime | None = None
    current_venue_id: int | None = None


@dataclass(frozen=True)
class BusyIn:
    """Time already taken outside the requests (other sessions in the same rooms, say)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    venue_id: int | None = None
    speaker_ids: tuple[int, ...] = ()
    groups: tuple[str, ...] = ()  # participant groups it occupies; ALL occupies everyone


@dataclass(frozen=True)
class Rules:
    slot_minutes: int = 15
    day_start: dt.time = dt.time(9, 0)
    day_end: dt.time = dt.time(18, 0)
    # Kept free of all-participant sessions, in the local time of the day's city.
    meal_breaks: tuple[tuple[dt.time, dt.time], ...] = ((dt.time(12, 0), dt.time(13, 0)),)
    extra_travel_dates: tuple[dt.date, ...] = ()


@dataclass
class Problem:
    start_date: dt.date
    end_date: dt.date
    time_zone: str
    legs: Sequence[LegIn]
    venues: Sequence[VenueIn]
    requests: Sequence[RequestIn]
    rules: Rules = field(default_factory=Rules)
    group_sizes: dict[str, int] = field(default_factory=dict)
    # Speaker id -> UTC windows; a speaker without an entry is free throughout.
    availability: dict[int, list[tuple[dt.datetime, dt.datetime]]] = field(default_factory=dict)
    speaker_names: dict[int, str] = field(default_factory=dict)
    busy: Sequence[BusyIn] = ()


@dataclass(frozen=True)
class Placement:
    request_id: int
    venue_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class Conflict:
    code: str
    message: str
    constraints: tuple[str, ...] = ()
    request_ids: tuple[int, ...] = ()


@dataclass
class Result:
    status: str
    placements: list[Placement] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    wall_seconds: float = 0.0
    kept: int = 0  # requests left where their session already was


# ---------------------------------------------------------------- calendar


def event_days(problem: Problem) -> list[dt.date]:
    count = (problem.end_date - problem.start_date).days + 1
    return [problem.start_date + dt.timedelta(days=i) for i in range(count)]


def travel_days(problem: Problem) -> set[dt.date]:
    """Days the group moves between cities: a day in two legs, the first day of a
    leg in a new city, or a gap between legs. They are kept free of sessions."""
    cities: dict[dt.date, set[str]] = defaultdict(set)
    for leg in problem.legs:
        day = leg.start_date
        while day <= leg.end_date:
            cities[day].add(leg.city)
            day += dt.timedelta(days=1)
    travel = set(problem.rules.extra_travel_dates)
    previous: str | None = None
    for day in event_days(problem):
        here = cities.get(day, set())
        if len(here) > 1:
            travel.add(day)
            previous = None  # the move happened today; tomorrow's city is not a new move
        elif len(here) == 1:
            (city,) = here
            if previous is not None and city != previous:
                travel.add(day)
            previous = city
        elif any(leg.end_date < day for leg in problem.legs) and any(
            leg.start_date > day for leg in problem.legs
        ):
            travel.add(day)
            previous = None
    return travel


def city_days(problem: Problem) -> dict[dt.date, str]:
    """The one city the event is in on each day sessions may take place."""
    travel = travel_days(problem)
    days = set(event_days(problem))
    result: dict[dt.date, str] = {}
    for leg in problem.legs:
        day = leg.start_date
        while day <= leg.end_date:
            if day in days and day not in travel:
                result[day] = leg.city
            day += dt.timedelta(days=1)
    return result
