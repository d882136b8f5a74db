"""The figures of the cadre dashboard (``/cadre/?tab=figures``): the headline indicators of this
month against the month before, the trends of the last twelve months, concerns by category and
status, what is overdue in each unit, the hot spots and the coverage of the residential areas, all
of the reader's scope.

Every figure is read by an aggregate query (or a few: the report's sources), never by a loop over
records, so the tab costs the same number of queries at 50 activities as at 5,000:

- the headline is ``reports.compute.build_report`` of this month, narrowed to its indicators;
- the trends are the same sources over twelve months at once (``reports.dashboard``);
- concerns by category and status are one grouped count, overdue commitments by unit another;
- the hot spots are ``concerns.hotspots.detect_hotspots``, the coverage ``portal.coverage``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy

from activities.commitments import overdue_commitments
from concerns.hotspots import HotSpot, detect_hotspots
from concerns.models import (
    ANSWERED_STATUSES,
    UNRESOLVED_STATUSES,
    Concern,
    ConcernCategory,
    ConcernStatus,
)
from core.formatting import natural_key, place
from organizations.lineage import View
from organizations.models import AdministrativeUnit
from organizations.scoping import UserScope, scope_for
from reports.compute import CURRENT, PREVIOUS, Report, build_report
from reports.dashboard import Series, last_months, monthly_totals
from reports.indicators import INDICATORS, Indicator, Measure, Rollup
from reports.layout import Layout
from reports.periods import Period
from reports.sources import UNIT
from reports.tables import display

from .coverage import AreaRow, area_rows

# The headline indicators, in the order a Front committee reads them out.
HEADLINE = (
    "visits",
    "households_reached",
    "concerns_raised",
    "concerns_answered",
    "concerns_overdue",
    "concerns_answer_days",
    "voter_contacts",
    "dialogues",
    "mediation_success_rate",
    "support_value",
    "members_joined",
)
TRENDS = ("visits", "concerns_raised", "concerns_answered")
MONTHS = 12
# A wider scope shows the areas least reached; every area is on the coverage page.
AREAS_SHOWN = 30
# The largest hot spots listed (each links to its concerns in the inbox).
HOTSPOTS_SHOWN = 30
# Which statuses a category's bar stacks together: waiting, answered, closed without an answer.
STATUS_GROUPS = (
    (gettext_lazy("Awaiting an answer"), UNRESOLVED_STATUSES),
    (gettext_lazy("Answered"), ANSWERED_STATUSES),
    (gettext_lazy("Closed without an answer"), (ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE)),
)


def _query(path: str, **params) -> str:
    return f"{path}?{urlencode(params)}"


# --- the headline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadlineLine:
    """An indicator this month and the month before, and which way it moved."""

    indicator: Indicator
    current: object
    previous: object

    @property
    def label(self) -> str:
        return str(self.indicator.label)

    @property
    def current_shown(self) -> str:
        return display(self.indicator, self.current)

    @property
    def previous_shown(self) -> str:
        return display(self.indicator, self.previous)

    @property
    def direction(self) -> str:
        """``up``, ``down``, ``same``, or empty when either month has no figure."""
        if self.current is None or self.previous is None:
            return ""
        if self.current > self.previous:
            return "up"
        return "down" if self.current < self.previous else "same"

    @property
    def compares_amounts(self) -> bool:
        """A count or an amount says by how much it moved; a percentage or a median only which way."""
        return self.indicator.rollup not in (Rollup.RATIO, Rollup.MEDIAN)

    @property
    def difference_shown(self) -> str:
        if self.direction in ("", "same") or not self.compares_amounts:
            return ""
        return display(self.indicator, abs(self.current - self.previous))

    @property
    def change(self) -> str:
        """The move in words, for screen readers (the page shows an arrow and the difference)."""
        difference = {"difference": self.difference_shown}
        if self.direction == "same":
            return gettext("the same as the month before")
        if self.direction == "up":
            if self.compares_amounts:
                return gettext("%(difference)s more than the month before") % difference
            return gettext("higher than the month before")
        if self.direction == "down":
            if not self.compares_amounts:
                return gettext("lower than the month before")
            if self.indicator.measure == Measure.VND:
                return gettext("%(difference)s less than the month before") % difference
            return gettext("%(difference)s fewer than the month before") % difference
        return ""


def headline(report: Report) -> list[HeadlineLine]:
    """The headline indicators whose source applies to the scope (no households by organization)."""
    available = report.totals[CURRENT].available
    return [
        HeadlineLine(INDICATORS[key], report.total(key, CURRENT), report.total(key, PREVIOUS))
        for key in HEADLINE
        if INDICATORS[key].source in available
    ]


def report_url(period: Period) -> str:
    """The report page of the month, for the reader's scope."""
    return _query(reverse("reports:report"), kind=period.kind, year=period.end.year, number=period.end.month)


