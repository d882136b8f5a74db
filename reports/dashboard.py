"""The figures of the cadre dashboard that a report does not hold: the totals of the reader's scope
month by month (the trends), and the rows of the scope for a figure the reports do not count
(overdue commitments by unit).

The months are read by the sources of the reports themselves (``reports.sources``), asked for
twelve periods instead of a report's three: each source is still one aggregate query (a
conditional aggregate per month), grouped by unit or organization, so the number of queries
depends on the indicators asked, never on the number of records, and a month's figure is the
one its monthly report shows::

    months = last_months(today, 12)
    series = monthly_totals(scope=scope_for(user), by=report.by, periods=months,
                            indicators=["visits"], today=today)
    series.values("visits")   # oldest month first
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from organizations.lineage import View
from organizations.scoping import UserScope

from . import layout
from .compute import Figures, add_parts, default_roots
from .indicators import INDICATORS
from .periods import Period, PeriodKind, containing
from .sources import SOURCES, UNIT


def last_months(today: datetime.date, count: int = 12) -> list[Period]:
    """The reporting month ``today`` falls in (``REPORT_PERIOD_CUTOFF``) and the ``count - 1``
    months before it, the oldest first."""
    months = [containing(PeriodKind.MONTH, today)]
    while len(months) < count:
        months.append(months[-1].previous())
    return months[::-1]


def scope_layout(scope: UserScope | None, *, by: str, today: datetime.date, period: Period) -> layout.Layout:
    """The rows of the report of ``scope`` (its roots, as it is now) and the row of every unit or
    organization it covers: the table of units or organizations, read once."""
    nodes = layout.unit_nodes() if by == UNIT else layout.organization_nodes()
    allowed = None
    if scope is not None and not scope.is_global:
        allowed = scope.readable_unit_ids if by == UNIT else scope.readable_org_ids
    return layout.build(
        nodes,
        default_roots(scope, nodes, by),
        by=by,
        view=View.AS_IT_IS,
        period=period,
        today=today,
        allowed=allowed,
    )


@dataclass(frozen=True)
class Series:
    """The totals of a scope in each of several periods, the oldest first."""

    periods: tuple[Period, ...]
    figures: tuple[Figures, ...]

    def values(self, key: str) -> list:
        indicator = INDICATORS[key]
        return [figures.value(indicator) for figures in self.figures]


def totals_over(
    built: layout.Layout, *, periods: Sequence[Period], indicators: Iterable[str], today: datetime.date
) -> Series:
    """The totals of ``built``'s rows in each period: one call of each source the indicators
    need, for every period at once."""
    periods = tuple(periods)
    chosen = [INDICATORS[key] for key in indicators]
    grouping = built.grouping(today, chosen)
    totals: list[dict[str, object]] = [{} for _period in periods]
    available = set()
    for name in dict.fromkeys(indicator.source for indicator in chosen):
        if not grouping.ids:
            available.add(name)
            continue
        results = SOURCES[name](grouping, periods)
        if results is None:  # the source cannot group this way (households by organization)
            continue
        available.add(name)
        for index, per_group in enumerate(results):
            for group, parts in per_group.items():
                if group in built.row_of:
                    add_parts(totals[index], parts)
    return Series(periods, tuple(Figures(parts, frozenset(available)) for parts in totals))


def monthly_totals(
    *,
    scope: UserScope | None,
    by: str,
    periods: Sequence[Period],
    indicators: Iterable[str],
    today: datetime.date,
) -> tuple[layout.Layout, Series]:
    """The layout of ``scope``'s report (by unit or by organization, as ``build_report`` chose
    for it) and its totals in each of ``periods``: the table of units (or organizations) and one
    query per source."""
    built = scope_layout(scope, by=by, today=today, period=periods[-1])
    return built, totals_over(built, periods=periods, indicators=indicators, today=today)
