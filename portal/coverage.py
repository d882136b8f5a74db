"""The coverage of the residential areas on the cadre's screens: households reached this year (from
``members.coverage``, where the rule is) beside the last visit of the work log (from ``activities``).
A fixed number of queries, whatever the number of areas and visits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from activities.models import VisitDetails
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
    visits = {
        row["residential_area_id"]: row
        for row in VisitDetails.objects.filter(residential_area_id__in=ids)
        .values("residential_area_id")
        .annotate(
            last=Max("activity__date", filter=Q(activity__date__lte=today)),
            this_year=Count("pk", filter=Q(activity__date__range=(start, end))),
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