# --- the trends -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendChart:
    """One indicator over the months: a column per month (the table holds the same numbers)."""

    key: str
    label: str
    values: list
    texts: list[str]


@dataclass(frozen=True)
class TrendMonth:
    """A row of the trends table: a month and the figure of each indicator."""

    period: Period
    texts: list[str]
    so_far: bool

    @property
    def label(self) -> str:
        """``3/2026``: the month a period closes in (its number under the 15th cut-off too)."""
        return f"{self.period.end.month}/{self.period.end.year}"


@dataclass(frozen=True)
class Trends:
    months: list[Period]
    charts: list[TrendChart]
    rows: list[TrendMonth]
    labels: list[str] = field(default_factory=list)  # below each column: the month's number
    marks: list[str] = field(default_factory=list)  # under the label: the year, at its first month

    @property
    def first(self) -> Period:
        return self.months[0]

    @property
    def last(self) -> Period:
        return self.months[-1]


def trends(series: Series, months: list[Period], today: datetime.date) -> Trends:
    charts = []
    for key in TRENDS:
        indicator = INDICATORS[key]
        values = series.values(key)
        charts.append(
            TrendChart(key, str(indicator.label), values, [display(indicator, value) for value in values])
        )
    rows = [
        TrendMonth(period, [chart.texts[index] for chart in charts], so_far=today < period.end)
        for index, period in enumerate(months)
    ]
    labels = [str(period.end.month) for period in months]
    marks = [
        str(period.end.year) if index == 0 or period.end.month == 1 else ""
        for index, period in enumerate(months)
    ]
    return Trends(months, charts, rows, labels, marks)


# --- concerns by category and status --------------------------------------------------------------


@dataclass(frozen=True)
class StatusCell:
    status: ConcernStatus
    count: int
    url: str


@dataclass(frozen=True)
class CategoryRow:
    category: ConcernCategory
    cells: list[StatusCell]
    groups: list[int]  # awaiting, answered, closed without an answer (the bar's segments)
    total: int
    url: str


def concerns_by_category(user, since: datetime.date, today: datetime.date) -> list[CategoryRow]:
    """The concerns received from ``since`` to today in the reader's scope, counted by category
    and status (one query); each count links to those concerns in the inbox."""
    counts = {
        (category, status): number
        # Counted whole (every concern of the scope in the window): a set hashed once.
        for category, status, number in Concern.objects.visible_to(user, whole=True)
        .filter(received_on__range=(since, today))
        .order_by()
        .values_list("category", "status")
        .annotate(number=Count("pk"))
    }
    inbox = reverse("concerns:inbox")
    window = {"received_after": since.isoformat(), "received_before": today.isoformat()}
    rows = []
    for category in ConcernCategory:
        cells = [
            StatusCell(
                status,
                counts.get((category.value, status.value), 0),
                _query(inbox, category=category.value, status=status.value, **window),
            )
            for status in ConcernStatus
        ]
        groups = [
            sum(cell.count for cell in cells if cell.status in statuses) for _label, statuses in STATUS_GROUPS
        ]
        total = sum(cell.count for cell in cells)
        rows.append(
            CategoryRow(category, cells, groups, total, _query(inbox, category=category.value, **window))
        )
    return rows


# --- overdue by unit ------------------------------------------------------------------------------


@dataclass
class OverdueRow:
    label: str
    concerns: int = 0
    commitments: int = 0
    concerns_url: str = ""
    commitments_url: str = ""

    @property
    def bar(self) -> list[int]:
        """The segments of the row's bar, in the order of the legend."""
        return [self.concerns, self.commitments]


