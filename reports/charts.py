"""Charts drawn on the server as SVG: the geometry is computed here, the markup is
``reports/templates/reports/_chart.html``. Each chart carries its data table (the same
rows), which the page shows beside it for screen readers and for copying.

Two shapes cover every figure: horizontal bars (one row per step, country, reviewer,
session...) with an optional marker (a target, the expected count), and columns over
days with an optional marked day (the deadline).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

WIDTH = 600
LABEL_WIDTH = 200
ROW_HEIGHT = 28
BAR_HEIGHT = 18
COLUMN_AREA_HEIGHT = 160


@dataclass
class Bar:
    label: str
    value: float
    text: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    marker_x: float | None = None
    warn: bool = False

    @property
    def text_y(self) -> float:
        return self.y + self.height / 2 + 4

    @property
    def value_x(self) -> float:
        return self.x + self.width + 4

    @property
    def label_x(self) -> float:
        return self.x - 8

    @property
    def marker_top(self) -> float:
        return self.y - 3

    @property
    def marker_bottom(self) -> float:
        return self.y + self.height + 3


@dataclass
class Chart:
    id: str
    title: str
    kind: str  # "bars" or "columns"
    bars: list[Bar]
    columns: list[str]
    rows: list[list[Any]]
    height: int = 0
    width: int = WIDTH
    marker_label: str = ""
    mark_x: float | None = None
    axis: list[tuple[float, str]] = field(default_factory=list)

    @property
    def axis_y(self) -> int:
        return self.height - 4

    @property
    def empty(self) -> bool:
        return not self.rows


def bar_chart(
    id: str,
    title: str,
    items: list[tuple[str, float, str]],
    *,
    columns: list[str],
    rows: list[list[Any]],
    markers: list[float | None] | None = None,
    warn: list[bool] | None = None,
    marker_label: str = "",
) -> Chart:
    """Horizontal bars: ``items`` are (label, value, the text printed after the bar)."""
    scale_max = max([v for _l, v, _t in items] + [m for m in markers or [] if m] + [1])
    span = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value, text) in enumerate(items):
        marker = (markers or [None] * len(items))[index]
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                x=LABEL_WIDTH,
                y=index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=round(span * value / scale_max, 1),
                height=BAR_HEIGHT,
                marker_x=None
                if marker is None
                else round(LABEL_WIDTH + span * marker / scale_max, 1),
                warn=bool(warn and warn[index]),
            )
        )
    return Chart(
        id=id,
        title=title,
        kind="bars",
        bars=bars,
        columns=columns,
        rows=rows,
        height=max(len(bars), 1) * ROW_HEIGHT,
        marker_label=marker_label,
    )


def column_chart(
    id: str,
    title: str,
    days: list[tuple[dt.date, float]],
    *,
    columns: list[str],
    rows: list[list[Any]],
    mark_day: dt.date | None = None,
    marker_label: str = "",
) -> Chart:
    """One column per day; ``mark_day`` (the deadline) is drawn as a vertical line when it
    falls within the days shown or just after them."""
    count = max(len(days), 1)
    slot = WIDTH / count
    top = max([v for _d, v in days] + [1])
    bars = []
    for index, (day, value) in enumerate(days):
        height = round(COLUMN_AREA_HEIGHT * value / top, 1)
        bars.append(
            Bar(
                label=day.isoformat(),
                value=value,
                text=str(value),
                x=round(index * slot + slot * 0.1, 1),
                y=COLUMN_AREA_HEIGHT - height,
                width=round(slot * 0.8, 1),
                height=height,
            )
        )
    mark_x = None
    if mark_day is not None and days and days[0][0] <= mark_day <= days[-1][0] + dt.timedelta(1):
        mark_x = round((mark_day - days[0][0]).days * slot + slot, 1)
        mark_x = min(mark_x, WIDTH - 1)
    axis = []
    if days:
        axis = [(0, days[0][0].isoformat()), (WIDTH, days[-1][0].isoformat())]
    return Chart(
        id=id,
        title=title,
        kind="columns",
        bars=bars,
        columns=columns,
        rows=rows,
        height=COLUMN_AREA_HEIGHT + 20,
        marker_label=marker_label,
        mark_x=mark_x,
        axis=axis,
    )
