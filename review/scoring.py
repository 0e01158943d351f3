"""Aggregating reviews into a ranking: plain data in, plain data out, no database.

Every review gets a *weighted score* on a 0-100 scale: each criterion score is first
placed on 0..1 inside its own scale (so a 1-5 and a 1-10 criterion count alike), then
averaged with the criterion weights, then multiplied by 100.

Reviewers differ: one gives everybody 4s and 5s, another rarely goes above 3. The
*bias-corrected* score removes that: each reviewer's weighted scores are standardised
over that reviewer's own reviews (z = (score - reviewer mean) / reviewer stdev), and an
application's corrected score is the mean of its reviews' z-scores. The corrected score
is also shown back on the 0-100 scale (pooled mean + pooled stdev * mean z) so
organisers can read it next to the raw mean.

Edge cases, decided once here:

* A reviewer with a single review has no spread of their own to learn from, so that
  review is standardised with the *pooled* mean and stdev of all reviews (we treat an
  unknown reviewer as an average one rather than throwing the review away).
* A reviewer whose reviews all carry the same weighted score (zero variance) told us
  nothing about how the applications compare: their reviews get z = 0, i.e. they move no
  application up or down relative to that reviewer's own average.
* When every review in the event has the same score (pooled stdev 0), every z is 0.
* An application without reviews has no scores and is ranked after all reviewed ones.

Disagreement: an application is flagged when the spread (max - min) of its reviews'
z-scores exceeds the event's threshold (in reviewer standard deviations). Using z-scores
rather than raw points means a harsh and a lenient reviewer who agree on the order are
not flagged merely for using the scale differently.

Ranking order: corrected score (high first), then raw mean (high first), then number of
reviews (more first), then application id (lower, i.e. earlier, first). The last key
makes the order total, so the same input always gives the same ranking.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_DISAGREEMENT_THRESHOLD = 1.5


@dataclass(frozen=True, slots=True)
class CriterionSpec:
    id: int
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True, slots=True)
class ReviewInput:
    application_id: int
    reviewer_id: int
    # criterion id -> the score given; every criterion of the rubric must be present.
    scores: Mapping[int, int]


@dataclass(slots=True)
class ApplicationScore:
    application_id: int
    review_count: int = 0
    raw_mean: float | None = None
    corrected_z: float | None = None
    corrected: float | None = None
    spread: float | None = None
    disagreement: bool = False
    rank: int = 0
    weighted_scores: list[float] = field(default_factory=list)


def weighted_score(scores: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> float:
    """The review's score on 0-100: each criterion normalised to its scale, weight-averaged."""
    total_weight = 0.0
    total = 0.0
    for criterion in criteria:
        value = scores[criterion.id]
        span = criterion.scale_max - criterion.scale_min
        # A one-point scale (min == max) carries no information; count it as full marks.
        position = 1.0 if span <= 0 else (value - criterion.scale_min) / span
        total += criterion.weight * position
        total_weight += criterion.weight
    if total_weight <= 0:
        return 0.0
    return 100.0 * total / total_weight


def _mean_and_stdev(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    # Population stdev: the reviewer's reviews are the whole of what we standardise.
    variance = sum((v - mean) ** 2 for v in values) / n
    return mean, math.sqrt(variance)


# Below this a stdev is treated as zero (floating-point noise from identical scores).
_EPSILON = 1e-9


def rank_applications(
    *,
    application_ids: Iterable[int],
    reviews: Iterable[ReviewInput],
    criteria: Sequence[CriterionSpec],
    disagreement_threshold: float = DEFAULT_DISAGREEMENT_THRESHOLD,
) -> list[ApplicationScore]:
    """Score and rank applications; returns one row per application id, best first.

    ``application_ids`` lists every application to rank (those without reviews too);
    reviews of applications not in it are still used to learn reviewers' habits.
    """
    scored = [
        (review.application_id, review.reviewer_id, weighted_score(review.scores, criteria))
        for review in reviews
    ]
    return rank_weighted(
        application_ids=application_ids,
        weighted_reviews=scored,
        disagreement_threshold=disagreement_threshold,
    )


def rank_weighted(
    *,
    application_ids: Iterable[int],
    weighted_reviews: Iterable[tuple[int, int, float]],
    disagreement_threshold: float = DEFAULT_DISAGREEMENT_THRESHOLD,
) -> list[ApplicationScore]:
    """As ``rank_applications``, from (application id, reviewer id, weighted score) triples
    (the database keeps each review's weighted score, so the ranking needn't read scores)."""
    rows: dict[int, ApplicationScore] = {
        app_id: ApplicationScore(app_id) for app_id in application_ids
    }
    scored = list(weighted_reviews)
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for _app_id, reviewer_id, value in scored:
        by_reviewer[reviewer_id].append(value)

    if scored:
        pooled_mean, pooled_sd = _mean_and_stdev([value for _, _, value in scored])
    else:
        pooled_mean, pooled_sd = 0.0, 0.0
    reviewer_stats: dict[int, tuple[float, float | None]] = {}
    for reviewer_id, values in by_reviewer.items():
        if len(values) >= 2:
            mean, sd = _mean_and_stdev(values)
            reviewer_stats[reviewer_id] = (mean, sd if sd > _EPSILON else None)
        else:
            reviewer_stats[reviewer_id] = (pooled_mean, pooled_sd if pooled_sd > _EPSILON else None)

    z_by_app: dict[int, list[float]] = defaultdict(list)
    for app_id, reviewer_id, value in scored:
        row = rows.get(app_id)
        if row is None:
            continue
        mean, sd = reviewer_stats[reviewer_id]
        z_by_app[app_id].append(0.0 if sd is None else (value - mean) / sd)
        row.weighted_scores.append(value)

    for app_id, row in rows.items():
        zs = z_by_app.get(app_id)
        if not zs:
            continue
        row.review_count = len(zs)
        row.raw_mean = sum(row.weighted_scores) / len(row.weighted_scores)
        row.corrected_z = sum(zs) / len(zs)
        row.corrected = pooled_mean + pooled_sd * row.corrected_z
        row.spread = max(zs) - min(zs)
        row.disagreement = row.review_count >= 2 and row.spread > disagreement_threshold

    ranked = sorted(rows.values(), key=_ranking_key)
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked


def _ranking_key(row: ApplicationScore) -> tuple:
    if row.corrected_z is None:
        return (1, 0.0, 0.0, 0, row.application_id)
    # Rounding keeps float noise (1e-16) from breaking a real tie in an arbitrary way.
    return (
        0,
        -round(row.corrected_z, 9),
        -round(row.raw_mean, 9),
        -row.review_count,
        row.application_id,
    )