def overdue_by_row(user, report: Report, built: Layout, today: datetime.date) -> list[OverdueRow]:
    """The rows of the scope's report (its units, or its branches) with the concerns overdue today
    (the report's figure) and the commitments overdue today (one query, grouped by the same rows),
    those with nothing overdue left out. A unit's numbers link to its overdue concerns and
    commitments; the rows of what was recorded at a root itself, and branches, link to none (the
    totals link to every overdue one)."""
    column = "unit_id" if built.by == UNIT else "activity__organizations"
    commitments: dict[str, int] = defaultdict(int)
    elsewhere = 0
    for group, number in (
        overdue_commitments(user, today=today).order_by().values_list(column).annotate(number=Count("pk"))
    ):
        key = built.row_of.get(group)
        if key is None:
            elsewhere += number
        else:
            commitments[key] += number
    concerns = {row.row.key: row.value("concerns_overdue") or 0 for row in report.rows}
    inbox, commitment_list = reverse("concerns:inbox"), reverse("commitments:list")
    rows = []
    for row in built.rows:
        found = OverdueRow(row.label, concerns.get(row.key, 0), commitments.get(row.key, 0))
        if not (found.concerns or found.commitments):
            continue
        if row.unit_id is not None and not row.is_self:
            found.concerns_url = _query(inbox, overdue="on", unit=row.unit_id, view=View.AS_IT_IS)
            if not built.nodes[row.unit_id].is_area:  # commitments are recorded by ward or commune
                found.commitments_url = _query(
                    commitment_list, overdue="on", unit=row.unit_id, view=View.AS_IT_IS
                )
        rows.append(found)
    if elsewhere:
        rows.append(OverdueRow(gettext("Other units"), commitments=elsewhere))
    return rows


# --- coverage by residential area -----------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    rows: list[AreaRow]
    areas: int  # every area of the scope (the rows are at most ``AREAS_SHOWN`` of them)
    year: int

    @property
    def more(self) -> int:
        return self.areas - len(self.rows)


def coverage(scope: UserScope, today: datetime.date) -> Coverage:
    """The residential areas of today in the scope with their coverage this year: every one by
    name, or for a wider scope the ``AREAS_SHOWN`` least reached (four queries)."""
    areas = AdministrativeUnit.objects.residential_areas().current(today)
    if not scope.is_global:
        areas = areas.filter(pk__in=scope.readable_work_unit_ids)
    found = sorted(
        areas.select_related("parent"),
        key=lambda area: (natural_key(area.parent.name if area.parent else ""), natural_key(area.name)),
    )
    rows = area_rows(found, today)
    if len(rows) > AREAS_SHOWN:
        rows = sorted(rows, key=lambda row: (row.coverage.share is None, row.coverage.share or 0))
        rows = rows[:AREAS_SHOWN]
    return Coverage(rows, len(found), today.year)


def area_label(row: AreaRow, several_units: bool) -> str:
    return place(row.area.name, row.area.parent.name) if several_units and row.area.parent else row.area.name


# --- the whole tab --------------------------------------------------------------------------------


def dashboard_figures(user, *, today: datetime.date) -> dict:
    """The context of the figures tab for ``user``'s scope."""
    scope = scope_for(user)
    months = last_months(today, MONTHS)
    current = months[-1]
    report = build_report(scope=scope, period=current, indicators=HEADLINE, today=today)
    built, series = monthly_totals(scope=scope, by=report.by, periods=months, indicators=TRENDS, today=today)
    since = months[0].start
    areas = coverage(scope, today)
    several_units = len({row.area.parent_id for row in areas.rows}) > 1
    hotspots: list[HotSpot] = detect_hotspots(concerns=Concern.objects.visible_to(user), today=today, shown=0)
    overdue = overdue_by_row(user, report, built, today)
    categories = concerns_by_category(user, since, today)
    return {
        "figures_period": current,
        "figures_previous": months[-2],
        "figures_so_far": today < current.end,
        "headline": headline(report),
        "report_url": report_url(current),
        "trends": trends(series, months, today),
        "categories": categories,
        "category_largest": max((row.total for row in categories), default=0),
        "categories_since": since,
        "statuses": list(ConcernStatus),
        "status_groups": [label for label, _statuses in STATUS_GROUPS],
        "overdue_rows": overdue,
        "overdue_concerns": sum(row.concerns for row in overdue),
        "overdue_commitments": sum(row.commitments for row in overdue),
        "overdue_concerns_url": _query(reverse("concerns:inbox"), overdue="on"),
        "overdue_commitments_url": _query(reverse("commitments:list"), overdue="on"),
        "overdue_largest": max((row.concerns + row.commitments for row in overdue), default=0),
        "hotspots": hotspots[:HOTSPOTS_SHOWN],
        "hotspots_count": len(hotspots),
        "hotspot_largest": max((spot.count for spot in hotspots), default=0),
        "coverage": areas,
        "coverage_rows": [(row, area_label(row, several_units)) for row in areas.rows],
    }
