"""The sitemap of the residents' site (``/sitemap.xml``, named in ``robots.txt``), so that
search engines find every public page: the fixed pages, published activities and articles,
units, organizations, monitored projects, People's Inspection Boards and the authorities. Each
app registers its sections (``core.sitemaps.register``); this module adds the fixed pages and the
register of authorities (whose pages are the portal's) and serves them.

Each section lists only what its public page shows (the same QuerySets the pages use), by
their public URL, with the date of their last change where there is one. Sections are cut
into pages of ``PAGE_SIZE`` addresses; the index lists them. Anonymous visitors get the
sitemap from the page cache, so it moves on with every publication.
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse
from django.views.decorators.http import require_safe

from core import sitemaps
from core.caching import cache_public_page
from core.sitemaps import PortalSitemap
from organizations.models import Authority


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
            "portal:authorities",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class Authorities(PortalSitemap):
    """Every authority of the register, those that have ended too (their page keeps their record)."""

    changefreq = "weekly"

    def items(self):
        return Authority.objects.only("pk").order_by("pk")


@require_safe
@cache_public_page
def index(request):
    return sitemap_views.index(request, sitemaps.sections(), sitemap_url_name="portal:sitemap_section")


@require_safe
@cache_public_page(params=("p",))
def section(request, section: str):
    return sitemap_views.sitemap(request, sitemaps.sections(), section=section)
