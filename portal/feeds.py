"""RSS and Atom feeds of the newest published activities (Django's syndication framework)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from activities import selectors_public as selectors
from activities.models import Activity
from core.caching import cache_public_page
from core.formatting import unit_in_text

FEED_SIZE = 30


class ActivityRssFeed(Feed):
    feed_type = Rss201rev2Feed
    title = _("La Gi Front and mass organizations: activities")
    description = _(
        "The newest published activities of the Fatherland Front and mass organizations of La Gi."
    )
    link = reverse_lazy("portal:activity_list")
    feed_url = reverse_lazy("portal:feed_rss")

    def items(self) -> list[Activity]:
        return list(
            selectors.published_activities()
            .prefetch_related(selectors.organizers())
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Activity) -> str:
        return f"{item.get_kind_display()} – {unit_in_text(item.unit.name)} ({item.date:%d/%m/%Y})"

    def item_description(self, item: Activity) -> str:
        return item.summary

    def item_link(self, item: Activity) -> str:
        return reverse("portal:activity_detail", args=[item.pk])

    def item_pubdate(self, item: Activity) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Activity) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Activity) -> str:
        return "; ".join(organization.name for organization in item.organizations.all())

    def item_categories(self, item: Activity) -> list[str]:
        return [str(item.get_kind_display())]


class ActivityAtomFeed(ActivityRssFeed):
    feed_type = Atom1Feed
    subtitle = ActivityRssFeed.description
    feed_url = reverse_lazy("portal:feed_atom")


rss_feed = cache_public_page(ActivityRssFeed())
atom_feed = cache_public_page(ActivityAtomFeed())
