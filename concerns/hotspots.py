"""Hot spots (điểm nóng): places where unresolved concerns of one kind pile up.

When the concerns still waiting for an answer, of one category, in one residential area
(or, for concerns logged without an area, in one unit) reach ``HOTSPOT_THRESHOLD`` within
the last ``HOTSPOT_WINDOW_DAYS`` days, the place is flagged so the cadres can act before
the problem grows. Two queries whatever the data: one aggregate, one for the concerns behind.

"As it is now" (the default) groups the concerns by today's area or unit (through the lineage,
``organizations.lineage.current_unit_of``), so that a window across a reorganization counts the
merged areas together; "as it was" groups them by the area they were logged in.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode

from core.formatting import place
from organizations.lineage import View, current_unit_of
from organizations.models import AdministrativeUnit

from .models import Concern, ConcernCategory


@dataclass(frozen=True)
class HotSpot:
    place: AdministrativeUnit
    category: str
    count: int
    concerns: tuple[Concern, ...]
    # The ward or commune that names an area's place (the place itself when it is one).
    unit: AdministrativeUnit
    # What was counted, for the link to exactly these concerns in the inbox.
    view: str = View.AS_IT_IS
    since: datetime.date | None = None
    until: datetime.date | None = None

    @property
    def concern_ids(self) -> list[int]:
        return [concern.pk for concern in self.concerns]

    @property
    def place_label(self) -> str:
        """The area with its ward or commune ("Khu phố 2, phường Phước Hội"), or the unit."""
        if self.place.pk != self.unit.pk:
            return place(self.place.name, self.unit.name)
        return self.place.name

    @property
    def category_label(self) -> str:
        return ConcernCategory(self.category).label

    @property
    def inbox_url(self) -> str:
        """The inbox filtered to exactly the concerns of this hot spot (``concerns.filters``)."""
        query = {"unit": self.place.pk, "view": self.view, "category": self.category, "awaiting": "on"}
        if self.place.pk == self.unit.pk:
            query["without_area"] = "on"  # grouped by the unit: the concerns logged without an area
        if self.since and self.until:
            query |= {"received_after": self.since.isoformat(), "received_before": self.until.isoformat()}
        return f"{reverse('concerns:inbox')}?{urlencode(query)}"


def _place_key(view: str):
    """The column concerns are grouped by: the area (or, without one, the unit), of then or of today."""
    if view == View.AS_IT_IS:
        return Coalesce(current_unit_of("residential_area"), current_unit_of("unit"))
    return Coalesce("residential_area_id", "unit_id")


def window_start(today: datetime.date, window_days: int) -> datetime.date:
    """The first day of a window of ``window_days`` days ending today (today included)."""
    return today - datetime.timedelta(days=window_days - 1)


def _place_of(concern: Concern, view: str) -> tuple[AdministrativeUnit, AdministrativeUnit]:
    """The concern's place and the unit that names it, as it was or as it is now."""
    if view != View.AS_IT_IS:
        return concern.place, concern.unit
    if concern.residential_area_id:
        area = concern.residential_area.current_unit
        return area, area.parent or area
    return concern.unit.current_unit, concern.unit.current_unit


def detect_hotspots(
    *,
    concerns: QuerySet[Concern],
    today: datetime.date,
    threshold: int | None = None,
    window_days: int | None = None,
    view: str = View.AS_IT_IS,
) -> list[HotSpot]:
    """The hot spots among ``concerns`` (pass a scoped QuerySet), the largest first, grouped by
    today's places (``View.AS_IT_IS``) or by the places the concerns were logged in."""
    threshold = settings.HOTSPOT_THRESHOLD if threshold is None else threshold
    window_days = settings.HOTSPOT_WINDOW_DAYS if window_days is None else window_days
    if threshold < 1 or window_days < 1:
        return []
    recent = (
        concerns.unresolved()
        .filter(received_on__gte=window_start(today, window_days), received_on__lte=today)
        .annotate(place_pk=_place_key(view))
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
    related = ["unit", "residential_area"]
    if view == View.AS_IT_IS:
        related += ["unit__current_unit", "residential_area__current_unit__parent"]
    for concern in recent.filter(wanted).select_related(*related).order_by("-received_on", "-pk"):
        behind[(concern.place_pk, concern.category)].append(concern)
    spots = []
    for (_place_pk, category), found in behind.items():
        where, unit = _place_of(found[0], view)
        spots.append(
            HotSpot(
                where, category, len(found), tuple(found), unit, view, window_start(today, window_days), today
            )
        )
    spots.sort(key=lambda spot: (-spot.count, spot.place.name, spot.category))
    return spots
