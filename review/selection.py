"""Proposing who to accept: plain data in, plain data out, no database.

Input: the candidates in ranking order (best first, see ``review.scoring``), the number
of seats, per-country quotas (minimum, optional maximum), seats per gender (at most so
many for a gender, ``programmes.models.GenderQuota``) and an optional gender balance
target (no single gender above a share of the seats). Output: for every candidate an
outcome (accept or waitlist) with the reason, a ranked waiting list, and the list of
constraints that could not all be met.

The method is one walk down the ranking with *reserved seats*:

* Every country with a minimum has seats held for it until that many of its candidates
  are accepted. A candidate is accepted when their country is below its maximum, their
  gender below the target's cap and its own maximum, and at least one free seat is not held for *another*
  country's minimum. Walking in ranking order means a country's minimum is filled by its
  best candidates, and nobody is passed over except to keep a constraint.
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
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

ACCEPT = "accept"
WAITLIST = "waitlist"

# Reasons (stable codes; the messages are built from them).
MERIT = "merit"
COUNTRY_MINIMUM = "country_minimum"
COUNTRY_MAXIMUM = "country_maximum"
GENDER_TARGET = "gender_target"
GENDER_MAXIMUM = "gender_maximum"
HELD_FOR_MINIMUMS = "held_for_minimums"
CAPACITY = "capacity"

# Genders the balance target does not count: nobody is held back for not saying.
DEFAULT_UNCOUNTED_GENDERS = frozenset({"", "prefer_not_to_say"})


@dataclass(frozen=True, slots=True)
class Candidate:
    application_id: int
    country: str
    gender: str = ""


@dataclass(frozen=True, slots=True)
class QuotaSpec:
    country: str
    minimum: int = 0
    maximum: int | None = None


def country_name(code: str) -> str:
    return _country_name(code, get_language())


@lru_cache(maxsize=4096)
def _country_name(code: str, language: str | None) -> str:
    # django-countries rebuilds its translated name each call; ten thousand explanations
    # ask for the same fifty names, so remember them per language.
    from django_countries import countries

    return str(countries.name(code)) if code else _("no country given")


@lru_cache(maxsize=256)
def _t(message: str, language: str | None) -> str:
    return _(message)


@lru_cache(maxsize=64)
def _gender_label(code: str, language: str | None) -> str:
    from participants.enums import Gender

    return str(Gender(code).label) if code in Gender.values else code


@lru_cache(maxsize=4096)
def _ordinal(value: int, language: str | None) -> str:
    # English says "3rd"; the other languages put the bare number into their sentence
    # ("3위", "hạng 3"), so the sentence carries the grammar rather than the number.
    if language and not language.startswith("en"):
        return str(value)
    return str(ordinal(value))


@dataclass(slots=True)
class Decision:
    application_id: int
    country: str
    gender: str
    outcome: str
    reason: str
    # 1-based place among the candidates from the same country, in ranking order.
    country_rank: int
    waitlist_position: int | None = None
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        # Ten thousand explanations share a handful of sentences: translate each once
        # per language rather than once per applicant.
        language = get_language()
        name = _country_name(self.country, language)
        if self.reason == MERIT:
            text = _t(gettext_noop("accepted: %(ordinal)s in %(country)s"), language)
            return text % {"ordinal": _ordinal(self.country_rank, language), "country": name}
        if self.reason == COUNTRY_MINIMUM:
            text = _t(
                gettext_noop("accepted to meet %(country)s's minimum of %(minimum)s"), language
            )
            return text % {"country": name, "minimum": self.params["minimum"]}
        if self.reason == COUNTRY_MAXIMUM:
            text = _t(
                gettext_noop("waitlisted: %(country)s's maximum of %(maximum)s reached"), language
            )
            return text % {"country": name, "maximum": self.params["maximum"]}
        if self.reason == GENDER_TARGET:
            text = _t(
                gettext_noop(
                    "waitlisted: the gender balance target of at most %(cap)s seats per gender reached"
                ),
                language,
            )
            return text % {"cap": self.params["cap"]}
        if self.reason == GENDER_MAXIMUM:
            text = _t(
                gettext_noop("waitlisted: the maximum of %(maximum)s seats for %(gender)s reached"),
                language,
            )
            return text % {
                "maximum": self.params["maximum"],
                "gender": _gender_label(self.gender, language),
            }
        if self.reason == HELD_FOR_MINIMUMS:
            return _t(
                gettext_noop(
                    "waitlisted: the remaining seats are held to meet other countries' minimums"
                ),
                language,
            )
        text = _t(gettext_noop("waitlisted: all %(capacity)s seats are filled"), language)
        return text % {"capacity": self.params["capacity"]}


@dataclass(frozen=True, slots=True)
class Issue:
    code: str
    message: str
    country: str = ""


@dataclass(slots=True)
class CountrySummary:
    country: str
    candidates: int
    accepted: int
    minimum: int
    maximum: int | None


@dataclass(slots=True)
class Proposal:
    capacity: int
    decisions: list[Decision]
    issues: list[Issue]
    countries: list[CountrySummary]

    @property
    def accepted(self) -> list[Decision]:
        return [d for d in self.decisions if d.outcome == ACCEPT]

    @property
    def waitlist(self) -> list[Decision]:
        return sorted(
            (d for d in self.decisions if d.outcome == WAITLIST), key=lambda d: d.waitlist_position
        )

    def by_application(self) -> dict[int, Decision]:
        return {d.application_id: d for d in self.decisions}


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
        gender_maximums: Mapping[str, int] | None = None,
        accepted_by_country: Counter,
        accepted_by_gender: Counter,
        accepted_total: int,
    ):
        self.capacity = capacity
        self.quotas = quotas
        self.needs = {c: n for c, n in needs.items() if n > 0}
        self.total_need = sum(self.needs.values())
        self.cap = cap
        self.uncounted = uncounted
        self.gender_maximums = gender_maximums or {}
        self.by_country = accepted_by_country
        self.by_gender = accepted_by_gender
        self.total = accepted_total

    def consider(self, candidate: Candidate) -> tuple[str, str, dict]:
        if self.total >= self.capacity:
            return WAITLIST, CAPACITY, {"capacity": self.capacity}
        quota = self.quotas.get(candidate.country)
        if (
            quota is not None
            and quota.maximum is not None
            and self.by_country[candidate.country] >= quota.maximum
        ):
            return WAITLIST, COUNTRY_MAXIMUM, {"maximum": quota.maximum}
        counted = candidate.gender not in self.uncounted
        if self.cap is not None and counted and self.by_gender[candidate.gender] >= self.cap:
            return WAITLIST, GENDER_TARGET, {"cap": self.cap}
        gender_maximum = self.gender_maximums.get(candidate.gender) if counted else None
        if gender_maximum is not None and self.by_gender[candidate.gender] >= gender_maximum:
            return WAITLIST, GENDER_MAXIMUM, {"maximum": gender_maximum}
        free = self.capacity - self.total
        own_need = self.needs.get(candidate.country, 0)
        if free - (self.total_need - own_need) < 1:
            return WAITLIST, HELD_FOR_MINIMUMS, {}
        reason, params = MERIT, {}
        if own_need > 0 and free - self.total_need < 1:
            reason, params = COUNTRY_MINIMUM, {"minimum": quota.minimum if quota else 0}
        self.total += 1
        self.by_country[candidate.country] += 1
        if counted:
            self.by_gender[candidate.gender] += 1
        if own_need > 0:
            self.needs[candidate.country] = own_need - 1
            self.total_need -= 1
        return ACCEPT, reason, params


def propose_selection(
    *,
    ranked: Sequence[Candidate],
    capacity: int,
    quotas: Iterable[QuotaSpec] = (),
    gender_max_share: float | None = None,
    uncounted_genders: frozenset[str] = DEFAULT_UNCOUNTED_GENDERS,
    seated: Sequence[Candidate] = (),
    gender_maximums: Mapping[str, int] | None = None,
) -> Proposal:
    """Propose an accepted set and a waiting list for ``ranked`` (best first).

    ``seated`` are people who already hold seats (accepted or confirmed earlier): they
    count against capacity, maximums, minimums and the gender target, but get no decision.
    """
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
            accepted_by_country=accepted_by_country,
            accepted_by_gender=accepted_by_gender,
            accepted_total=accepted_total,
        )
        for index in pending:
            outcome[index] = walk.consider(ranked[index])
        accepted_total = walk.total
        unmet = {code: n for code, n in walk.needs.items() if n > 0}
        if not unmet:
            break
        # Only the gender target can leave a reachable minimum unmet after a full walk:
        # release those seats and walk the waiting list again.
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
    gender_maximums: Mapping[str, int] | None = None,
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
    walk = _Walk(
        capacity=capacity,
        quotas=quota_by_country,
        needs=needs,
        cap=gender_cap(capacity, gender_max_share),
        uncounted=uncounted_genders,
        gender_maximums=gender_maximums,
        accepted_by_country=by_country,
        accepted_by_gender=by_gender,
        accepted_total=total,
    )
    for candidate in waitlist:
        if walk.consider(candidate)[0] == ACCEPT:
            return candidate
    return None
