"""Solve a rooming problem (``rooming.Occupant``, ``rooming.Room``) with OR-Tools CP-SAT,
on the scheduling solver's machinery (its parameters, progress watcher and polled run):
one worker, a fixed seed, a time limit, so the same input gives the same rooms.

The rules make every room one *class*: a single room, the adults of one gender, the
minors of one gender (any country: mixing countries is only a preference), or the minors
of one gender and group (country) with their chaperones. Rooms of a block are
alike, so the model decides how many rooms of each block each class gets and how many
people of each kind go there (a few hundred integers for 300 people, where one variable
per person and room is tens of thousands); the people of a block's class are then dealt
out over its rooms in turn, sorted by country, which reaches the model's count of
same-country room-mates. Rooms an organiser arranged keep their people; their free beds
go to the solve as one-room blocks of the class those people allow. Imported inside the function that solves, so OR-Tools stays out of web processes.
"""

from __future__ import annotations

import time
from collections import defaultdict

from ortools.sat.python import cp_model

from scheduling.cpsat import _parameters, _run_polled, _Watcher
from scheduling.problem import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN

from .rooming import RULES, Occupant, Room, Rooming


def _class_of(person: Occupant, rules: frozenset[str], chaperoned: frozenset) -> list[tuple]:
    """The room classes ``person`` may sleep in under ``rules``; ``chaperoned``: the
    (gender, country) pairs that have a chaperone, whose minors may room with them."""
    gender = person.gender if "gender" in rules else "*"
    if person.single and "single" in rules:
        return [("single",)]
    if person.is_minor and "minors" in rules:
        if (person.gender, person.country) in chaperoned:
            return [("minors", gender), ("minors", gender, person.country)]
        return [("minors", gender)]
    if person.is_chaperone and "minors" in rules:
        return [("adults", gender), ("minors", gender, person.country)]
    return [("adults", gender)]


def _chaperoned(people: list[Occupant]) -> frozenset:
    return frozenset((p.gender, p.country) for p in people if p.is_chaperone and not p.is_minor)


def _kept_classes(kept: list[Occupant], rules: frozenset[str], chaperoned: frozenset) -> set:
    """The classes the rest of a kept room's beds may take (the model picks one)."""
    common = None
    for person in kept:
        allowed = set(_class_of(person, rules, chaperoned))
        common = allowed if common is None else common & allowed
    return {c for c in common or () if c != ("single",)}


def _kind(person: Occupant) -> tuple:
    return (person.gender, person.country, person.is_minor, person.is_chaperone, person.single)


def _model(
    people: list[Occupant],
    blocks: dict[int, tuple[int, int]],
    rules: frozenset[str],
    *,
    prefer: bool,
    kept: dict[int, list[Occupant]] | None = None,
):
    """``blocks``: block id -> (beds per room, free rooms); ``kept``: for the one-room
    blocks that are the free beds of an organiser's room, the people already in it."""
    kept = kept or {}
    model = cp_model.CpModel()
    chaperoned = _chaperoned(people + [p for room in kept.values() for p in room])
    kinds: dict[tuple, list[Occupant]] = defaultdict(list)
    for person in people:
        kinds[_kind(person)].append(person)
    classes = sorted(
        {c for person in people for c in _class_of(person, rules, chaperoned)}, key=str
    )
    rooms = {
        (b, c): model.new_int_var(0, free, f"R{b}_{'_'.join(c)}")
        for b, (_beds, free) in blocks.items()
        for c in classes
    }
    for b, already in kept.items():
        allowed = _kept_classes(already, rules, chaperoned)
        for c in classes:
            if c not in allowed:
                model.add(rooms[b, c] == 0)
    seats = {}
    for k, members in kinds.items():
        allowed = _class_of(members[0], rules, chaperoned)
        for b in blocks:
            for c in allowed:
                seats[b, c, k] = model.new_int_var(
                    0, len(members), f"P{b}_{'_'.join(c)}_{'_'.join(map(str, k))}"
                )
        model.add(sum(seats[b, c, k] for b in blocks for c in allowed) == len(members))
    penalties = []
    for b, (beds, free) in blocks.items():
        model.add(sum(rooms[b, c] for c in classes) <= free)
        for c in classes:
            here = [(k, var) for (bb, cc, k), var in seats.items() if bb == b and cc == c]
            if not here:
                model.add(rooms[b, c] == 0)
                continue
            if c == ("single",):
                model.add(rooms[b, c] == sum(var for _k, var in here))
                continue
            if "beds" in rules:
                model.add(sum(var for _k, var in here) <= beds * rooms[b, c])
            else:
                model.add(sum(var for _k, var in here) <= len(people) * rooms[b, c])
            if prefer and beds > 1:
                by_country = defaultdict(list)
                for k, var in here:
                    by_country[k[1]].append(var)
                for country, counts in by_country.items():
                    extra = model.new_int_var(0, len(people), f"S{b}_{'_'.join(c)}_{country}")
                    model.add(extra >= sum(counts) - rooms[b, c])
                    penalties.append(extra)
    if penalties:
        model.minimize(sum(penalties))
    return model, kinds, rooms, seats


