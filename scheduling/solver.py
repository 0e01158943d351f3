"""A timetable problem (``problem.py``) prepared for the solver.

``cpsat.solve`` turns a ``Problem`` into a ``Result`` with OR-Tools CP-SAT; this module
does not import OR-Tools (nor ``cpsat``), so web processes load only the data. Both are
pure, so they run (and are tested) without the database. Time is cut into slots of
``rules.slot_minutes`` counted from midnight of the event's first day in the event's
zone; every local rule (day hours, opening hours, meal breaks) is turned into UTC slots
with the zone of the venue or city it belongs to, so a Seoul leg and a Hanoi leg each
keep their own clock.

Feasibility is decided in two steps. Cheap pre-checks find requests that can
never be placed on their own (no room big enough in the city, a speaker who is
never free on the allowed days, ...) and name the rule at fault. When each
request fits alone but not all together, a second CP-SAT model puts one
assumption literal on each constraint group (a venue, a speaker, a participant
group, the meal breaks, an order rule, a fixed start) and asks the solver for a
set of groups that cannot hold together, shrunk by deletion to a small core.
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .problem import (
    ALL,
    CANCELLED,
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    UNKNOWN,
    BusyIn,
    Conflict,
    LegIn,
    Placement,
    Problem,
    RequestIn,
    Result,
    Rules,
    VenueIn,
    city_days,
    event_days,
    travel_days,
)

# The problem's data types are imported from here too (``solver.Problem``, ``solver.ALL``).
__all__ = [
    "ALL",
    "CANCELLED",
    "FEASIBLE",
    "INFEASIBLE",
    "OPTIMAL",
    "UNKNOWN",
    "BusyIn",
    "Conflict",
    "LegIn",
    "Placement",
    "Problem",
    "RequestIn",
    "Result",
    "Rules",
    "VenueIn",
    "city_days",
    "event_days",
    "travel_days",
]


class _Clock:
    """Converts between aware datetimes and slot numbers."""

    def __init__(self, problem: Problem):
        self.g = problem.rules.slot_minutes
        self.t0 = dt.datetime.combine(
            problem.start_date, dt.time.min, tzinfo=zoneinfo.ZoneInfo(problem.time_zone)
        )
        self.horizon = (len(event_days(problem)) + 1) * 24 * 60 // self.g

    def minutes(self, at: dt.datetime) -> float:
        return (at - self.t0).total_seconds() / 60

    def ceil(self, at: dt.datetime) -> int:
        return math.ceil(self.minutes(at) / self.g - 1e-9)

    def floor(self, at: dt.datetime) -> int:
        return math.floor(self.minutes(at) / self.g + 1e-9)

    def exact(self, at: dt.datetime) -> int | None:
        value = self.minutes(at) / self.g
        return round(value) if abs(value - round(value)) < 1e-9 else None

    def at(self, slot: int) -> dt.datetime:
        return (self.t0 + dt.timedelta(minutes=slot * self.g)).astimezone(dt.UTC)

    def local(self, day: dt.date, clock: dt.time, zone: str) -> dt.datetime:
        return dt.datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(zone))


Intervals = list[tuple[int, int]]  # closed ranges of slots, sorted and disjoint


def _intersect(a: Intervals, b: Intervals) -> Intervals:
    out: Intervals = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _union(parts: Iterable[Intervals]) -> Intervals:
    flat = sorted(r for part in parts for r in part)
    out: Intervals = []
    for lo, hi in flat:
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _starts(windows: Iterable[tuple[int, int]], length: int) -> Intervals:
    """Start slots of a block of ``length`` slots inside half-open windows [a, b)."""
    return _union([[(a, b - length)] for a, b in windows if b - length >= a])


def _fmt(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


# ---------------------------------------------------------------- preparation


@dataclass
class _Prepared:
    clock: _Clock
    requests: list[RequestIn]
    durations: dict[int, int]
    # Request id -> venue id -> allowed start slots (before speaker availability).
    domains: dict[int, dict[int, Intervals]]
    fixed: dict[int, int]
    meals: list[tuple[int, int]]  # half-open slot ranges on the days of each city
    busy: list[tuple[int, int, int | None, tuple[int, ...], tuple[str, ...]]]
    conflicts: list[Conflict]


def _group_size(problem: Problem, group: str) -> int:
    return problem.group_sizes.get(group, 0)


def _prepare(problem: Problem) -> _Prepared:
    clock = _Clock(problem)
    rules = problem.rules
    g = clock.g
    days = event_days(problem)
    day_city = city_days(problem)
    venues = {v.id: v for v in problem.venues}
    by_id = {r.id: r for r in problem.requests}
    conflicts: list[Conflict] = []
    city_zone: dict[str, str] = {}
    for venue in problem.venues:
        city_zone.setdefault(venue.city, venue.time_zone)

    # Venue windows per day, half-open [open, close) in slots.
    venue_windows: dict[int, dict[int, tuple[int, int]]] = {}
    for venue in problem.venues:
        per_day: dict[int, tuple[int, int]] = {}
        for index, day in enumerate(days, start=1):
            if day_city.get(day) != venue.city:
                continue
            start = max(rules.day_start, venue.opens_at)
            end = min(rules.day_end, venue.closes_at)
            if end <= start:
                continue
            a = clock.ceil(clock.local(day, start, venue.time_zone))
            b = clock.floor(clock.local(day, end, venue.time_zone))
            if b > a:
                per_day[index] = (a, b)
        venue_windows[venue.id] = per_day

    meals: list[tuple[int, int]] = []
    for day, city in sorted(day_city.items()):
        zone = city_zone.get(city, problem.time_zone)
        for start, end in rules.meal_breaks:
            a = clock.floor(clock.local(day, start, zone))
            b = clock.ceil(clock.local(day, end, zone))
            if b > a:
                meals.append((a, b))

    availability: dict[int, Intervals] = {}
    for speaker, windows in problem.availability.items():
        availability[speaker] = [
            (clock.ceil(a), clock.floor(b)) for a, b in windows if clock.floor(b) > clock.ceil(a)
        ]

    durations = {r.id: max(1, math.ceil(r.duration_minutes / g)) for r in problem.requests}
    domains: dict[int, dict[int, Intervals]] = {}
    fixed: dict[int, int] = {}
    leg_cities = set(day_city.values())

    for request in problem.requests:
        length = durations[request.id]
        need = max(request.min_capacity, _group_size(problem, request.group))
        candidates = [
            v for v in problem.venues if not request.venue_ids or v.id in request.venue_ids
        ]
        if request.city:
            in_city = [v for v in candidates if v.city == request.city]
            if request.city not in leg_cities:
                conflicts.append(
                    Conflict(
                        "city_not_visited",
                        _(
                            "“%(title)s” must be in %(city)s, but the event has no day there outside travel days."
                        )
                        % {"title": request.title, "city": request.city},
                        ("legs", f"request:{request.id}"),
                        (request.id,),
                    )
                )
                continue
        else:
            in_city = [v for v in candidates if v.city in leg_cities]
        if not in_city:
            conflicts.append(
                Conflict(
                    "no_venue_in_city",
                    _("No venue is available for “%(title)s” in %(city)s.")
                    % {
                        "title": request.title,
                        "city": request.city or _("any city the event visits"),
                    },
                    ("venues", f"request:{request.id}"),
                    (request.id,),
                )
            )
            continue
        big_enough = [v for v in in_city if v.capacity >= need]
        if not big_enough:
            conflicts.append(
                Conflict(
                    "no_venue_big_enough",
                    _(
                        "No venue in %(city)s holds %(need)s people for “%(title)s” (largest: %(largest)s)."
                    )
                    % {
                        "city": request.city or _("the event's cities"),
                        "need": need,
                        "title": request.title,
                        "largest": max(v.capacity for v in in_city),
                    },
                    ("capacity", f"request:{request.id}"),
                    (request.id,),
                )
            )
            continue

        first = request.not_before_day or 1
        last = request.not_after_day or len(days)
        per_venue: dict[int, Intervals] = {}
        any_day = False
        for venue in big_enough:
            windows = [w for index, w in venue_windows[venue.id].items() if first <= index <= last]
            any_day = any_day or bool(windows)
            starts = _starts(windows, length)
            if starts:
                per_venue[venue.id] = starts
        if not any_day:
            conflicts.append(
                Conflict(
                    "no_day",
                    _(
                        "“%(title)s” has no day left: days %(first)s–%(last)s, travel days and the cities of its venues exclude them all."
                    )
                    % {"title": request.title, "first": first, "last": last},
                    ("day_window", "travel_days", "legs", f"request:{request.id}"),
                    (request.id,),
                )
            )
            continue
        if not per_venue:
            longest = max(b - a for v in big_enough for a, b in venue_windows[v.id].values())
            conflicts.append(
                Conflict(
                    "longer_than_day",
                    _(
                        "“%(title)s” lasts %(length)s but the longest window of day and opening hours is %(longest)s."
                    )
                    % {
                        "title": request.title,
                        "length": _fmt(length * g),
                        "longest": _fmt(longest * g),
                    },
                    ("day_hours", "opening_hours", f"request:{request.id}"),
                    (request.id,),
                )
            )
            continue

        # Speaker availability, one speaker at a time so the message names who is missing.
        unavailable = []
        joint = dict(per_venue)
        for speaker in request.speaker_ids:
            if speaker not in availability:
                continue
            allowed = _starts(availability[speaker], length)
            alone = {v: _intersect(s, allowed) for v, s in per_venue.items()}
            if not any(alone.values()):
                unavailable.append(speaker)
            joint = {v: _intersect(s, allowed) for v, s in joint.items()}
        if unavailable:
            names = ", ".join(problem.speaker_names.get(s, str(s)) for s in unavailable)
            conflicts.append(
                Conflict(
                    "speaker_unavailable",
                    _(
                        "%(names)s is not available for %(length)s on any day and in any venue allowed for “%(title)s”."
                    )
                    % {"names": names, "length": _fmt(length * g), "title": request.title},
                    tuple(f"availability:{s}" for s in unavailable) + (f"request:{request.id}",),
                    (request.id,),
                )
            )
            continue
        joint = {v: s for v, s in joint.items() if s}
        if not joint:
            conflicts.append(
                Conflict(
                    "speakers_never_together",
                    _("The speakers of “%(title)s” are never available at the same time.")
                    % {"title": request.title},
                    tuple(f"availability:{s}" for s in request.speaker_ids)
                    + (f"request:{request.id}",),
                    (request.id,),
                )
            )
            continue
        domains[request.id] = joint

        if request.fixed_start is not None:
            slot = clock.exact(request.fixed_start)
            if slot is None:
                conflicts.append(
                    Conflict(
                        "fixed_off_grid",
                        _("The fixed start of “%(title)s” is not on the %(minutes)s-minute grid.")
                        % {"title": request.title, "minutes": g},
                        (f"fixed:{request.id}", "slot_minutes"),
                        (request.id,),
                    )
                )
                continue
            if not any(lo <= slot <= hi for s in joint.values() for lo, hi in s):
                conflicts.append(
                    Conflict(
                        "fixed_outside_hours",
                        _(
                            "The fixed start of “%(title)s” is outside the allowed days, hours, venues or speaker availability."
                        )
                        % {"title": request.title},
                        (f"fixed:{request.id}", f"request:{request.id}"),
                        (request.id,),
                    )
                )
                continue
            fixed[request.id] = slot

        for other in request.after_ids:
            if other not in by_id:
                conflicts.append(
                    Conflict(
                        "unknown_order",
                        _("“%(title)s” must follow a session that is not being scheduled.")
                        % {"title": request.title},
                        (f"order:{request.id}:{other}",),
                        (request.id,),
                    )
                )

    conflicts.extend(
        _capacity_prechecks(problem, clock, durations, venue_windows, meals, availability, day_city)
    )

    busy = []
    for block in problem.busy:
        a, b = clock.floor(block.starts_at), clock.ceil(block.ends_at)
        if b > a and b > 0 and a < clock.horizon:
            busy.append((a, b, block.venue_id, block.speaker_ids, block.groups))
    del venues
    return _Prepared(
        clock, list(problem.requests), durations, domains, fixed, meals, busy, conflicts
    )


def _capacity_prechecks(
    problem, clock, durations, venue_windows, meals, availability, day_city
) -> list[Conflict]:
    """Totals that cannot fit whatever the order: a city's all-participant sessions
    longer than its days, a speaker booked for longer than they are available."""
    conflicts = []
    g = clock.g
    days = event_days(problem)
    venues_by_city: dict[str, list[VenueIn]] = defaultdict(list)
    for venue in problem.venues:
        venues_by_city[venue.city].append(venue)

    def day_spans(city: str) -> list[tuple[int, int]]:
        """Per day in ``city``: from the first venue opening to the last closing, in slots."""
        spans = []
        for index, day in enumerate(days, start=1):
            if day_city.get(day) != city:
                continue
            windows = [
                venue_windows[v.id][index]
                for v in venues_by_city[city]
                if index in venue_windows[v.id]
            ]
            if windows:
                spans.append((min(a for a, _b in windows), max(b for _a, b in windows)))
        return spans

    for city in sorted(set(day_city.values())):
        free = sum(
            hi - lo - sum(max(0, min(hi, mb) - max(lo, ma)) for ma, mb in meals)
            for lo, hi in day_spans(city)
        )
        wanted = [r for r in problem.requests if r.group == ALL and r.city == city]
        total = sum(durations[r.id] for r in wanted)
        if wanted and total > free:
            conflicts.append(
                Conflict(
                    "city_overfull",
                    _(
                        "The all-participant sessions in %(city)s last %(total)s, but the days there leave only %(free)s outside meal breaks."
                    )
                    % {"city": city, "total": _fmt(total * g), "free": _fmt(free * g)},
                    (f"leg:{city}", f"participants:{ALL}", "meal_breaks"),
                    tuple(r.id for r in wanted),
                )
            )
    # Each team sits through the all-participant sessions and its own: both must fit the city's days.
    groups = sorted({r.group for r in problem.requests} - {ALL})
    for city in sorted(set(day_city.values())):
        free = sum(hi - lo for lo, hi in day_spans(city))
        for group in groups:
            wanted = [r for r in problem.requests if r.city == city and r.group in (ALL, group)]
            total = sum(durations[r.id] for r in wanted)
            if total > free and any(r.group == group for r in wanted):
                conflicts.append(
                    Conflict(
                        "group_overfull",
                        _(
                            "Group %(group)s has %(total)s of sessions in %(city)s, but the days there last only %(free)s."
                        )
                        % {
                            "group": group,
                            "city": city,
                            "total": _fmt(total * g),
                            "free": _fmt(free * g),
                        },
                        (f"leg:{city}", f"participants:{group}"),
                        tuple(r.id for r in wanted),
                    )
                )
    for speaker, windows in availability.items():
        booked = [r for r in problem.requests if speaker in r.speaker_ids]
        total = sum(durations[r.id] for r in booked)
        free = sum(b - a for a, b in windows)
        if booked and total > free:
            conflicts.append(
                Conflict(
                    "speaker_overbooked",
                    _("%(name)s speaks for %(total)s but is available for only %(free)s.")
                    % {
                        "name": problem.speaker_names.get(speaker, str(speaker)),
                        "total": _fmt(total * g),
                        "free": _fmt(free * g),
                    },
                    (f"speaker:{speaker}", f"availability:{speaker}"),
                    tuple(r.id for r in booked),
                )
            )
    return conflicts
