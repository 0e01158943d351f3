import pytest

from review.scoring import CriterionSpec, ReviewInput, rank_applications, weighted_score

CRITERIA = [
    CriterionSpec(id=1, weight=2, scale_min=1, scale_max=5),
    CriterionSpec(id=2, weight=1, scale_min=0, scale_max=10),
]


def test_weighted_score_normalises_each_scale_then_weights():
    # criterion 1: (4-1)/4 = 0.75 weight 2; criterion 2: 5/10 = 0.5 weight 1
    assert weighted_score({1: 4, 2: 5}, CRITERIA) == pytest.approx(100 * (2 * 0.75 + 0.5) / 3)
    assert weighted_score({1: 5, 2: 10}, CRITERIA) == 100.0
    assert weighted_score({1: 1, 2: 0}, CRITERIA) == 0.0


def _review(app, reviewer, score):
    # One-criterion rubric on 0-100 so the weighted score equals the given score.
    return ReviewInput(application_id=app, reviewer_id=reviewer, scores={9: score})


ONE = [CriterionSpec(id=9, weight=1, scale_min=0, scale_max=100)]


def test_bias_correction_ranks_by_reviewer_relative_scores():
    # Reviewer 1 is lenient (80..100), reviewer 2 harsh (10..30); each ranks their own
    # applications the same way. Application 3 got the lenient reviewer's lowest mark (80)
    # and application 4 the harsh reviewer's top mark (30): raw says 3 > 4, corrected says 4 > 3.
    reviews = [
        _review(1, 1, 100),
        _review(2, 1, 90),
        _review(3, 1, 80),
        _review(4, 2, 30),
        _review(5, 2, 20),
        _review(6, 2, 10),
    ]
    ranked = rank_applications(application_ids=range(1, 7), reviews=reviews, criteria=ONE)
    rows = {r.application_id: r for r in ranked}
    assert rows[3].raw_mean == 80 and rows[4].raw_mean == 30
    assert rows[4].corrected_z == pytest.approx(rows[1].corrected_z)
    assert rows[4].corrected_z > rows[3].corrected_z
    # Equal z: ties broken by raw mean, so the lenient reviewer's top stays ahead.
    assert [r.application_id for r in ranked] == [1, 4, 2, 5, 3, 6]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, 6]


def test_single_review_reviewer_uses_pooled_statistics():
    reviews = [_review(1, 1, 40), _review(2, 1, 60), _review(3, 2, 90)]
    ranked = rank_applications(application_ids=[1, 2, 3], reviews=reviews, criteria=ONE)
    rows = {r.application_id: r for r in ranked}
    pooled_mean = (40 + 60 + 90) / 3
    pooled_sd = (
        ((40 - pooled_mean) ** 2 + (60 - pooled_mean) ** 2 + (90 - pooled_mean) ** 2) / 3
    ) ** 0.5
    assert rows[3].corrected_z == pytest.approx((90 - pooled_mean) / pooled_sd)
    assert rows[1].corrected_z == pytest.approx(-1.0)
    assert rows[3].corrected == pytest.approx(90)


def test_zero_variance_reviewer_moves_nobody():
    reviews = [_review(1, 1, 70), _review(2, 1, 70), _review(1, 2, 90), _review(2, 2, 10)]
    ranked = rank_applications(application_ids=[1, 2], reviews=reviews, criteria=ONE)
    rows = {r.application_id: r for r in ranked}
    # Reviewer 1 contributes z=0 to both; reviewer 2 contributes +1 and -1.
    assert rows[1].corrected_z == pytest.approx(0.5)
    assert rows[2].corrected_z == pytest.approx(-0.5)


def test_all_scores_equal_gives_zero_and_id_order():
    reviews = [_review(2, 1, 50), _review(1, 2, 50)]
    ranked = rank_applications(application_ids=[2, 1], reviews=reviews, criteria=ONE)
    assert [(r.application_id, r.corrected_z) for r in ranked] == [(1, 0.0), (2, 0.0)]


def test_unreviewed_applications_rank_last_by_id():
    ranked = rank_applications(application_ids=[5, 3, 1], reviews=[_review(5, 1, 10)], criteria=ONE)
    assert [(r.application_id, r.review_count, r.raw_mean) for r in ranked] == [
        (5, 1, 10.0),
        (1, 0, None),
        (3, 0, None),
    ]


def test_disagreement_flag_uses_spread_of_z_scores():
    # Reviewers 1 and 2 each score three applications; on application 1 they disagree.
    reviews = [
        _review(1, 1, 100),
        _review(2, 1, 50),
        _review(3, 1, 0),
        _review(1, 2, 0),
        _review(2, 2, 50),
        _review(3, 2, 100),
    ]
    ranked = rank_applications(
        application_ids=[1, 2, 3], reviews=reviews, criteria=ONE, disagreement_threshold=1.5
    )
    rows = {r.application_id: r for r in ranked}
    sd = (2 * 50**2 / 3) ** 0.5
    assert rows[1].spread == pytest.approx(100 / sd)  # z(100) - z(0) = 100 / sd
    assert rows[1].disagreement and rows[3].disagreement
    assert rows[2].spread == 0 and not rows[2].disagreement
    high = rank_applications(
        application_ids=[1, 2, 3], reviews=reviews, criteria=ONE, disagreement_threshold=10
    )
    assert not any(r.disagreement for r in high)


def test_ranking_is_deterministic_under_input_order():
    reviews = [_review(a, r, (a * 37 + r * 11) % 100) for a in range(1, 40) for r in range(1, 4)]
    first = rank_applications(application_ids=range(1, 40), reviews=reviews, criteria=ONE)
    second = rank_applications(
        application_ids=reversed(range(1, 40)), reviews=list(reversed(reviews)), criteria=ONE
    )
    assert [r.application_id for r in first] == [r.application_id for r in second]
