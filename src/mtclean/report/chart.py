"""Geometry of the findings-per-class bar chart; the SVG markup lives in the template.

Computed here, not in the template, so the arithmetic is tested and the template
only places numbers. One horizontal bar per class, split into applied (solid)
and suggested (pale), scaled to the largest class.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import CLASSES

LABEL_W = 120  # px for the class name
BAR_W = 300  # px for the longest bar
COUNT_W = 70  # px for the figures after the bar
ROW_H = 22
BAR_H = 14


@dataclass(frozen=True)
class Bar:
    label: str
    colour: int  # index into the report's class palette
    applied: int
    suggested: int
    y: int
    applied_w: float
    suggested_w: float

    @property
    def total(self) -> int:
        return self.applied + self.suggested


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_w: int = LABEL_W
    bar_h: int = BAR_H
    row_h: int = ROW_H


def colour_index(cls: str) -> int:
    """Known classes keep a fixed colour across reports; any other class shares the last one."""
    return CLASSES.index(cls) if cls in CLASSES else len(CLASSES)


def class_chart(counts: dict[str, tuple[int, int]]) -> Chart:
    """``counts``: class -> (applied, suggested). Classes in pipeline order, unknown ones after."""
    order = sorted(counts, key=lambda c: (colour_index(c), c))
    top = max((a + s for a, s in counts.values()), default=0) or 1
    bars = []
    for i, cls in enumerate(order):
        applied, suggested = counts[cls]
        bars.append(Bar(cls, colour_index(cls), applied, suggested, i * ROW_H,
                        round(BAR_W * applied / top, 1), round(BAR_W * suggested / top, 1)))
    return Chart(bars, LABEL_W + BAR_W + COUNT_W, max(1, len(bars)) * ROW_H)
