import pytest

from review.assignment import ApplicantInfo, ReviewerInfo, plan_assignments


def _loads(plan):
    return sorted(plan.loads.values())


def test_each_application_gets_k_reviewers_with_even_loads():
    apps = [ApplicantInfo(i) for i in range(1, 11)]
    reviewers = [ReviewerInfo(r) for r in (101, 102, 103, 104)]
    plan = plan_assignments(applications=apps, reviewers=reviewers, k=3)
    per_app = {}
    for app_id, rid in plan.new:
        per_app.setdefault(app_id, set()).add(rid)
    assert all(len(per_app[a.application_id]) == 3 for a in apps)
    assert _loads(plan) == [7, 7, 8, 8] and plan.balanced and not plan.short


def test_exclusions_are_never_broken_and_loads_stay_within_one():
    apps = [
        ApplicantInfo(
            i,
            organisation_id=7 if i % 3 == 0 else None,
            nationalities=frozenset({"VN"} if i % 2 else {"LA"}),
        )
        for i in range(1, 31)
    ]
    reviewers = [
        ReviewerInfo(1, frozenset({7})),
        ReviewerInfo(2, nationalities=frozenset({"VN"})),
        ReviewerInfo(3),
        ReviewerInfo(4, nationalities=frozenset({"LA"})),
        ReviewerInfo(5),
    ]
    conflicts = {(3, 4), (5, 4)}
    plan = plan_assignments(
        applications=apps,
        reviewers=reviewers,
        k=2,
        conflicts=conflicts,
        avoid_same_nationality=True,
    )
    by_id = {r.user_id: r for r in reviewers}
    apps_by_id = {a.application_id: a for a in apps}
    for app_id, rid in plan.new:
        app, reviewer = apps_by_id[app_id], by_id[rid]
        assert app.organisation_id not in reviewer.organisation_ids
        assert (rid, app_id) not in conflicts
        assert not (app.nationalities & reviewer.nationalities)
    assert not plan.short and len(plan.new) == 60
    assert max(plan.loads.values()) - min(plan.loads.values()) <= 1


def test_existing_assignments_count_and_are_not_repeated():
    apps = [ApplicantInfo(1), ApplicantInfo(2)]
    plan = plan_assignments(
        applications=apps,
        reviewers=[ReviewerInfo(1), ReviewerInfo(2)],
        k=2,
        existing=[(1, 1), (1, 2), (2, 1)],
    )
    assert plan.new == [(2, 2)]
    assert plan.loads == {1: 2, 2: 2}


def test_impossible_assignment_is_reported():
    plan = plan_assignments(
        applications=[ApplicantInfo(1, organisation_id=9), ApplicantInfo(2)],
        reviewers=[ReviewerInfo(1, frozenset({9})), ReviewerInfo(2)],
        k=2,
    )
    assert plan.short == {1: 1}


def test_plan_is_deterministic():
    apps = [ApplicantInfo(i, nationalities=frozenset({"KR"})) for i in range(40)]
    reviewers = [
        ReviewerInfo(r, nationalities=frozenset({"KR"} if r % 4 == 0 else set())) for r in range(9)
    ]
    first = plan_assignments(
        applications=apps, reviewers=reviewers, k=3, avoid_same_nationality=True
    )
    second = plan_assignments(
        applications=list(reversed(apps)),
        reviewers=list(reversed(reviewers)),
        k=3,
        avoid_same_nationality=True,
    )
    assert first.new == second.new


@pytest.mark.parametrize("k", [1, 2])
def test_rebalancing_fixes_greedy_imbalance(k):
    # App 1 can only go to reviewer 1; greedy on the others then evens out.
    apps = [ApplicantInfo(1, organisation_id=5)] + [ApplicantInfo(i) for i in range(2, 8)]
    reviewers = [ReviewerInfo(1), ReviewerInfo(2, frozenset({5})), ReviewerInfo(3, frozenset({5}))]
    plan = plan_assignments(applications=apps, reviewers=reviewers, k=1)
    assert plan.balanced
