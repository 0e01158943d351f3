"""Proposing who to accept: plain data in, plain data out, no database.

Input: the candidates in ranking order (best first, see ``review.scoring``), the number
of seats, per-country quotas (minimum, optional maximum), seats per gender (at least and
at most so many for a gender, ``programmes.models.GenderQuota``) and an optional gender balance
target (no single gender above a share of the seats). Output: for every candidate an
outcome (accept or waitlist) with the reason, a ranked waiting list, and the list of
constraints that could not all be met.

The method is one walk down the ranking with *reserved seats*:

* Every country with a minimum has seats held for it until that many of its candidates
  are accepted. A candidate is accepted when their country is below its maximum, their
  gender below the target's cap and its own maximum, and at least one free seat is not held for *another*
  country's minimum. Walking in ranking order means a country's minimum is filled by its
  best candidates, and nobody is passed over except to keep a constraint.
* A gender's minimum holds seats the same way, in the same walk. One candidate can fill a
  country's and a gender's minimum at once, so the seats held are the two needs less the
  seats the candidates still to come can fill for both (counted per gender, exact when
  one gender has a minimum).
* A candidate accepted into a seat that was only free because it was held for their
  country's minimum is explained as "accepted to meet X's minimum"; everyone else
  accepted is explained by their place among their country's candidates.
* Minimums that can't be met are reduced first, and reported: a country with fewer
  candidates than its minimum (or a maximum below it) keeps what it has; when the
  minimums add up to more than the seats, the minimum seats go to the best-ranked of the
  candidates who would fill them. A minimum the gender target makes unreachable is
  released after the first walk and the walk repeated for the waiting list, so seats are
  never held for nobody.

Deterministic: the same input gives the same output (ties are already broken by the
ranking). Linear in the number of candidates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .selection_results import (  # noqa: F401 (re-exported: review.selection's names)
    ACCEPT,
    CAPACITY,
    COUNTRY_MAXIMUM,
    COUNTRY_MINIMUM,
    DEFAULT_UNCOUNTED_GENDERS,
    GENDER_MAXIMUM,
    GENDER_MINIMUM,
    GENDER_TARGET,
    HELD_FOR_MINIMUMS,
    MERIT,
    WAITLIST,
    Candidate,
    CountrySummary,
    Decision,
    Issue,
    Proposal,
    QuotaSpec,
    _gender_label,
    country_name,
)


def gender_cap(capacity: int, max_share: float | None) -> int | None:
    if max_share is None:
        return None
    return int(capacity * max_share + 1e-9)


class _Walk:
    """The shared rule: may this candidate take a seat now, and if not, why not."""

    def __init__(
        self,
        *,
        capacity: int,
        quotas: dict[str, QuotaSpec],
        needs: dict[str, int],
        cap: int | None,
        uncounted: frozenset[str],
        gender_maximums: Mapping[str, int | None] | None = None,
        gender_needs: Mapping[str, int] | None = None,
        gender_minimums: Mapping[str, int] | None = None,
        to_come: Iterable[Candidate] = (),
        accepted_by_country: Counter,
        accepted_by_gender: Counter,
        accepted_total: int,
    ):
        self.capacity = capacity
        self.quotas = quotas
        self.needs = {c: n for c, n in needs.items() if n > 0}
        self.gender_needs = {g: n for g, n in (gender_needs or {}).items() if n > 0}
        self.gender_minimums = gender_minimums or {}
        self.country_need = sum(self.needs.values())
        self.gender_need = sum(self.gender_needs.values())
        # Candidates not yet considered, per (country, gender): who can still fill a
        # country's and a gender's minimum with one seat.
        self.to_come = (
            Counter((c.country, c.gender) for c in to_come) if self.gender_needs else None
        )
        self.cap = cap
        self.uncounted = uncounted
        self.gender_maximums = gender_maximums or {}
        self.by_country = accepted_by_country
        self.by_gender = accepted_by_gender
        self.total = accepted_total

    def held(self) -> int:
        """Seats to keep free for the minimums still unmet."""
        country_need, gender_need = self.country_need, self.gender_need
        if not country_need or not gender_need:
            return country_need + gender_need
        both = sum(
            min(need, sum(min(n, self.to_come[(c, g)]) for c, n in self.needs.items()))
            for g, need in self.gender_needs.items()
        )
        return country_need + gender_need - min(both, country_need)

    def consider(self, candidate: Candidate) -> tuple[str, str, dict]:
        counted = candidate.gender not in self.uncounted
        held_before = self.held() if self.needs or self.gender_needs else 0
        if self.to_come is not None:
            self.to_come[(candidate.country, candidate.gender)] -= 1
        if self.total >= self.capacity:
            return WAITLIST, CAPACITY, {"capacity": self.capacity}
        quota = self.quotas.get(candidate.country)
        if (
            quota is not None
            and quota.maximum is not None
            and self.by_country[candidate.country] >= quota.maximum
        ):
            return WAITLIST, COUNTRY_MAXIMUM, {"maximum": quota.maximum}
        if self.cap is not None and counted and self.by_gender[candidate.gender] >= self.cap:
            return WAITLIST, GENDER_TARGET, {"cap": self.cap}
        gender_maximum = self.gender_maximums.get(candidate.gender) if counted else None
        if gender_maximum is not None and self.by_gender[candidate.gender] >= gender_maximum:
            return WAITLIST, GENDER_MAXIMUM, {"maximum": gender_maximum}
        free = self.capacity - self.total
        own_need = self.needs.get(candidate.country, 0)
        own_gender_need = self.gender_needs.get(candidate.gender, 0) if counted else 0
        # Take the seat, then see whether the seats left still cover the others' minimums.
        self._fill(candidate, own_need, own_gender_need, -1)
        if free - 1 < self.held():
            self._fill(candidate, own_need, own_gender_need, +1)
            return WAITLIST, HELD_FOR_MINIMUMS, {"genders": bool(self.gender_needs)}
        reason, params = MERIT, {}
        if own_need > 0 and free - held_before < 1:
            reason, params = COUNTRY_MINIMUM, {"minimum": quota.minimum if quota else 0}
        elif own_gender_need > 0 and free - held_before < 1:
            minimum = self.gender_minimums.get(candidate.gender, 0)
            reason, params = GENDER_MINIMUM, {"minimum": minimum}
        self.total += 1
        self.by_country[candidate.country] += 1
        if counted:
            self.by_gender[candidate.gender] += 1
        return ACCEPT, reason, params

    def _fill(self, candidate: Candidate, own_need: int, own_gender_need: int, step: int) -> None:
        """Count the candidate's seat against their country's and gender's needs (step -1),
        or undo that (+1)."""
        for needs, key, need in (
            (self.needs, candidate.country, own_need),
            (self.gender_needs, candidate.gender, own_gender_need),
        ):
            if not need:
                continue
            if step < 0 and need == 1:
                del needs[key]
            else:
                needs[key] = need + step if step < 0 else need
            if needs is self.needs:
                self.country_need += step
            else:
                self.gender_need += step


def _gender_needs(
    *,
    ranked: Sequence[Candidate],
    minimums: Mapping[str, int],
    maximums: Mapping[str, int | None],
    cap: int | None,
    uncounted: frozenset[str],
    seated_by_gender: Counter,
    free_seats: int,
    issues: list[Issue],
) -> dict[str, int]:
    """The genders' reachable minimums (seated people included), as the countries': what
    the candidates can supply within the gender's maximum and the balance target; when
    they add up to more than the free seats, the best-ranked of those who would fill
    them get them. Each shortfall is reported in ``issues``."""
    by_gender: dict[str, list[int]] = defaultdict(list)
    for index, candidate in enumerate(ranked):
        by_gender[candidate.gender].append(index)
    needs: dict[str, int] = {}
    for gender in sorted(minimums):
        minimum = minimums[gender]
        if minimum <= 0 or gender in uncounted:
            continue
        available = len(by_gender.get(gender, ())) + seated_by_gender[gender]
        reachable = min(
            minimum,
            available,
            *(bound for bound in (maximums.get(gender), cap) if bound is not None),
        )
        if available < minimum:
            issues.append(
                Issue(
                    "too_few_candidates_of_gender",
                    ngettext(
                        "The minimum of %(minimum)s seats for %(gender)s can't be met: there is only %(count)s candidate.",
                        "The minimum of %(minimum)s seats for %(gender)s can't be met: there are only %(count)s candidates.",
                        available,
                    )
                    % {
                        "minimum": minimum,
                        "gender": _gender_label(gender, get_language()),
                        "count": available,
                    },
                )
            )
        if reachable:
            needs[gender] = reachable
    if sum(max(0, n - seated_by_gender[g]) for g, n in needs.items()) > free_seats:
        pool = sorted(
            index
            for g, n in needs.items()
            for index in by_gender[g][: max(0, n - seated_by_gender[g])]
        )
        granted = Counter(ranked[index].gender for index in pool[:free_seats]) + seated_by_gender
        needs = {g: granted[g] for g in needs if granted[g]}
        issues.append(
            Issue(
                "gender_minimums_exceed_capacity",
                _(
                    "The gender minimums add up to %(total)s but there are only %(capacity)s free seats."
                )
                % {"total": sum(minimums.values()), "capacity": free_seats},
            )
        )
    return needs


def propose_selection(
    *,
    ranked: Sequence[Candidate],
    capacity: int,
    quotas: Iterable[QuotaSpec] = (),
    gender_max_share: float | None = None,
    uncounted_genders: frozenset[str] = DEFAULT_UNCOUNTED_GENDERS,
    seated: Sequence[Candidate] = (),
    gender_maximums: Mapping[str, int | None] | None = None,
    gender_minimums: Mapping[str, int] | None = None,
) -> Proposal:
    """Propose an accepted set and a waiting list for ``ranked`` (best first).

    ``seated`` are people who already hold seats (accepted or confirmed earlier): they
    count against capacity, maximums, minimums and the gender target, but get no decision.
    """
    gender_minimums = gender_minimums or {}
    quota_by_country = {q.country: q for q in quotas}
    seated_by_country = Counter(c.country for c in seated)
    seated_by_gender = Counter(c.gender for c in seated if c.gender not in uncounted_genders)
    seated_total = len(seated)
    issues: list[Issue] = []
    by_country: dict[str, list[int]] = defaultdict(list)
    country_rank: list[int] = []
    for index, candidate in enumerate(ranked):
        members = by_country[candidate.country]
        members.append(index)
        country_rank.append(len(members))

    if len(ranked) < capacity - seated_total:
        issues.append(
            Issue(
                "fewer_candidates_than_seats",
                _("Only %(count)s candidates for %(capacity)s seats.")
                % {"count": len(ranked), "capacity": capacity - seated_total},
            )
        )

    # Reachable minimums: what each country can actually supply.
    needs: dict[str, int] = {}
    for code in sorted(quota_by_country):
        quota = quota_by_country[code]
        if quota.minimum <= 0:
            continue
        available = len(by_country.get(code, ())) + seated_by_country[code]
        reachable = min(quota.minimum, available)
        if quota.maximum is not None:
            reachable = min(reachable, quota.maximum)
        if available < quota.minimum:
            issues.append(
                Issue(
                    "too_few_candidates",
                    ngettext(
                        "%(country)s's minimum of %(minimum)s can't be met: it has only %(count)s candidate.",
                        "%(country)s's minimum of %(minimum)s can't be met: it has only %(count)s candidates.",
                        available,
                    )
                    % {"country": country_name(code), "minimum": quota.minimum, "count": available},
                    code,
                )
            )
        if reachable:
            needs[code] = reachable

    minimum_total = sum(q.minimum for q in quota_by_country.values())
    free_seats = max(0, capacity - seated_total)
    if sum(max(0, n - seated_by_country[code]) for code, n in needs.items()) > free_seats:
        # Give the minimum seats to the best-ranked of those who would fill them.
        pool = sorted(
            index
            for code, n in needs.items()
            for index in by_country[code][: max(0, n - seated_by_country[code])]
        )
        granted = Counter(ranked[index].country for index in pool[:free_seats]) + seated_by_country
        reduced = sorted(code for code, n in needs.items() if granted[code] < n)
        needs = {code: granted[code] for code in needs if granted[code]}
        issues.append(
            Issue(
                "minimums_exceed_capacity",
                _(
                    "The country minimums add up to %(total)s but there are only %(capacity)s seats; "
                    "minimums not fully met: %(countries)s."
                )
                % {
                    "total": minimum_total,
                    "capacity": capacity,
                    "countries": ", ".join(country_name(code) for code in reduced),
                },
            )
        )

    cap = gender_cap(capacity, gender_max_share)
    gender_needs = _gender_needs(
        ranked=ranked,
        minimums=gender_minimums,
        maximums=gender_maximums or {},
        cap=cap,
        uncounted=uncounted_genders,
        seated_by_gender=seated_by_gender,
        free_seats=free_seats,
        issues=issues,
    )
    outcome: list[tuple[str, str, dict] | None] = [None] * len(ranked)
    pending = list(range(len(ranked)))
    accepted_by_country: Counter = Counter(seated_by_country)
    accepted_by_gender: Counter = Counter(seated_by_gender)
    accepted_total = seated_total
    for _attempt in range(3):
        walk = _Walk(
            capacity=capacity,
            quotas=quota_by_country,
            needs={code: n - accepted_by_country[code] for code, n in needs.items()},
            cap=cap,
            uncounted=uncounted_genders,
            gender_maximums=gender_maximums,
            gender_needs={g: n - accepted_by_gender[g] for g, n in gender_needs.items()},
            gender_minimums=gender_minimums,
            to_come=[ranked[index] for index in pending],
            accepted_by_country=accepted_by_country,
            accepted_by_gender=accepted_by_gender,
            accepted_total=accepted_total,
        )
        for index in pending:
            outcome[index] = walk.consider(ranked[index])
        accepted_total = walk.total
        unmet = {code: n for code, n in walk.needs.items() if n > 0}
        unmet_genders = sorted(g for g, n in walk.gender_needs.items() if n > 0)
        if not unmet and not unmet_genders:
            break
        # Country and gender minimums together may ask for more seats than the
        # candidates can fill: release the gender's, report it, walk the waiting list.
        for gender in unmet_genders:
            issues.append(
                Issue(
                    "gender_minimum_not_met",
                    _(
                        "The minimum of %(minimum)s seats for %(gender)s can't be met alongside the other quotas."
                    )
                    % {
                        "minimum": gender_minimums[gender],
                        "gender": _gender_label(gender, get_language()),
                    },
                )
            )
            gender_needs[gender] = accepted_by_gender[gender]
        # The gender target (or a gender's minimum) can leave a reachable minimum unmet
        # after a full walk: release those seats and walk the waiting list again.
        for code in sorted(unmet):
            quota = quota_by_country[code]
            issues.append(
                Issue(
                    "minimum_blocked_by_gender_target",
                    _(
                        "%(country)s's minimum of %(minimum)s can't be met within the gender balance target."
                    )
                    % {"country": country_name(code), "minimum": quota.minimum},
                    code,
                )
            )
            needs[code] = accepted_by_country[code]
        pending = [index for index in pending if outcome[index][0] == WAITLIST]

    decisions: list[Decision] = []
    position = 0
    for index, candidate in enumerate(ranked):
        result, reason, params = outcome[index]
        waitlist_position = None
        if result == WAITLIST:
            position += 1
            waitlist_position = position
        decisions.append(
            Decision(
                application_id=candidate.application_id,
                country=candidate.country,
                gender=candidate.gender,
                outcome=result,
                reason=reason,
                country_rank=country_rank[index],
                waitlist_position=waitlist_position,
                params=params,
            )
        )

    empty = capacity - accepted_total
    if empty > 0 and position > 0:
        issues.append(
            Issue(
                "seats_unfilled",
                ngettext(
                    "%(count)s seat stays empty: the waiting candidates would break a country maximum or the gender balance target.",
                    "%(count)s seats stay empty: the waiting candidates would break a country maximum or the gender balance target.",
                    empty,
                )
                % {"count": empty},
            )
        )

    summary_codes = sorted(set(by_country) | set(quota_by_country))
    summaries = [
        CountrySummary(
            country=code,
            candidates=len(by_country.get(code, ())),
            accepted=accepted_by_country[code],
            minimum=quota_by_country[code].minimum if code in quota_by_country else 0,
            maximum=quota_by_country[code].maximum if code in quota_by_country else None,
        )
        for code in summary_codes
    ]
    return Proposal(capacity=capacity, decisions=decisions, issues=issues, countries=summaries)


def next_to_promote(
    *,
    waitlist: Sequence[Candidate],
    seat_holders: Iterable[Candidate],
    capacity: int,
    quotas: Iterable[QuotaSpec] = (),
    gender_max_share: float | None = None,
    uncounted_genders: frozenset[str] = DEFAULT_UNCOUNTED_GENDERS,
    gender_maximums: Mapping[str, int | None] | None = None,
    gender_minimums: Mapping[str, int] | None = None,
) -> Candidate | None:
    """The first waiting candidate who can take a free seat without breaking a quota.

    Seats still needed for a country's minimum (and fillable from the waiting list) are
    held for that country, exactly as in the proposal.
    """
    quota_by_country = {q.country: q for q in quotas}
    by_country: Counter = Counter()
    by_gender: Counter = Counter()
    total = 0
    for holder in seat_holders:
        total += 1
        by_country[holder.country] += 1
        if holder.gender not in uncounted_genders:
            by_gender[holder.gender] += 1
    if total >= capacity:
        return None
    waiting_by_country = Counter(c.country for c in waitlist)
    needs = {}
    for code, quota in quota_by_country.items():
        short = quota.minimum - by_country[code]
        if short > 0 and waiting_by_country[code]:
            needs[code] = min(short, waiting_by_country[code])
    if sum(needs.values()) > capacity - total:
        # Can't meet every minimum: hold nothing rather than guess which one matters more.
        needs = {}
    waiting_by_gender = Counter(c.gender for c in waitlist)
    gender_needs = {}
    for gender, minimum in (gender_minimums or {}).items():
        short = minimum - by_gender[gender]
        if gender not in uncounted_genders and short > 0 and waiting_by_gender[gender]:
            gender_needs[gender] = min(short, waiting_by_gender[gender])
    if sum(gender_needs.values()) > capacity - total:
        gender_needs = {}
    walk = _Walk(
        capacity=capacity,
        quotas=quota_by_country,
        needs=needs,
        cap=gender_cap(capacity, gender_max_share),
        uncounted=uncounted_genders,
        gender_maximums=gender_maximums,
        gender_needs=gender_needs,
        gender_minimums=gender_minimums,
        to_come=waitlist,
        accepted_by_country=by_country,
        accepted_by_gender=by_gender,
        accepted_total=total,
    )
    for candidate in waitlist:
        if walk.consider(candidate)[0] == ACCEPT:
            return candidate
    return None
