"""The coverage of the residential areas on the cadre's screens: households reached this year (from
``members.coverage``, where the rule is) beside the last visit of the work log (from ``activities``).
A fixed number of queries, whatever the number of areas and visits: the visits are read from the
work log's figures of each day, not counted one by one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q, Sum

from activities.models import WorkDay
from members.coverage import AreaCoverage, coverage, year_so_far
from organizations.models import AdministrativeUnit


@dataclass(frozen=True)
class AreaRow:
    area: AdministrativeUnit
    coverage: AreaCoverage
    last_visit: datetime.date | None
    visits_this_year: int


def area_rows(areas: Iterable[AdministrativeUnit], today: datetime.date) -> list[AreaRow]:
    """Each area with its coverage this year, its last visit and its visits this year."""
    areas = list(areas)
    ids = [area.pk for area in areas]
    start, end = year_so_far(today)
    covered = coverage(ids, start, end)
    # The visits of each area by day, as the work log's figures keep them (``activities.figures``).
    visits = {
        row["area_id"]: row
        for row in WorkDay.objects.filter(area_id__in=ids)
        .values("area_id")
        .annotate(
            last=Max("day", filter=Q(day__lte=today, visits__gt=0)),
            this_year=Sum("visits", filter=Q(day__range=(start, end)), default=0),
        )
        .order_by()
    }
    return [
        AreaRow(
            area=area,
            coverage=covered[area.pk],
            last_visit=visits.get(area.pk, {}).get("last"),
            visits_this_year=visits.get(area.pk, {}).get("this_year", 0),
        )
        for area in areas
    ]
