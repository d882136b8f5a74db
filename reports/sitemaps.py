"""The sitemap section of the residents' report pages: the list of units and years, then every
unit's page of every year it has figures for (``reports.public``), read with one query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.sitemaps import PortalSitemap

from . import public


class PublicReports(PortalSitemap):
    changefreq = "monthly"

    def items(self) -> list[tuple[int, int]]:
        """(unit, year) pairs, the list first as (0, 0)."""
        today = timezone.localdate()
        pages = [(0, 0)]
        for unit in sorted(public.report_units(), key=public.unit_order):
            pages += [(unit.pk, chosen.year) for chosen in public.years_of(unit, today)]
        return pages

    def location(self, item: tuple[int, int]) -> str:
        unit, year = item
        return public.report_url(unit, year) if unit else reverse("reports_public:list")
