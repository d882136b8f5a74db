"""The figures of a report sent up, kept as data: enough to show the report again exactly as it was
sent, whatever is recorded, corrected or renamed afterwards.

``freeze(report)`` turns a ``Report`` (``reports.compute.build_report``) into plain JSON: the
subject and its header, the three periods with their labels, every indicator with its label, unit
and section as they read when it was computed, the totals and each row's values in the three
columns. ``FrozenReport`` reads it back and lays it out as ``reports.tables`` lays out a live
report, so the submission page shows it with the report page's own table template. Labels are
written in the portal's language (``LANGUAGE_CODE``): a report sent up is a document of the office.

Numbers are kept as JSON numbers, decimals (percentages, medians, areas) as their text, so that
nothing is rounded on the way.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from .compute import CURRENT, Report
from .exports import column_headings, view_label
from .tables import Line, RollupRow, SectionTable

FORMAT = 1


def _encode(value):
    return str(value) if isinstance(value, Decimal) else value


def _decode(value):
    return Decimal(value) if isinstance(value, str) else value


def freeze(report: Report) -> dict:
    """The report as JSON-ready data (call it in the language the labels are to be kept in)."""
    indicators = []
    sections = []
    for section, in_section in report.sections():
        sections.append({"key": section.value, "label": str(section.label)})
        indicators.extend(
            {
                "key": indicator.key,
                "label": str(indicator.label),
                "measure": indicator.measure,
                "measure_label": str(indicator.measure_label),
                "section": section.value,
                "breakdown": indicator.breakdown,
            }
            for indicator in in_section
        )
    keys = [indicator["key"] for indicator in indicators]
    return {
        "format": FORMAT,
        "title": report.period.title,
        "subject": {
            "name": report.subject.name,
            "issuer": report.subject.issuer,
            "place": report.subject.place,
        },
        "by": report.by,
        "view": report.view,
        "view_label": view_label(report),
        "made_on": report.made_on.isoformat(),
        "periods": [
            {
                "kind": period.kind,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "label": period.label,
            }
            for period in report.periods
        ],
        "columns": column_headings(report),
        "groups": list(report.groups),
        "sections": sections,
        "indicators": indicators,
        "totals": {key: [_encode(report.total(key, column)) for column in range(3)] for key in keys},
        "rows": [
            {
                "label": row.label,
                "group": row.row.group,
                "values": {key: [_encode(row.value(key, column)) for column in range(3)] for key in keys},
            }
            for row in report.rows
        ],
    }


@dataclass(frozen=True)
class FrozenIndicator:
    """An indicator as it read when the figures were computed (what ``reports.tables`` needs)."""

    key: str
    label: str
    measure: str
    measure_label: str
    breakdown: bool = False


@dataclass(frozen=True)
class FrozenPeriod:
    kind: str
    start: datetime.date
    end: datetime.date
    label: str


class FrozenReport:
    """The figures kept in a submission, read back."""

    def __init__(self, data: Mapping) -> None:
        self.data = data
        self.indicators = {
            item["key"]: FrozenIndicator(
                item["key"], item["label"], item["measure"], item["measure_label"], item["breakdown"]
            )
            for item in data.get("indicators", ())
        }

    def __bool__(self) -> bool:
        return bool(self.data.get("indicators"))

    @property
    def title(self) -> str:
        return self.data.get("title", "")

    @property
    def subject(self) -> Mapping[str, str]:
        return self.data.get("subject", {})

    @property
    def by(self) -> str:
        return self.data.get("by", "")

    @property
    def view_label(self) -> str:
        return self.data.get("view_label", "")

    @property
    def columns(self) -> list[str]:
        return list(self.data.get("columns", ()))

    @property
    def groups(self) -> list[str]:
        return list(self.data.get("groups", ()))

    @property
    def made_on(self) -> datetime.date | None:
        made = self.data.get("made_on")
        return datetime.date.fromisoformat(made) if made else None

    @property
    def periods(self) -> list[FrozenPeriod]:
        return [
            FrozenPeriod(
                item["kind"],
                datetime.date.fromisoformat(item["start"]),
                datetime.date.fromisoformat(item["end"]),
                item["label"],
            )
            for item in self.data.get("periods", ())
        ]

    @property
    def period_label(self) -> str:
        periods = self.data.get("periods") or [{}]
        return periods[CURRENT].get("label", "")

    def total(self, key: str, column: int = CURRENT):
        """An indicator's total in a column, as it was computed."""
        return _decode(self.data["totals"][key][column])

    def row_value(self, label: str, key: str, column: int = CURRENT):
        for row in self.data.get("rows", ()):
            if row["label"] == label:
                return _decode(row["values"][key][column])
        raise KeyError(label)

    def tables(self) -> list[SectionTable]:
        """Each section's tables, as ``reports.tables.section_tables`` makes them of a live report."""
        rows = self.data.get("rows", ())
        tables = []
        for section in self.data.get("sections", ()):
            indicators = [
                self.indicators[item["key"]]
                for item in self.data["indicators"]
                if item["section"] == section["key"]
            ]
            lines = tuple(
                Line(indicator, tuple(self.total(indicator.key, column) for column in range(3)))
                for indicator in indicators
            )
            columns = tuple(indicator for indicator in indicators if not indicator.breakdown)
            table_rows = [
                RollupRow(
                    row["label"],
                    tuple(_decode(row["values"][indicator.key][CURRENT]) for indicator in columns),
                    columns,
                    row["group"],
                )
                for row in rows
            ]
            total = tuple(self.total(indicator.key) for indicator in columns)
            table_rows.append(RollupRow(gettext("Total"), total, columns, is_total=True))
            tables.append(SectionTable(section["key"], section["label"], lines, columns, tuple(table_rows)))
        return tables
