"""Automatic reviewer assignment: plain data in, a plan out, no database.

Each application needs ``k`` reviewers. A reviewer is *eligible* for an application
unless they share the applicant's organisation, declared a conflict with it, (when asked)
share a nationality with the applicant, or already review it.

Method: applications with the fewest eligible reviewers are served first (they have
the least room to manoeuvre); each takes the least-loaded eligible reviewers, ties
broken by reviewer id. A repair pass then moves single assignments from the busiest to
the least busy reviewers while that narrows the spread, so loads end within one of each
other whenever the exclusions allow it; when they don't, the plan says so.

Deterministic: the same input gives the same plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ApplicantInfo:
    application_id: int
    organisation_id: int | None = None
    nationalities: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ReviewerInfo:
    user_id: int
    organisation_ids: frozenset[int] = frozenset()
    nationalities: frozenset[str] = frozenset()


@dataclass(slots=True)
class AssignmentPlan:
    new: list[tuple[int, int]] = field(default_factory=list)  # (application_id, reviewer user_id)
    # application id -> how many reviewers it can get at most (fewer than k).
    short: dict[int, int] = field(default_factory=dict)
    loads: dict[int, int] = field(default_factory=dict)

    @property
    def balanced(self) -> bool:
        return not self.loads or max(self.loads.values()) - min(self.loads.values()) <= 1


def is_eligible(
    applicant: ApplicantInfo,
    reviewer: ReviewerInfo,
    *,
    conflicts: set[tuple[int, int]],
    avoid_same_nationality: bool,
) -> bool:
    if (
        applicant.organisation_id is not None
        and applicant.organisation_id in reviewer.organisation_ids
    ):
        return False
    if (reviewer.user_id, applicant.application_id) in conflicts:
        return False
    if avoid_same_nationality and applicant.nationalities & reviewer.nationalities:
        return False
    return True


def plan_assignments(
    *,
    applications: Sequence[ApplicantInfo],
    reviewers: Sequence[ReviewerInfo],
    k: int,
    existing: Iterable[tuple[int, int]] = (),
    conflicts: Iterable[tuple[int, int]] = (),
    avoid_same_nationality: bool = False,
) -> AssignmentPlan:
    """Plan the missing assignments. ``existing`` and the plan use (application, reviewer);
    ``conflicts`` uses (reviewer, application)."""
    conflict_set = set(conflicts)
    reviewer_ids = sorted(r.user_id for r in reviewers)
    by_id = {r.user_id: r for r in reviewers}
    assigned: dict[int, set[int]] = defaultdict(set)
    loads = dict.fromkeys(reviewer_ids, 0)
    for app_id, reviewer_id in existing:
        assigned[app_id].add(reviewer_id)
        if reviewer_id in loads:
            loads[reviewer_id] += 1

    eligible: dict[int, list[int]] = {}
    for app in applications:
        eligible[app.application_id] = [
            rid
            for rid in reviewer_ids
            if rid not in assigned[app.application_id]
            and is_eligible(
                app,
                by_id[rid],
                conflicts=conflict_set,
                avoid_same_nationality=avoid_same_nationality,
            )
        ]

    plan = AssignmentPlan()
    new: dict[int, set[int]] = defaultdict(set)
    order = sorted(applications, key=lambda a: (len(eligible[a.application_id]), a.application_id))
    for app in order:
        app_id = app.application_id
        missing = k - len(assigned[app_id])
        if missing <= 0:
            continue
        pool = eligible[app_id]
        if len(pool) < missing:
            plan.short[app_id] = len(assigned[app_id]) + len(pool)
        chosen = sorted(pool, key=lambda rid: (loads[rid], rid))[:missing]
        for rid in chosen:
            new[app_id].add(rid)
            loads[rid] += 1

    _rebalance(new, eligible, loads)
    plan.new = sorted((app_id, rid) for app_id, rids in new.items() for rid in rids)
    plan.loads = loads
    return plan


def _rebalance(
    new: dict[int, set[int]], eligible: dict[int, list[int]], loads: dict[int, int]
) -> None:
    """Move new assignments from the busiest reviewers to the idlest while it helps."""
    if not loads:
        return
    eligible_sets = {app_id: set(pool) for app_id, pool in eligible.items()}
    # Each move lowers the sum of squared loads, so this ends; the bound is a safety net.
    for _ in range(10 * sum(len(v) for v in new.values()) + 1):
        ranked = sorted(loads, key=lambda rid: (loads[rid], rid))
        low, high = ranked[0], ranked[-1]
        if loads[high] - loads[low] <= 1:
            return
        moved = False
        for donor in sorted(ranked, key=lambda rid: (-loads[rid], rid)):
            for receiver in ranked:
                if loads[donor] - loads[receiver] <= 1:
                    break
                for app_id in sorted(new):
                    rids = new[app_id]
                    if donor in rids and receiver not in rids and receiver in eligible_sets[app_id]:
                        rids.discard(donor)
                        rids.add(receiver)
                        loads[donor] -= 1
                        loads[receiver] += 1
                        moved = True
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            return
