"""An independent check of a timetable against every rule the solver promises.

Written from the rules, not from the solver's code, so a solver bug is not repeated here.
"""

import datetime as dt
import math
import zoneinfo

from scheduling.solver import ALL, Placement, Problem


def _overlap(a: Placement, b: Placement) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def violations(problem: Problem, placements: list[Placement], travel: set[dt.date]) -> list[str]:
    found: list[str] = []
    requests = {r.id: r for r in problem.requests}
    venues = {v.id: v for v in problem.venues}
    by_request = {p.request_id: p for p in placements}
    rules = problem.rules
    if sorted(by_request) != sorted(requests) or len(placements) != len(requests):
        found.append("not every request placed exactly once")
    city_of: dict[dt.date, str] = {}
    for leg in problem.legs:
        day = leg.start_date
        while day <= leg.end_date:
            if day not in travel:
                city_of[day] = leg.city
            day += dt.timedelta(days=1)

    for p in placements:
        r, v = requests[p.request_id], venues[p.venue_id]
        zone = zoneinfo.ZoneInfo(v.time_zone)
        start, end = p.starts_at.astimezone(zone), p.ends_at.astimezone(zone)
        day = start.date()
        index = (day - problem.start_date).days + 1
        if end.date() != day and end.time() != dt.time(0):
            found.append(f"{r.title}: crosses midnight")
        if day in travel:
            found.append(f"{r.title}: on travel day {day}")
        if city_of.get(day) != v.city:
            found.append(f"{r.title}: {v.city} on {day}, event is in {city_of.get(day)}")
        if r.city and v.city != r.city:
            found.append(f"{r.title}: needs {r.city}, got {v.city}")
        if r.venue_ids and v.id not in r.venue_ids:
            found.append(f"{r.title}: venue {v.id} not allowed")
        if start.time() < max(rules.day_start, v.opens_at) or end.time() > min(
            rules.day_end, v.closes_at
        ):
            found.append(f"{r.title}: {start:%H:%M}-{end:%H:%M} outside hours of {v.name}")
        need = max(r.min_capacity, problem.group_sizes.get(r.group, 0))
        if v.capacity < need:
            found.append(f"{r.title}: {v.name} holds {v.capacity} < {need}")
        slots = math.ceil(r.duration_minutes / rules.slot_minutes)
        if p.ends_at - p.starts_at != dt.timedelta(minutes=slots * rules.slot_minutes):
            found.append(f"{r.title}: wrong length")
        if (start.hour * 60 + start.minute) % rules.slot_minutes:
            found.append(f"{r.title}: off the slot grid")
        if r.fixed_start and p.starts_at != r.fixed_start:
            found.append(f"{r.title}: fixed start moved")
        if r.not_before_day and index < r.not_before_day:
            found.append(f"{r.title}: day {index} before {r.not_before_day}")
        if r.not_after_day and index > r.not_after_day:
            found.append(f"{r.title}: day {index} after {r.not_after_day}")
        for other in r.after_ids:
            if p.starts_at < by_request[other].ends_at:
                found.append(f"{r.title}: starts before {requests[other].title} ends")
        for speaker in r.speaker_ids:
            windows = problem.availability.get(speaker)
            if windows is not None and not any(
                a <= p.starts_at and p.ends_at <= b for a, b in windows
            ):
                found.append(f"{r.title}: speaker {speaker} not available")
        if r.group == ALL:
            for start_t, end_t in rules.meal_breaks:
                meal = (
                    dt.datetime.combine(day, start_t, tzinfo=zone),
                    dt.datetime.combine(day, end_t, tzinfo=zone),
                )
                if p.starts_at < meal[1] and meal[0] < p.ends_at:
                    found.append(f"{r.title}: overlaps a meal break")
        for block in problem.busy:
            if p.starts_at < block.ends_at and block.starts_at < p.ends_at:
                if block.venue_id == v.id or set(block.speaker_ids) & set(r.speaker_ids):
                    found.append(f"{r.title}: clashes with an existing session")
                if ALL in block.groups or r.group in block.groups:
                    found.append(f"{r.title}: participants already busy")

    ordered = sorted(placements, key=lambda p: p.request_id)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if not _overlap(a, b):
                continue
            ra, rb = requests[a.request_id], requests[b.request_id]
            if a.venue_id == b.venue_id:
                found.append(f"venue double-booked: {ra.title} / {rb.title}")
            if set(ra.speaker_ids) & set(rb.speaker_ids):
                found.append(f"speaker double-booked: {ra.title} / {rb.title}")
            if ra.group == ALL or rb.group == ALL or ra.group == rb.group:
                found.append(f"participants double-booked: {ra.title} / {rb.title}")
    return found
