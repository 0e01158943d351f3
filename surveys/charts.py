"""The results' charts as SVG geometry, drawn by ``surveys/templates/surveys/_charts.html``
and by the PDF report: a stacked bar per Likert item (one segment per point, the share
of respondents), and a before/after chart per item (the two means on the item's scale,
with the change's 95 % interval). Each chart is shown beside a table of the same
figures for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from .results import ItemResult

WIDTH = 640
LABEL_WIDTH = 220
BAR_AREA = WIDTH - LABEL_WIDTH - 20
ROW_HEIGHT = 30
BAR_HEIGHT = 20

# Disagree (warm) to agree (blue), readable by the common colour blindnesses
# (ColorBrewer RdBu, 7 classes; a 5-point scale takes the middle five).
PALETTE_7 = ("#b2182b", "#ef8a62", "#fddbc7", "#e0e0e0", "#d1e5f0", "#67a9cf", "#2166ac")


def palette(points: int) -> tuple[str, ...]:
    if points <= 7:
        start = (7 - points) // 2
        return PALETTE_7[start : start + points]
    # NPS and long ratings: a ramp of the blue end.
    return tuple(f"hsl(210, 60%, {85 - 55 * i / max(points - 1, 1):.0f}%)" for i in range(points))


@dataclass
class Segment:
    x: float
    width: float
    colour: str
    point: int
    percent: float


@dataclass
class StackedRow:
    label: str
    y: float
    n: int
    segments: list[Segment]


@dataclass
class StackedChart:
    title: str
    height: float
    rows: list[StackedRow]
    legend: list[tuple[int, str]]


def stacked_bars(title: str, results: list[ItemResult], wave_index: int = -1) -> StackedChart:
    """One row per item (its last wave unless told), segments in scale order."""
    rows = []
    legend: list[tuple[int, str]] = []
    for i, result in enumerate(results):
        figures = result.waves[wave_index]
        colours = palette(len(result.item.points))
        legend = list(zip(result.item.points, colours, strict=True))
        x = LABEL_WIDTH
        segments = []
        for point, percent, colour in zip(
            result.item.points, figures.percents, colours, strict=True
        ):
            width = BAR_AREA * percent / 100
            segments.append(Segment(x, width, colour, point, percent))
            x += width
        rows.append(StackedRow(result.item.label, 10 + i * ROW_HEIGHT, figures.n, segments))
    return StackedChart(title, 20 + len(rows) * ROW_HEIGHT, rows, legend)


@dataclass
class ChangeRow:
    label: str
    y: float
    before_x: float
    after_x: float
    before: float
    after: float
    change: float | None
    ci_low: float | None
    ci_high: float | None
    n_pairs: int


@dataclass
class ChangeChart:
    title: str
    height: float
    rows: list[ChangeRow]
    ticks: list[tuple[float, int]]


def before_after(title: str, results: list[ItemResult]) -> ChangeChart:
    """Per item answered in both waves: the paired people's mean before and after on the
    item's scale."""
    rows = []
    ticks: list[tuple[float, int]] = []
    for result in results:
        if result.paired is None or result.paired.n_pairs == 0:
            continue
        points = result.item.points
        low, high = points[0], points[-1]

        def x_of(value: float, low=low, high=high) -> float:
            return LABEL_WIDTH + BAR_AREA * (value - low) / (high - low or 1)

        before, after = (m if m is not None else low for m in result.pair_means)
        ticks = [(x_of(p), p) for p in points]
        rows.append(
            ChangeRow(
                label=result.item.label,
                y=30 + len(rows) * ROW_HEIGHT,
                before_x=x_of(before),
                after_x=x_of(after),
                before=before,
                after=after,
                change=result.paired.mean_change,
                ci_low=result.paired.ci_low,
                ci_high=result.paired.ci_high,
                n_pairs=result.paired.n_pairs,
            )
        )
    return ChangeChart(title, 40 + len(rows) * ROW_HEIGHT, rows, ticks)
