"""The rooming problem as plain data, and the check of a solution against every rule.

The CP-SAT model is in ``rooming_cpsat.py`` (OR-Tools loads only when a solve runs, as
``scheduling/cpsat.py``); the check below is used on every solution before it is saved
and by the tests, so a rule the model got wrong cannot reach a hotel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Rule groups: what an infeasible input is explained by.
RULES = {
    "beds": _("There are not enough beds for everyone."),
    "gender": _("People share a room only with people of the same gender."),
    "minors": _("Minors share a room only with minors or a chaperone of their group."),
    "single": _("Delegation heads (and others marked so) get a room of their own."),
    "kept": _("Rooms placed by an organiser are kept."),
}


@dataclass(frozen=True)
class Occupant:
    key: str  # "a<application id>" or "c<companion id>"
    gender: str
    country: str
    is_minor: bool = False
    is_chaperone: bool = False
    single: bool = False
    kept_room: tuple[int, int] | None = None  # (block id, room number) an organiser chose


@dataclass(frozen=True)
class Room:
    block: int
    number: int
    beds: int


@dataclass
class Rooming:
    status: str  # scheduling.problem's OPTIMAL / FEASIBLE / INFEASIBLE / UNKNOWN
    rooms: dict[str, tuple[int, int]] = field(default_factory=dict)  # occupant -> room
    broken: list[str] = field(default_factory=list)  # RULES keys that cannot all hold
    same_country_pairs: int = 0
    wall_seconds: float = 0.0


def violations(
    occupants: list[Occupant], rooms: list[Room], placed: dict[str, tuple[int, int]]
) -> list[str]:
    """Every rule a placement breaks, in words a test or a log can show; [] if none."""
    beds = {(r.block, r.number): r.beds for r in rooms}
    by_room: dict[tuple[int, int], list[Occupant]] = {}
    problems = []
    for person in occupants:
        room = placed.get(person.key)
        if room is None or room not in beds:
            problems.append(f"{person.key}: no room")
            continue
        by_room.setdefault(room, []).append(person)
        if person.kept_room and person.kept_room != room:
            problems.append(f"{person.key}: moved from the room an organiser chose")
    for room, people in by_room.items():
        if len(people) > beds[room]:
            problems.append(f"{room}: {len(people)} people, {beds[room]} beds")
        if len({p.gender for p in people}) > 1:
            problems.append(f"{room}: mixed genders")
        if any(p.single for p in people) and len(people) > 1:
            problems.append(f"{room}: a single room shared")
        minors = [p for p in people if p.is_minor]
        if minors:
            for adult in (p for p in people if not p.is_minor):
                if not adult.is_chaperone or any(m.country != adult.country for m in minors):
                    problems.append(f"{room}: {adult.key} shares with a minor")
    return problems
