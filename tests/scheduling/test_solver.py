"""The solver as a pure function: the demo workshop, infeasible inputs, determinism,
keeping sessions where they are, progress and cancellation."""

import dataclasses
import datetime as dt
import zoneinfo

from scheduling.cpsat import solve
from scheduling.solver import (
    ALL,
    CANCELLED,
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    BusyIn,
    LegIn,
    Problem,
    RequestIn,
    Rules,
    VenueIn,
    travel_days,
)
from tests.scheduling.checks import violations
from tests.scheduling.demo import HANOI, SEOUL, demo_problem

KST = zoneinfo.ZoneInfo(SEOUL)
ICT = zoneinfo.ZoneInfo(HANOI)
TRAVEL = {dt.date(2027, 7, 10)}


def _replace(problem: Problem, request_id: int, **changes) -> Problem:
    problem.requests = [
        dataclasses.replace(r, **changes) if r.id == request_id else r for r in problem.requests
    ]
    return problem


def _small(
    requests, *, availability=None, venues=None, rules=None, busy=(), groups=None
) -> Problem:
    """Three days in Seoul, one hall for 60 and one room for 10."""
    return Problem(
        start_date=dt.date(2027, 7, 5),
        end_date=dt.date(2027, 7, 7),
        time_zone=SEOUL,
        legs=[LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 7))],
        venues=venues
        or [VenueIn(1, "Hall", "Seoul", SEOUL, 60), VenueIn(2, "Room", "Seoul", SEOUL, 10)],
        requests=requests,
        rules=rules or Rules(),
        group_sizes=groups or {ALL: 40},
        availability=availability or {},
        speaker_names={1: "Kim Min-ji", 2: "Nguyen An"},
        busy=busy,
    )


def test_travel_day_is_the_first_day_in_a_new_city():
    assert travel_days(demo_problem()) == TRAVEL


def test_demo_workshop_timetable_keeps_every_rule():
    problem = demo_problem()
    result = solve(problem, time_limit=10)

    assert result.status in (OPTIMAL, FEASIBLE)
    assert len(problem.requests) == 40
    assert violations(problem, result.placements, TRAVEL) == []
    by_id = {p.request_id: p for p in result.placements}
    # Seoul sessions on days 1-5, Hanoi sessions on days 7-9, in the venues' own clocks.
    for request in problem.requests:
        zone = KST if request.city == "Seoul" else ICT
        day = by_id[request.id].starts_at.astimezone(zone).date()
        expected = range(5, 10) if request.city == "Seoul" else range(11, 14)
        assert day.day in expected, request.title
    assert by_id[1].starts_at == dt.datetime(2027, 7, 5, 9, 0, tzinfo=KST)
    assert by_id[20].starts_at == dt.datetime(2027, 7, 11, 9, 0, tzinfo=ICT)
    # Eight team missions in Seoul run in parallel rooms of at least 6 seats.
    missions = [by_id[i] for i in range(11, 19)]
    assert all(p.ends_at <= by_id[19].starts_at for p in missions)


def test_checker_catches_a_double_booking():
    """Control: the checker used above does fail on a broken timetable."""
    problem = demo_problem()
    result = solve(problem, time_limit=10)
    broken = list(result.placements)
    a = next(p for p in broken if p.request_id == 3)
    b_index = next(i for i, p in enumerate(broken) if p.request_id == 4)
    broken[b_index] = dataclasses.replace(
        broken[b_index], starts_at=a.starts_at, ends_at=a.ends_at, venue_id=a.venue_id
    )
    found = violations(problem, broken, TRAVEL)
    assert any("venue double-booked" in f for f in found)
    assert any("participants double-booked" in f for f in found)


def test_same_input_gives_the_same_timetable():
    first = solve(demo_problem(), time_limit=10)
    second = solve(demo_problem(), time_limit=10)
    assert first.placements == second.placements


def test_two_fixed_sessions_of_one_speaker_name_the_conflict():
    start = dt.datetime(2027, 7, 5, 10, 0, tzinfo=KST)
    problem = _small(
        [
            RequestIn(
                1, "Talk A", 60, (1,), "Seoul", 0, "team:1", fixed_start=start, venue_ids=(1,)
            ),
            RequestIn(
                2, "Talk B", 60, (1,), "Seoul", 0, "team:2", fixed_start=start, venue_ids=(2,)
            ),
        ],
        groups={ALL: 40, "team:1": 5, "team:2": 5},
    )
    result = solve(problem, time_limit=5)

    assert result.status == INFEASIBLE
    (conflict,) = result.conflicts
    assert conflict.code == "constraints_conflict"
    assert set(conflict.constraints) == {"fixed:1", "fixed:2", "speaker:1"}
    assert "Kim Min-ji speaks in one session at a time" in conflict.message
    assert set(conflict.request_ids) == {1, 2}


