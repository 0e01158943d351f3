"""Split participants into teams of near-equal size, mixing countries and genders and
keeping people from the same organisation apart where the numbers allow.

A deterministic greedy start followed by pairwise swaps that lower one cost: for each
team, 100 x (pairs from one organisation) + 10 x sum(country count squared) +
sum(gender count squared). Swaps keep sizes, so sizes differ by at most one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

ORG_WEIGHT = 100
COUNTRY_WEIGHT = 10
GENDER_WEIGHT = 1
MAX_PASSES = 30


@dataclass(frozen=True)
class Candidate:
    user_id: int
    country: str = ""
    gender: str = ""
    organisation: str = ""  # empty: unknown, never counted as a clash


class _Team:
    def __init__(self) -> None:
        self.members: list[Candidate] = []
        self.countries: Counter[str] = Counter()
        self.genders: Counter[str] = Counter()
        self.orgs: Counter[str] = Counter()

    def add(self, c: Candidate) -> None:
        self.members.append(c)
        self.countries[c.country] += 1
        self.genders[c.gender] += 1
        if c.organisation:
            self.orgs[c.organisation] += 1

    def remove(self, c: Candidate) -> None:
        self.members.remove(c)
        self.countries[c.country] -= 1
        self.genders[c.gender] -= 1
        if c.organisation:
            self.orgs[c.organisation] -= 1

    def added_cost(self, c: Candidate) -> int:
        """How much the team's cost grows if ``c`` joins."""
        org = self.orgs[c.organisation] if c.organisation else 0
        return (
            ORG_WEIGHT * org
            + COUNTRY_WEIGHT * (2 * self.countries[c.country] + 1)
            + GENDER_WEIGHT * (2 * self.genders[c.gender] + 1)
        )


def team_cost(members: Sequence[Candidate]) -> int:
    countries = Counter(m.country for m in members)
    genders = Counter(m.gender for m in members)
    orgs = Counter(m.organisation for m in members if m.organisation)
    return (
        ORG_WEIGHT * sum(k * (k - 1) // 2 for k in orgs.values())
        + COUNTRY_WEIGHT * sum(k * k for k in countries.values())
        + GENDER_WEIGHT * sum(k * k for k in genders.values())
    )


def balance(people: Sequence[Candidate], count: int) -> list[list[Candidate]]:
    """``count`` teams; the same input always gives the same teams."""
    if count < 1:
        raise ValueError("count must be at least 1")
    country_size = Counter(p.country for p in people)
    org_size = Counter(p.organisation for p in people if p.organisation)
    # Place the hardest to spread first: big countries and big organisations.
    ordered = sorted(
        people,
        key=lambda p: (
            -org_size.get(p.organisation, 0),
            -country_size[p.country],
            p.country,
            p.gender,
            p.user_id,
        ),
    )
    total = len(ordered)
    sizes = [total // count + (1 if i < total % count else 0) for i in range(count)]
    teams = [_Team() for _ in range(count)]
    for person in ordered:
        open_teams = [i for i in range(count) if len(teams[i].members) < sizes[i]]
        best = min(
            open_teams, key=lambda i: (teams[i].added_cost(person), len(teams[i].members), i)
        )
        teams[best].add(person)

    for _pass in range(MAX_PASSES):
        improved = False
        for a in range(count):
            for b in range(a + 1, count):
                for p in list(teams[a].members):
                    for q in list(teams[b].members):
                        if p not in teams[a].members or q not in teams[b].members:
                            continue
                        before = team_cost(teams[a].members) + team_cost(teams[b].members)
                        teams[a].remove(p)
                        teams[b].remove(q)
                        teams[a].add(q)
                        teams[b].add(p)
                        after = team_cost(teams[a].members) + team_cost(teams[b].members)
                        if after < before:
                            improved = True
                            break
                        teams[a].remove(q)
                        teams[b].remove(p)
                        teams[a].add(p)
                        teams[b].add(q)
        if not improved:
            break
    return [sorted(t.members, key=lambda c: c.user_id) for t in teams]
