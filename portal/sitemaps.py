"""The sitemap of the residents' site (``/sitemap.xml``, named in ``robots.txt``), so that
search engines find every public page: the fixed pages, published activities and articles,
units, organizations, monitored projects and People's Inspection Boards.

Each section lists only what its public page shows (the same QuerySets the pages use), by
their public URL, with the date of their last change where there is one. Sections are cut
into pages of ``PAGE_SIZE`` addresses; the index lists them. Anonymous visitors get the
sitemap from the page cache, so it moves on with every publication.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.views.decorators.http import require_safe

from activities.models import Activity
from articles.models import Article
from organizations.models import AdministrativeUnit, Organization
from oversight import public as oversight_public

from .caching import cache_public_page

PAGE_SIZE = 5000


class PortalSitemap(Sitemap):
    limit = PAGE_SIZE


class ChangingItems(PortalSitemap):
    """Items with an ``updated_at``: their last change, and the section's in one aggregate."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item for this.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class FixedPages(PortalSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "public:home",
            "portal:activity_list",
            "articles:list",
            "portal:calendar",
            "public:directory",
            "oversight_public:project_list",
            "oversight_public:board_list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class Activities(ChangingItems):
    def items(self) -> QuerySet[Activity]:
        return Activity.objects.published().only("pk", "updated_at").order_by("pk")

    def location(self, item: Activity) -> str:
        return reverse("portal:activity_detail", args=[item.pk])


class Articles(ChangingItems):
    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("pk", "slug", "updated_at").order_by("pk")


class Units(PortalSitemap):
    def items(self) -> QuerySet[AdministrativeUnit]:
        return AdministrativeUnit.objects.only("pk").order_by("pk")

    def location(self, item: AdministrativeUnit) -> str:
        return reverse("public:unit_detail", args=[item.pk])


class Organizations(PortalSitemap):
    def items(self) -> QuerySet[Organization]:
        return Organization.objects.only("pk").order_by("pk")

    def location(self, item: Organization) -> str:
        return reverse("public:organization_detail", args=[item.pk])


class Projects(PortalSitemap):
    def items(self) -> QuerySet:
        return oversight_public.projects().order_by("pk")

    def location(self, item) -> str:
        return reverse("oversight_public:project_detail", args=[item.pk])


class InspectionBoards(PortalSitemap):
    def items(self) -> QuerySet[Organization]:
        return oversight_public.inspection_boards().order_by("pk")

    def location(self, item: Organization) -> str:
        return reverse("oversight_public:board_detail", args=[item.pk])


SITEMAPS: dict[str, type[Sitemap]] = {
    "pages": FixedPages,
    "activities": Activities,
    "articles": Articles,
    "units": Units,
    "organizations": Organizations,
    "projects": Projects,
    "inspection-boards": InspectionBoards,
}


@require_safe
@cache_public_page
def index(request):
    return sitemap_views.index(request, SITEMAPS, sitemap_url_name="portal:sitemap_section")


@require_safe
@cache_public_page
def section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