def test_order_rules_in_a_circle_are_named():
    problem = _small(
        [
            RequestIn(1, "Lecture", 60, (), "Seoul", after_ids=(2,)),
            RequestIn(2, "Site visit", 60, (), "Seoul", after_ids=(1,)),
        ]
    )
    result = solve(problem, time_limit=5)
    assert result.status == INFEASIBLE
    assert set(result.conflicts[0].constraints) == {"order:1:2", "order:2:1"}


def test_all_participant_session_that_cannot_avoid_lunch_names_meal_breaks():
    # 09:00-18:00 with lunch 12-13: a six-hour plenary has no lunch-free stretch.
    problem = _small([RequestIn(1, "Marathon plenary", 360, (), "Seoul")])
    result = solve(problem, time_limit=5)
    assert result.status == INFEASIBLE
    assert result.conflicts[0].constraints == ("meal_breaks",)


def test_team_session_may_run_over_lunch():
    problem = _small(
        [RequestIn(1, "Team mission", 360, (), "Seoul", 0, "team:1")], groups={ALL: 40, "team:1": 6}
    )
    result = solve(problem, time_limit=5)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert violations(problem, result.placements, set()) == []


def test_no_venue_big_enough_is_reported_before_solving():
    problem = _small([RequestIn(1, "Forum", 60, (), "Seoul", 200)])
    result = solve(problem, time_limit=5)
    assert result.status == INFEASIBLE
    (conflict,) = result.conflicts
    assert conflict.code == "no_venue_big_enough"
    assert conflict.constraints == ("capacity", "request:1")
    assert "holds 200 people" in conflict.message and "largest: 60" in conflict.message


def test_speaker_without_availability_on_allowed_days_is_named():
    monday = dt.datetime(2027, 7, 5, 9, tzinfo=KST)
    problem = _small(
        [RequestIn(1, "Late lecture", 60, (2,), "Seoul", not_before_day=2)],
        availability={2: [(monday, monday + dt.timedelta(hours=8))]},
    )
    result = solve(problem, time_limit=5)
    assert result.status == INFEASIBLE
    (conflict,) = result.conflicts
    assert conflict.code == "speaker_unavailable"
    assert conflict.constraints == ("availability:2", "request:1")
    assert "Nguyen An" in conflict.message


def test_city_the_event_never_visits_is_reported():
    problem = _small([RequestIn(1, "Busan visit", 60, (), "Busan")])
    result = solve(problem, time_limit=5)
    assert [c.code for c in result.conflicts] == ["city_not_visited"]


def test_too_many_all_participant_hours_in_a_city_are_reported():
    # Three days of 8 free hours (9-18 minus lunch) = 24 h; ask for 26 h.
    requests = [RequestIn(i, f"Talk {i}", 120, (), "Seoul") for i in range(1, 14)]
    result = solve(_small(requests), time_limit=5)
    assert result.status == INFEASIBLE
    assert [c.code for c in result.conflicts] == ["city_overfull"]
    assert "26:00" in result.conflicts[0].message and "24:00" in result.conflicts[0].message


def test_session_longer_than_opening_hours_is_reported():
    venues = [VenueIn(1, "Museum", "Seoul", SEOUL, 60, dt.time(10), dt.time(12))]
    problem = _small(
        [RequestIn(1, "Long tour", 180, (), "Seoul", 0, "team:1")],
        venues=venues,
        groups={ALL: 40, "team:1": 6},
    )
    result = solve(problem, time_limit=5)
    assert [c.code for c in result.conflicts] == ["longer_than_day"]
    assert set(result.conflicts[0].constraints) >= {"day_hours", "opening_hours"}


def test_existing_sessions_block_their_room_and_speaker():
    day1 = dt.datetime(2027, 7, 5, 9, tzinfo=KST)
    busy = [
        BusyIn(day1, day1 + dt.timedelta(hours=9), venue_id=1),
        BusyIn(day1, day1 + dt.timedelta(days=1, hours=9), speaker_ids=(1,)),
    ]
    problem = _small([RequestIn(1, "Talk", 60, (1,), "Seoul", venue_ids=(1,))], busy=busy)
    result = solve(problem, time_limit=5)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert violations(problem, result.placements, set()) == []
    assert result.placements[0].starts_at.astimezone(KST).date() == dt.date(2027, 7, 7)


def test_sessions_already_on_the_agenda_stay_where_they_are():
    problem = demo_problem()
    first = solve(problem, time_limit=10)
    where = {p.request_id: p for p in first.placements}
    # Pretend the first proposal was accepted, and pin the keynote somewhere else.
    problem = demo_problem()
    problem.requests = [
        dataclasses.replace(
            r, current_start=where[r.id].starts_at, current_venue_id=where[r.id].venue_id
        )
        for r in problem.requests
    ]
    second = solve(problem, time_limit=10)
    assert second.status == OPTIMAL
    assert second.kept == 40
    assert {p.request_id: (p.starts_at, p.venue_id) for p in second.placements} == {
        i: (p.starts_at, p.venue_id) for i, p in where.items()
    }


