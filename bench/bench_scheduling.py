"""Scheduling benchmark: 200 sessions, 20 venues, 9 days (two cities and a travel day),
60 speakers, 8 teams, through the CP-SAT solver (target: under 10 s).

Prints the wall time to a full timetable, its size, and the time to name the
conflicting rules of an infeasible variant. Pure solver: no database needed.
"""

import datetime as dt
import os
import random
import sys
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

SEOUL, HANOI = "Asia/Seoul", "Asia/Ho_Chi_Minh"


def build(seed: int = 7):
    from scheduling.solver import ALL, LegIn, Problem, RequestIn, Rules, VenueIn

    rng = random.Random(seed)
    venues = []
    for city, zone, base in (("Seoul", SEOUL, 1), ("Hanoi", HANOI, 101)):
        venues.append(VenueIn(base, f"{city} grand hall", city, zone, 220, dt.time(8), dt.time(21)))
        venues.append(VenueIn(base + 1, f"{city} hall B", city, zone, 180, dt.time(9), dt.time(18)))
        for i in range(8):
            venues.append(
                VenueIn(
                    base + 2 + i,
                    f"{city} room {i + 1}",
                    city,
                    zone,
                    rng.choice([20, 25, 30, 40]),
                    dt.time(8),
                    dt.time(20),
                )
            )
    seoul, hanoi = zoneinfo.ZoneInfo(SEOUL), zoneinfo.ZoneInfo(HANOI)
    availability = {}
    for speaker in range(1, 61):
        if speaker % 3 == 0:  # a third of the speakers come for a few days only
            days = rng.sample([7, 8, 9], 2) + rng.sample([11, 12, 13], 2)
            availability[speaker] = [
                (
                    dt.datetime(2027, 7, d, 8, tzinfo=seoul if d <= 9 else hanoi),
                    dt.datetime(2027, 7, d, 19, tzinfo=seoul if d <= 9 else hanoi),
                )
                for d in sorted(days)
            ]
    teams = [f"team-{n}" for n in range(1, 9)]
    requests = []
    rid = 1
    for i in range(20):  # all-participant sessions: 13 in Seoul (5 days), 7 in Hanoi (3 days)
        city = "Seoul" if i < 13 else "Hanoi"
        requests.append(
            RequestIn(
                rid,
                f"Plenary {rid}",
                rng.choice([60, 75, 90]),
                (rng.randint(1, 60),),
                city,
                150,
                ALL,
                after_ids=(rid - 1,) if i % 6 == 5 else (),
            )
        )
        rid += 1
    while rid <= 200:
        team = teams[rid % 8]
        city = "Hanoi" if rid % 3 == 0 else "Seoul"
        lead = rid % 60 + 1
        speakers = tuple(sorted({lead, *rng.sample(range(1, 61), rng.choice([0, 0, 1]))}))
        requests.append(
            RequestIn(
                rid,
                f"Team session {rid}",
                rng.choice([60, 90]),
                speakers,
                city,
                15,
                team,
                not_before_day=rng.choice([None, None, 2, 3]) if city == "Seoul" else None,
            )
        )
        rid += 1
    # Two fixed ceremonies.
    requests[0] = RequestIn(
        1,
        "Opening",
        60,
        (1,),
        "Seoul",
        150,
        ALL,
        fixed_start=dt.datetime(2027, 7, 5, 9, tzinfo=seoul),
    )
    return Problem(
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 13),
        time_zone=SEOUL,
        legs=[
            LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 9)),
            LegIn("Hanoi", dt.date(2027, 7, 10), dt.date(2027, 7, 13)),
        ],
        venues=venues,
        requests=requests,
        rules=Rules(slot_minutes=15, day_start=dt.time(9), day_end=dt.time(18)),
        group_sizes={ALL: 150, **{t: 15 for t in teams}},
        availability=availability,
        speaker_names={i: f"Speaker {i}" for i in range(1, 61)},
    )


def main() -> None:
    import dataclasses

    import django

    django.setup()
    from scheduling.cpsat import solve

    problem = build()
    speakers = {s for r in problem.requests for s in r.speaker_ids}
    print(
        f"input: {len(problem.requests)} sessions, {len(problem.venues)} venues, "
        f"{(problem.end_date - problem.start_date).days + 1} days, {len(speakers)} speakers"
    )
    started = time.perf_counter()
    result = solve(problem, time_limit=10)
    elapsed = time.perf_counter() - started
    print(
        f"feasible timetable: status={result.status} placed={len(result.placements)} "
        f"wall={elapsed:.2f} s (target < 10 s) {'OK' if elapsed < 10 and result.placements else 'MISSED'}"
    )
    for conflict in result.conflicts:
        print("  conflict:", conflict.message)
    from tests.scheduling.checks import violations

    broken = violations(problem, result.placements, {dt.date(2027, 7, 10)})
    print(f"independent check of every rule: {len(broken)} violations")

    # Infeasible: a second fixed session for the opening speaker at the same time.
    clash = dataclasses.replace(
        problem.requests[1],
        speaker_ids=(1,),
        fixed_start=problem.requests[0].fixed_start,
        after_ids=(),
    )
    problem.requests = [problem.requests[0], clash, *problem.requests[2:]]
    started = time.perf_counter()
    result = solve(problem, time_limit=10)
    elapsed = time.perf_counter() - started
    names = result.conflicts[0].constraints if result.conflicts else ()
    print(f"infeasible variant: status={result.status} conflict={list(names)} wall={elapsed:.2f} s")


if __name__ == "__main__":
    main()
