"""Hot spots (điểm nóng): places where unresolved concerns of one kind pile up.

When the concerns still waiting for an answer, of one category, in one residential area
(or, for concerns logged without an area, in one unit) reach ``HOTSPOT_THRESHOLD`` within
the last ``HOTSPOT_WINDOW_DAYS`` days, the place is flagged so the cadres can act before
the problem grows. Three queries whatever the data: the counts, their places, the newest concerns
behind each.

"As it is now" (the default) groups the concerns by today's area or unit (through the lineage,
``organizations.lineage.current_unit_of``), so that a window across a reorganization counts the
merged areas together; "as it was" groups them by the area they were logged in.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils.http import urlencode

from core.formatting import place
from organizations.lineage import View, current_unit_of
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit

from .models import Concern, ConcernCategory

# The newest concerns a hot spot lists (the inbox link opens all of them).
SHOWN_PER_SPOT = 3


@dataclass(frozen=True)
class HotSpot:
    place: AdministrativeUnit
    category: str
    count: int
    # The newest of them (``SHOWN_PER_SPOT``); ``count`` is all of them.
    concerns: tuple[Concern, ...]
    # The ward or commune that names an area's place (the place itself when it is one).
    unit: AdministrativeUnit
    # What was counted, for the link to exactly these concerns in the inbox.
    view: str = View.AS_IT_IS
    since: datetime.date | None = None
    until: datetime.date | None = None

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


def _naming_unit(place: AdministrativeUnit) -> AdministrativeUnit:
    """The ward or commune that names a place: an area's unit above it, else the place itself."""
    if place.kind in RESIDENTIAL_AREA_KINDS and place.parent is not None:
        return place.parent
    return place


def detect_hotspots(
    *,
    concerns: QuerySet[Concern],
    today: datetime.date,
    threshold: int | None = None,
    window_days: int | None = None,
    view: str = View.AS_IT_IS,
    shown: int = SHOWN_PER_SPOT,
    listed: int | None = None,
) -> list[HotSpot]:
    """The hot spots among ``concerns`` (pass a scoped QuerySet), the largest first, grouped by
    today's places (``View.AS_IT_IS``) or by the places the concerns were logged in.

    Each is counted in the database; it carries its ``shown`` newest concerns (none with 0), read
    in one query ranked per spot, so a place where hundreds pile up costs no more than a quiet one:
    three queries at most (the counts, the places, the newest concerns). With ``listed``, only the
    largest ``listed`` spots carry their concerns (a page lists those and counts the others).
    """
    threshold = settings.HOTSPOT_THRESHOLD if threshold is None else threshold
    window_days = settings.HOTSPOT_WINDOW_DAYS if window_days is None else window_days
    if threshold < 1 or window_days < 1:
        return []
    since = window_start(today, window_days)
    recent = (
        concerns.unresolved()
        .filter(received_on__gte=since, received_on__lte=today)
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
    places = AdministrativeUnit.objects.select_related("parent").in_bulk({g["place_pk"] for g in groups})
    groups.sort(key=lambda g: (-g["number"], places[g["place_pk"]].name, g["category"]))
    with_concerns = groups if listed is None else groups[:listed]
    behind = _newest(recent, with_concerns, shown) if shown > 0 and with_concerns else {}
    return [
        HotSpot(
            places[group["place_pk"]],
            group["category"],
            group["number"],
            tuple(behind.get((group["place_pk"], group["category"]), ())),
            _naming_unit(places[group["place_pk"]]),
            view,
            since,
            today,
        )
        for group in groups
    ]


def _newest(
    recent: QuerySet[Concern], groups: list[dict], shown: int
) -> dict[tuple[int, str], list[Concern]]:
    """The ``shown`` newest concerns of each group, in one query (ranked per place and category)."""
    wanted = Q()
    for group in groups:
        wanted |= Q(place_pk=group["place_pk"], category=group["category"])
    newest = Window(
        RowNumber(),
        partition_by=[F("place_pk"), F("category")],
        order_by=[F("received_on").desc(), F("pk").desc()],
    )
    rows = (
        recent.filter(wanted)
        .annotate(rank=newest)
        .filter(rank__lte=shown)
        .select_related("unit", "residential_area")
        .order_by("-received_on", "-pk")
    )
    behind: dict[tuple[int, str], list[Concern]] = defaultdict(list)
    for concern in rows:
        behind[(concern.place_pk, concern.category)].append(concern)
    return behind
