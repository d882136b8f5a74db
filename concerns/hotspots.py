"""Hot spots (điểm nóng): places where unresolved concerns of one kind pile up.

When the concerns still waiting for an answer, of one category, in one residential area
(or, for concerns logged without an area, in one unit) reach ``HOTSPOT_THRESHOLD`` within
the last ``HOTSPOT_WINDOW_DAYS`` days, the place is flagged so the cadres can act before
the problem grows. Two queries whatever the data: one aggregate, one for the concerns behind.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from core.formatting import place
from organizations.models import AdministrativeUnit

from .models import Concern, ConcernCategory


@dataclass(frozen=True)
class HotSpot:
    place: AdministrativeUnit
    category: str
    count: int
    concerns: tuple[Concern, ...]

    @property
    def concern_ids(self) -> list[int]:
        return [concern.pk for concern in self.concerns]

    @property
    def place_label(self) -> str:
        """The area with its ward or commune ("Khu phố 2, phường Phước Hội"), or the unit."""
        unit = self.concerns[0].unit
        if self.place.pk != unit.pk:
            return place(self.place.name, unit.name)
        return self.place.name

    @property
    def category_label(self) -> str:
        return ConcernCategory(self.category).label


def window_start(today: datetime.date, window_days: int) -> datetime.date:
    """The first day of a window of ``window_days`` days ending today (today included)."""
    return today - datetime.timedelta(days=window_days - 1)


def detect_hotspots(
    *,
    concerns: QuerySet[Concern],
    today: datetime.date,
    threshold: int | None = None,
    window_days: int | None = None,
) -> list[HotSpot]:
    """The hot spots among ``concerns`` (pass a scoped QuerySet), the largest first."""
    threshold = settings.HOTSPOT_THRESHOLD if threshold is None else threshold
    window_days = settings.HOTSPOT_WINDOW_DAYS if window_days is None else window_days
    if threshold < 1 or window_days < 1:
        return []
    recent = (
        concerns.unresolved()
        .filter(received_on__gte=window_start(today, window_days), received_on__lte=today)
        .annotate(place_pk=Coalesce("residential_area_id", "unit_id"))
    )
    groups = list(
        recent.order_by()
        .values("place_pk", "category")
        .annotate(number=Count("pk"))
        .filter(number__gte=threshold)
    )
    if not groups:
        return []
    wanted = Q()
    for group in groups:
        wanted |= Q(place_pk=group["place_pk"], category=group["category"])
    behind: dict[tuple[int, str], list[Concern]] = defaultdict(list)
    for concern in (
        recent.filter(wanted).select_related("unit", "residential_area").order_by("-received_on", "-pk")
    ):
        behind[(concern.place_pk, concern.category)].append(concern)
    spots = [
        HotSpot(
            place=found[0].place,
            category=category,
            count=len(found),
            concerns=tuple(found),
        )
        for (_place_pk, category), found in behind.items()
    ]
    spots.sort(key=lambda spot: (-spot.count, spot.place.name, spot.category))
    return spots
