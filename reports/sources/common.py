"""What the sources share: how a report groups the records, and the one aggregate query per table.

A source reads one table (or one rule of another app, such as the member counts) and answers, for
each period asked, the *parts* of each unit or organization: ``{group id: {part: number}}``. It
groups by the record's own unit or organization column and never by record: the rows it returns
are bounded by the number of units or organizations, whatever the number of records. Which row of
the report a unit or an organization falls in ("as it was" or "as it is now") is the layout's
business (``reports.layout``), so a source is the same in both views.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from core.halfmonths import halves_of

from ..periods import Period

UNIT = "unit"
ORGANIZATION = "organization"
# The parts of one period: group id → part → number (or, for a median, value → how many).
Parts = dict[int, dict[str, object]]
# Up to this many rows, a histogram (a median's) is grouped by the report's row in the database
# rather than by each unit: as many rows to read as the report's rows times the values, not the
# units' (a CASE of this many branches asked of each record).
ROWS_IN_DATABASE = 40


@dataclass(frozen=True)
class UnitNode:
    """What a source may need to know of a unit besides its id (the coverage needs the areas)."""

    is_area: bool
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def existed_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass(frozen=True)
class Grouping:
    """Whose records a report reads, and by which column its sources group them.

    ``by`` is ``"unit"`` (the records of these units) or ``"organization"`` (of these organizations);
    ``ids`` are every unit or organization the report covers, already within the reader's scope;
    ``units`` describes the units (for a report by unit).
    """

    by: str
    ids: frozenset[int]
    today: datetime.date
    units: Mapping[int, UnitNode] = field(default_factory=dict)
    # The parts the indicators asked for read (None: every part); a source computes no other.
    wanted: frozenset[str] | None = None
    # The ids of each row of the report, each row named by one of its ids (the smallest): a
    # histogram is grouped by row in the database when the rows are few (``aggregate``).
    rows: tuple[tuple[int, frozenset[int]], ...] = ()

    def wants(self, part: str) -> bool:
        return self.wanted is None or part in self.wanted


def as_of(period: Period, today: datetime.date) -> datetime.date:
    """The day a stock (members, loans, overdue concerns) is read on: the period's end, or today."""
    return min(period.end, today)


def done(period: Period, field_name: str, today: datetime.date) -> Q:
    """Records dated in the period and not later than today (work planned ahead is not yet done)."""
    return Q(**{f"{field_name}__range": (period.start, as_of(period, today))})


def aggregate(
    queryset: QuerySet,
    *,
    column,
    grouping: Grouping,
    periods: Sequence[Period],
    within: Callable[[Period], Q],
    parts: Callable[[Period], Mapping[str, object]] | None = None,
    shape: Callable[[Q, Any], Mapping[str, object]] | None = None,
    end_of: Callable[[Period], object] | None = None,
    extra: Sequence[str] = (),
) -> list[Parts]:
    """One query for every period: ``parts(period)`` (aggregates with their own ``filter``) of the
    records ``within`` any of the periods, grouped by ``column`` (a field name or an expression) and
    ``extra`` columns. With ``extra`` (a median's number of days), each group's part is a
    histogram ``{extra value: number}``. Only the parts the grouping wants are computed; none
    wanted, no query.

    A source whose ``within`` selects the records by the period's own days (or half-months) gives
    ``shape`` instead of ``parts``: the parts of the records that meet a condition, given the
    period's end (``end_of(period)``, for a part such as "answered by the end"), so that
    ``parts(period)`` is ``shape(within(period), end_of(period))``. When such periods do not
    overlap (a month, the month before and the same month a year earlier; twelve months), a record
    is within one period at most: the query then groups the records by the period they are within
    and computes each part once, ``shape(Q(), the period's end)``, instead of once for each period
    (the same figures, a fraction of the SQL to build and of the sums to make).
    """
    if shape is not None:
        parts = _shaped(shape, within, end_of)
    names = [name for name in parts(periods[0]) if grouping.wants(name)]
    results: list[Parts] = [{} for _period in periods]
    if not names:
        return results
    wanted = Q()
    for period in periods:
        wanted |= within(period)
    group = F(column) if isinstance(column, str) else column
    if shape is not None and not extra and _apart(periods):
        return _by_period(queryset, group, grouping, periods, wanted, within, shape, end_of, names, results)
    queryset = queryset.annotate(report_place=group).filter(wanted, report_place__in=grouping.ids)
    if extra and 1 < len(grouping.rows) <= ROWS_IN_DATABASE:
        # Each record counted in its row's histogram (named by one of the row's ids).
        group = Case(
            *(When(report_place__in=ids, then=Value(name)) for name, ids in grouping.rows),
            output_field=IntegerField(),
        )
    else:
        group = F("report_place")
    annotations = {
        f"{name}_{index}": expression
        for index, period in enumerate(periods)
        for name, expression in parts(period).items()
        if name in names
    }
    rows = (
        queryset.annotate(report_group=group)
        .values("report_group", *extra)
        .annotate(**annotations)
        .order_by()
        .values_list("report_group", *extra, *annotations)
    )
    # Each row's values in the order of ``annotations``: period by period, the names of each.
    width = len(names)
    first = 1 + len(extra)
    for row in rows:
        group = row[0]
        for index, found in enumerate(results):
            values = row[first + index * width : first + (index + 1) * width]
            parts = found.setdefault(group, {})
            if not extra:
                for name, value in zip(names, values, strict=True):
                    parts[name] = value or 0
                continue
            key = row[1]
            for name, value in zip(names, values, strict=True):
                if value:
                    histogram = parts.setdefault(name, {})
                    histogram[key] = histogram.get(key, 0) + value
    return results


