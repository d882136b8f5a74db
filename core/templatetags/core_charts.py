"""The geometry of the small charts the portal draws on the server as inline SVG: a column chart
(one column per period) and the horizontal bars beside the numbers of a table.

The tags compute where each shape goes; a template draws them (``{% bar_chart ... as chart %}``
then ``<rect x="{{ bar.x }}" ...>``). Every coordinate is a string written with a dot, so the
language's decimal comma never reaches an SVG attribute. A chart never stands alone: its numbers
are in a table beside it, which is what screen readers and copying use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django import template

register = template.Library()

# The column chart's drawing box, in SVG units: about the width of a phone, scaled by the viewBox.
CHART_WIDTH = 360
CHART_HEIGHT = 170
TOP = 16  # room for the value above the tallest column
BOTTOM = 30  # room for the label and the mark below each column
SIDE = 2
COLUMN_SHARE = Decimal("0.7")  # of each column's slot; the rest is the gap between columns
# The horizontal bars are drawn in a box 100 units wide (a percentage), stretched to their cell.
BAR_WIDTH = 100


def _coordinate(value: Decimal | float | int) -> str:
    """A coordinate for an SVG attribute: at most one decimal, always with a dot."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"))
    return format(rounded.normalize(), "f") if rounded else "0"


def _number(value) -> Decimal:
    if value is None:
        return Decimal(0)
    return max(Decimal(str(value)), Decimal(0))


@dataclass(frozen=True)
class Column:
    x: str
    y: str
    width: str
    height: str
    centre: str
    value_y: str
    text: str  # the value written above the column
    label: str  # below it (a month's number)
    mark: str  # under the label (the year, at its first month)


@dataclass(frozen=True)
class ColumnChart:
    columns: tuple[Column, ...]
    width: int
    height: int
    baseline: str  # the y of the axis the columns stand on

    @property
    def right(self) -> str:
        return str(self.width)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def label_y(self) -> str:
        return _coordinate(Decimal(self.height - BOTTOM + 12))

    @property
    def mark_y(self) -> str:
        return _coordinate(Decimal(self.height - BOTTOM + 25))


@register.simple_tag
def column_chart(
    values: Sequence, labels: Sequence[str], texts: Sequence[str] = (), marks: Sequence[str] = ()
) -> ColumnChart:
    """One column per value, scaled to the largest (a value of None or below zero draws none),
    with ``texts`` above the columns (the values as the language writes them), ``labels`` below
    and ``marks`` under the labels."""
    count = max(len(values), 1)
    numbers = [_number(value) for value in values]
    largest = max(numbers, default=Decimal(0)) or Decimal(1)
    plot = Decimal(CHART_HEIGHT - TOP - BOTTOM)
    slot = Decimal(CHART_WIDTH - 2 * SIDE) / count
    width = slot * COLUMN_SHARE
    baseline = Decimal(CHART_HEIGHT - BOTTOM)
    columns = []
    for index, number in enumerate(numbers):
        height = plot * number / largest
        if number and height < 1:
            height = Decimal(1)  # a small value stays visible
        x = SIDE + slot * index + (slot - width) / 2
        columns.append(
            Column(
                x=_coordinate(x),
                y=_coordinate(baseline - height),
                width=_coordinate(width),
                height=_coordinate(height),
                centre=_coordinate(x + width / 2),
                value_y=_coordinate(baseline - height - 4),
                text=str(texts[index]) if index < len(texts) else str(values[index]),
                label=str(labels[index]) if index < len(labels) else "",
                mark=str(marks[index]) if index < len(marks) else "",
            )
        )
    return ColumnChart(tuple(columns), CHART_WIDTH, CHART_HEIGHT, _coordinate(baseline))


@dataclass(frozen=True)
class Segment:
    index: int
    x: str
    width: str


@register.simple_tag
def bar_segments(values, maximum=None) -> list[Segment]:
    """The segments of a horizontal bar (one value, or a list of values stacked) in a box 100
    units wide: their sum takes its share of ``maximum`` (by default the sum itself, a full bar).
    Zero values give no segment."""
    if not isinstance(values, list | tuple):
        values = [values]
    numbers = [_number(value) for value in values]
    total = Decimal(str(maximum)) if maximum else sum(numbers, Decimal(0))
    if total <= 0:
        return []
    segments, start = [], Decimal(0)
    for index, number in enumerate(numbers):
        width = min(Decimal(BAR_WIDTH) * number / total, BAR_WIDTH - start)
        if width > 0:
            segments.append(Segment(index, _coordinate(start), _coordinate(width)))
            start += width
    return segments