def test_progress_is_reported_and_ends_at_100():
    seen = []
    result = solve(demo_problem(), time_limit=10, on_progress=seen.append)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert seen[0] == 5 and seen[-1] == 100
    assert seen == sorted(seen)


def test_cancel_requested_while_building_stops_the_solve():
    answers = iter([False, True])
    result = solve(demo_problem(), time_limit=10, should_cancel=lambda: next(answers))
    assert result.status == CANCELLED
    assert result.placements == []


def test_cancel_during_search_stops_the_solver():
    """A cancel polled while CP-SAT searches stops it through stop_search()."""
    calls = []

    def should_cancel():
        calls.append(1)
        return len(calls) > 2  # false before and after building, true at the first poll

    # Enough hard work that the search is still going at the first poll.
    problem = _replace(demo_problem(), 2, duration_minutes=90)
    requests = list(problem.requests)
    requests += [
        RequestIn(100 + i, f"Extra {i}", 45, (1 + i % 11,), "Seoul", 0, f"team-{1 + i % 8}")
        for i in range(60)
    ]
    problem.requests = requests
    result = solve(problem, time_limit=30, should_cancel=should_cancel, poll_seconds=0.0)
    assert result.status == CANCELLED
    assert len(calls) == 3
    assert result.placements == []


def test_team_with_more_hours_than_the_city_has_is_reported():
    # 3 days of 9 hours = 27 h; the team sits 10 h of plenaries and 18 h of its own sessions.
    requests = [RequestIn(i, f"Plenary {i}", 120, (), "Seoul") for i in range(1, 6)]
    requests += [
        RequestIn(10 + i, f"Team work {i}", 180, (), "Seoul", 0, "team:1") for i in range(6)
    ]
    result = solve(_small(requests, groups={ALL: 40, "team:1": 5}), time_limit=5)
    assert [c.code for c in result.conflicts] == ["group_overfull"]
    assert result.conflicts[0].constraints == ("leg:Seoul", "participants:team:1")


def test_large_loose_agenda_falls_back_to_earliest_first_search():
    """The benchmark's 200 sessions: the default single-worker search stalls, the second
    phase places everything, and every rule holds."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_scheduling", Path(__file__).resolve().parents[2] / "bench" / "bench_scheduling.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    problem = bench.build()
    result = solve(problem, time_limit=20)
    assert result.status in (OPTIMAL, FEASIBLE)
    assert len(result.placements) == 200
    assert violations(problem, result.placements, TRAVEL) == []


def test_travel_day_when_both_legs_cover_it_or_between_legs():
    both = _small([])
    both.end_date = dt.date(2027, 7, 9)
    both.legs = [
        LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 7)),
        LegIn("Hanoi", dt.date(2027, 7, 7), dt.date(2027, 7, 9)),
    ]
    assert travel_days(both) == {dt.date(2027, 7, 7)}
    gap = _small([])
    gap.end_date = dt.date(2027, 7, 9)
    gap.legs = [
        LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 6)),
        LegIn("Hanoi", dt.date(2027, 7, 8), dt.date(2027, 7, 9)),
    ]
    assert travel_days(gap) == {dt.date(2027, 7, 7)}
    same_city = _small([])
    same_city.legs = [
        LegIn("Seoul", dt.date(2027, 7, 5), dt.date(2027, 7, 5)),
        LegIn("Seoul", dt.date(2027, 7, 6), dt.date(2027, 7, 7)),
    ]
    assert travel_days(same_city) == set()


def test_fixed_start_on_the_travel_day_is_reported():
    problem = _replace(demo_problem(), 20, fixed_start=dt.datetime(2027, 7, 10, 9, 0, tzinfo=ICT))
    result = solve(problem, time_limit=5)
    assert result.status == INFEASIBLE
    (conflict,) = result.conflicts
    assert conflict.code == "fixed_outside_hours"
    assert conflict.constraints == ("fixed:20", "request:20")
    assert "Welcome to Hanoi" in conflict.message


def test_venue_opening_hours_bind_in_the_venues_own_zone():
    # The museum opens 10:00-12:00 Seoul time; a 09:00 fixed start there is refused,
    # a 10:00 one is kept.
    venues = [VenueIn(1, "Museum", "Seoul", SEOUL, 60, dt.time(10), dt.time(12))]
    nine = dt.datetime(2027, 7, 6, 9, 0, tzinfo=KST)
    early = _small(
        [RequestIn(1, "Tour", 60, (), "Seoul", 0, "team:1", fixed_start=nine)],
        venues=venues,
        groups={ALL: 40, "team:1": 6},
    )
    assert [c.code for c in solve(early, time_limit=5).conflicts] == ["fixed_outside_hours"]
    on_time = _replace(early, 1, fixed_start=nine + dt.timedelta(hours=1))
    result = solve(on_time, time_limit=5)
    assert result.placements[0].starts_at == nine + dt.timedelta(hours=1)