def _shaped(shape, within, end_of) -> Callable[[Period], Mapping[str, object]]:
    """A ``shape``'s parts of one period, each with the period's own condition."""

    def parts(period: Period) -> Mapping[str, object]:
        return shape(within(period), end_of(period) if end_of is not None else None)

    return parts


def _apart(periods: Sequence) -> bool:
    """Whether no two of the periods (or runs of half-months) share a day (a half-month)."""
    spans = sorted(
        (period.start, period.end) if isinstance(period, Period) else tuple(period) for period in periods
    )
    return all(earlier[1] < later[0] for earlier, later in pairwise(spans))


def _by_period(
    queryset, group, grouping, periods, wanted, within, shape, end_of, names, results
) -> list[Parts]:
    """``aggregate`` for periods that do not overlap: grouped by the period a record is within."""
    index = Case(*(When(within(period), then=Value(i)) for i, period in enumerate(periods)))
    queryset = queryset.annotate(report_group=group, report_period=index)
    end = None
    if end_of is not None:
        ends = (When(report_period=i, then=Value(end_of(period))) for i, period in enumerate(periods))
        queryset = queryset.alias(report_end=Case(*ends))
        end = F("report_end")
    sums = {name: expression for name, expression in shape(Q(), end).items() if name in names}
    rows = (
        queryset.filter(wanted, report_group__in=grouping.ids)
        .values("report_group", "report_period")
        .annotate(**sums)
        .order_by()
        .values_list("report_group", "report_period", *sums)
    )
    for group_id, period, *values in rows:
        if period is None:  # within none of them (cannot be: ``wanted`` is their union)
            continue
        parts = results[period].setdefault(group_id, {})
        for name, value in zip(sums, values, strict=True):
            parts[name] = value or 0
    return results


def by_halves(
    grouping: Grouping,
    periods: Sequence[Period],
    *,
    from_halves: Callable[[list[tuple[int, int]]], list[Parts]],
    from_records: Callable[[list[Period]], list[Parts]],
) -> list[Parts]:
    """The parts of each period: from figures kept by half-month (``from_halves``, given each period
    as its first and last half-month) for a period of whole half-months (every period a report
    offers, once it has ended), from the records themselves (``from_records``) for any other (a
    period that ends today, a range of days). At most one call of each, for all their periods."""
    runs = [halves_of(period.start, as_of(period, grouping.today)) for period in periods]
    on_grid = [index for index, run in enumerate(runs) if run is not None]
    off_grid = [index for index, run in enumerate(runs) if run is None]
    results: list[Parts] = [{} for _period in periods]
    if on_grid:
        for index, parts in zip(on_grid, from_halves([runs[index] for index in on_grid]), strict=True):
            results[index] = parts
    if off_grid:
        for index, parts in zip(off_grid, from_records([periods[index] for index in off_grid]), strict=True):
            results[index] = parts
    return results


def merged(*results: list[Parts]) -> list[Parts]:
    """The parts of several queries over the same periods, put together (each names its own parts)."""
    together: list[Parts] = [{} for _period in results[0]]
    for result in results:
        for index, parts in enumerate(result):
            for group, found in parts.items():
                together[index].setdefault(group, {}).update(found)
    return together


def column_of(grouping: Grouping, *, unit, organization):
    """The column a table groups by for this report: its unit column or its organization column
    (None when the table has no organization: the source then does not apply)."""
    return unit if grouping.by == UNIT else organization
