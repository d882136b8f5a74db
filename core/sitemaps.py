"""The sections of the public sitemap, each registered by the app that owns its pages.

An app registers its section in ``AppConfig.ready()`` (``register("activities", Activities,
position=1)``); the residents' site serves the index and the sections in the order of their
positions. A section lists only what its public page shows, with the date of its last change
where there is one.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

PAGE_SIZE = 5000

_sections: dict[str, tuple[int, type[Sitemap]]] = {}


class PortalSitemap(Sitemap):
    limit = PAGE_SIZE


class ChangingItems(PortalSitemap):
    """Items with an ``updated_at``: their last change, and the section's in one aggregate."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default reads every item for this.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


def register(section: str, sitemap: type[Sitemap], *, position: int) -> None:
    """Add (or replace) the sitemap section ``section``, listed at ``position`` in the index."""
    _sections[section] = (position, sitemap)


def sections() -> dict[str, type[Sitemap]]:
    """Every registered section by its name, in the order of their positions."""
    ordered = sorted(_sections.items(), key=lambda item: (item[1][0], item[0]))
    return {name: sitemap for name, (_position, sitemap) in ordered}
