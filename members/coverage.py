"""Coverage of the "knock on every door" campaign: households reached over households of each area.

The rule, in one place:

- **households of an area** in a period: the area's household figure of the period's last year, or
  the latest earlier one when that year has none (``HouseholdFigure``, one per area and year);
- **households reached** in a period: the number of *distinct* households recorded as visited in
  the area on a day of the period (``HouseholdVisit``): a household visited twice is reached once.
  Visits that gave only a number of households, without listing them, cannot be told apart, so
  they are not counted as reached (the work log still counts them as visits and households
  visited);
- **share**: reached over households, in percent (none without a household figure).

Each function is one or two aggregate queries, whatever the number of areas and visits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery

from .models import HouseholdFigure, HouseholdVisit


@dataclass(frozen=True)
class AreaCoverage:
    area_id: int
    reached: int
    households: int | None = None
    figure_year: int | None = None
    source: str = ""

    @property
    def share(self) -> Decimal | None:
        """Households reached as a percentage of the area's households, to one decimal."""
        if not self.households:
            return None
        value = Decimal(self.reached) * 100 / Decimal(self.households)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def bar_percent(self) -> int:
        """The share as a whole percentage from 0 to 100, for a progress bar."""
        return min(100, round(self.share or 0))


def households_reached(area_ids: Iterable[int], start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Distinct households visited in each area from ``start`` to ``end`` (both included)."""
    rows = (
        HouseholdVisit.objects.filter(
            household__residential_area_id__in=list(area_ids), visited_on__range=(start, end)
        )
        .values("household__residential_area_id")
        .annotate(n=Count("household_id", distinct=True))
        .order_by()
    )
    return {row["household__residential_area_id"]: row["n"] for row in rows}


def household_figures(area_ids: Iterable[int], year: int) -> dict[int, HouseholdFigure]:
    """Each area's household figure of ``year``, or its latest earlier one."""
    latest = (
        HouseholdFigure.objects.filter(residential_area_id=OuterRef("residential_area_id"), year__lte=year)
        .order_by("-year")
        .values("year")[:1]
    )
    figures = HouseholdFigure.objects.filter(residential_area_id__in=list(area_ids), year=Subquery(latest))
    return {figure.residential_area_id: figure for figure in figures}


def coverage(area_ids: Iterable[int], start: datetime.date, end: datetime.date) -> dict[int, AreaCoverage]:
    """The coverage of each area over the period (two queries)."""
    area_ids = list(area_ids)
    reached = households_reached(area_ids, start, end)
    figures = household_figures(area_ids, end.year)
    result = {}
    for area_id in area_ids:
        figure = figures.get(area_id)
        result[area_id] = AreaCoverage(
            area_id=area_id,
            reached=reached.get(area_id, 0),
            households=figure.households if figure else None,
            figure_year=figure.year if figure else None,
            source=figure.source if figure else "",
        )
    return result


def year_so_far(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From 1 January to ``today``: the period of "this year" on the dashboards."""
    return datetime.date(today.year, 1, 1), today
