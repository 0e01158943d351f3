"""The statistics of survey results, on plain lists of numbers (scipy for the tests).

- one item: the distribution over its scale points, the mean with its 95 % confidence
  interval (Student's t), and for a 0-10 recommendation item the Net Promoter Score;
- a before/after item: over the people who answered it in both waves, the mean change
  with its 95 % interval, the paired t-test, the Wilcoxon signed-rank test and Cohen's
  d_z (the mean change divided by the standard deviation of the changes).

Figures are None where they are undefined (fewer than two values, no spread).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Summary:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class PairedResult:
    n_pairs: int
    mean_change: float | None
    ci_low: float | None
    ci_high: float | None
    t_statistic: float | None
    t_p_value: float | None
    wilcoxon_statistic: float | None
    wilcoxon_p_value: float | None
    cohens_dz: float | None


def _finite(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def distribution(values: Sequence[int], points: Sequence[int]) -> list[int]:
    """How many answered each point, in the order of ``points``."""
    counts = Counter(values)
    return [counts.get(point, 0) for point in points]


def summarise(values: Sequence[float]) -> Summary:
    """Mean and Student's t interval (as scipy.stats.t.interval with scipy.stats.sem,
    computed on a numpy array: scipy's list handling cost most of a large survey's time)."""
    n = len(values)
    if n == 0:
        return Summary(0, None, None, None)
    array = np.asarray(values, dtype=float)
    mean = float(array.mean())
    if n < 2:
        return Summary(n, mean, None, None)
    sem = float(array.std(ddof=1)) / math.sqrt(n)
    if not sem:
        return Summary(n, mean, mean, mean)
    margin = float(scipy_stats.t.ppf((1 + CONFIDENCE) / 2, n - 1)) * sem
    return Summary(n, mean, _finite(mean - margin), _finite(mean + margin))


def net_promoter_score(values: Sequence[int]) -> float | None:
    """Promoters (9-10) minus detractors (0-6), in percent of everyone who answered."""
    if not values:
        return None
    promoters = sum(1 for v in values if v >= 9)
    detractors = sum(1 for v in values if v <= 6)
    return 100 * (promoters - detractors) / len(values)


def paired(before: Sequence[float], after: Sequence[float]) -> PairedResult:
    """The paired analysis of one item; ``before[i]`` and ``after[i]`` are one person's."""
    if len(before) != len(after):
        raise ValueError("paired samples differ in length")
    n = len(before)
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    changes = after - before
    change = summarise(changes)
    if n < 2:
        return PairedResult(n, change.mean, None, None, None, None, None, None, None)
    spread = float(changes.std(ddof=1))
    if not spread:
        # Everyone moved by the same amount: no test or effect size is defined.
        return PairedResult(
            n, change.mean, change.ci_low, change.ci_high, None, None, None, None, None
        )
    t_test = scipy_stats.ttest_rel(after, before)
    wilcoxon_statistic = wilcoxon_p = None
    if changes.any():
        result = scipy_stats.wilcoxon(after, before)
        wilcoxon_statistic, wilcoxon_p = _finite(result.statistic), _finite(result.pvalue)
    return PairedResult(
        n_pairs=n,
        mean_change=change.mean,
        ci_low=change.ci_low,
        ci_high=change.ci_high,
        t_statistic=_finite(t_test.statistic),
        t_p_value=_finite(t_test.pvalue),
        wilcoxon_statistic=wilcoxon_statistic,
        wilcoxon_p_value=wilcoxon_p,
        cohens_dz=float(change.mean / spread),
    )
