"""A report laid out as its page, its print and its exports show it: for each section, the table
of its indicators over the three periods, and the table of the units (or branches) below.

The exports write the values as numbers; the page shows them formatted (``display``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from core import formatting

from .compute import CURRENT, Report
from .indicators import Indicator, Measure

EMPTY = "—"


def display(indicator: Indicator, value) -> str:
    """A figure as the page shows it: ``1.500.000 đồng``, ``84,5%``, ``145,5 m²``, ``1.234``."""
    if value is None:
        return EMPTY
    if indicator.measure == Measure.VND:
        return formatting.money(value)
    if indicator.measure == Measure.PERCENT:
        return formatting.percent(value)
    if indicator.measure == Measure.SQUARE_METRES:
        return formatting.area_m2(value)
    return formatting.number(value)


@dataclass(frozen=True)
class Line:
    """One indicator over the three periods."""

    indicator: Indicator
    values: tuple

    @property
    def shown(self) -> list[str]:
        return [display(self.indicator, value) for value in self.values]


@dataclass(frozen=True)
class RollupRow:
    """A unit or branch in this period (or the total), with the section's figures."""

    label: str
    values: tuple
    columns: tuple[Indicator, ...]
    group: str = ""
    unit_id: int | None = None  # set when the row opens the report of its unit
    organization_id: int | None = None  # or of its organization
    is_total: bool = False

    @property
    def shown(self) -> list[str]:
        return [display(indicator, value) for indicator, value in zip(self.columns, self.values, strict=True)]


@dataclass(frozen=True)
class SectionTable:
    key: str
    label: str
    lines: tuple[Line, ...]
    columns: tuple[Indicator, ...]  # the indicators of the table by unit
    rows: tuple[RollupRow, ...]  # the units or branches, then the total


def section_tables(report: Report) -> list[SectionTable]:
    tables = []
    for section, indicators in report.sections():
        lines = tuple(
            Line(indicator, tuple(figures.value(indicator) for figures in report.totals))
            for indicator in indicators
        )
        columns = tuple(indicator for indicator in indicators if not indicator.breakdown)
        rows = []
        for row in report.rows:
            opens = not row.row.is_self
            rows.append(
                RollupRow(
                    row.label,
                    tuple(row.figures[CURRENT].value(indicator) for indicator in columns),
                    columns,
                    row.row.group,
                    unit_id=row.row.unit_id if opens else None,
                    organization_id=row.row.organization_id if opens else None,
                )
            )
        total = tuple(report.totals[CURRENT].value(indicator) for indicator in columns)
        rows.append(RollupRow(gettext("Total"), total, columns, is_total=True))
        tables.append(SectionTable(section.value, section.label, lines, columns, tuple(rows)))
    return tables