def _solve(model, time_limit: float, seed: int, on_progress=None):
    solver = cp_model.CpSolver()
    _parameters(solver, time_limit, seed)
    watcher = _Watcher()
    status, _cancelled = _run_polled(
        solver,
        model,
        watcher,
        time_limit=time_limit,
        on_progress=on_progress,
        should_cancel=None,
        poll_seconds=0.25,
    )
    return solver, status


def solve(
    occupants: list[Occupant],
    rooms: list[Room],
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    on_progress=None,
) -> Rooming:
    """Place everyone, or name the rules that cannot all hold (``Rooming.broken``)."""
    started = time.monotonic()
    known = {(room.block, room.number): room for room in rooms}
    placed = {p.key: p.kept_room for p in occupants if p.kept_room in known}
    in_kept: dict[tuple[int, int], list[Occupant]] = defaultdict(list)
    for p in occupants:
        if p.key in placed:
            in_kept[p.kept_room].append(p)
    people = [p for p in occupants if p.key not in placed]
    free_rooms: dict[int, list[Room]] = defaultdict(list)
    for room in rooms:
        if (room.block, room.number) not in in_kept:
            free_rooms[room.block].append(room)
    blocks = {b: (members[0].beds, len(members)) for b, members in free_rooms.items()}
    # The spare beds of each organiser's room: a one-room block of its own (ids below 0).
    kept: dict[int, list[Occupant]] = {}
    for at, (where, already) in enumerate(sorted(in_kept.items()), start=1):
        spare = known[where].beds - len(already)
        if spare > 0:
            free_rooms[-at] = [known[where]]
            blocks[-at] = (spare, 1)
            kept[-at] = already
    if not people:
        return Rooming(OPTIMAL, rooms=placed, wall_seconds=time.monotonic() - started)
    if sum(beds * count for beds, count in blocks.values()) < len(people):
        return Rooming(INFEASIBLE, broken=["beds"], wall_seconds=time.monotonic() - started)
    model, kinds, room_vars, seats = _model(
        people, blocks, frozenset(RULES), prefer=True, kept=kept
    )
    solver, status = _solve(model, time_limit, seed, on_progress)
    if status == cp_model.INFEASIBLE:
        broken = _explain(people, blocks, time_limit, kept)
        return Rooming(INFEASIBLE, broken=broken, wall_seconds=time.monotonic() - started)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Rooming(UNKNOWN, wall_seconds=time.monotonic() - started)
    waiting = {k: sorted(members, key=lambda p: p.key) for k, members in kinds.items()}
    for b, block_rooms in sorted(free_rooms.items()):
        next_room = 0
        for c in sorted({cc for (bb, cc) in room_vars if bb == b}, key=str):
            count = solver.value(room_vars[b, c])
            if not count:
                continue
            assigned = block_rooms[next_room : next_room + count]
            next_room += count
            group = []
            for (bb, cc, k), var in seats.items():
                if bb == b and cc == c:
                    group.extend(waiting[k][: solver.value(var)])
                    del waiting[k][: solver.value(var)]
            group.sort(key=lambda p: (p.country, p.key))
            for i, person in enumerate(group):
                room = assigned[i % count]
                placed[person.key] = (room.block, room.number)
    return Rooming(
        OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE,
        rooms=placed,
        same_country_pairs=int(solver.objective_value),
        wall_seconds=time.monotonic() - started,
    )


def _explain(people: list[Occupant], blocks: dict, time_limit: float, kept: dict) -> list[str]:
    """The rules whose removal alone makes the input feasible, each tried on its own."""
    broken = []
    for rule in RULES:
        if rule == "kept":
            continue
        model, *_rest = _model(people, blocks, frozenset(RULES) - {rule}, prefer=False, kept=kept)
        _solver, status = _solve(model, max(1.0, time_limit / 4), 0)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            broken.append(rule)
    return broken or [rule for rule in RULES if rule != "kept"]
