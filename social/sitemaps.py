"""The sitemap sections of the social pages: the fixed pages, each fund's disclosure, the models."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import ChangingItems, PortalSitemap
from organizations.models import Organization

from . import public


class SocialPages(PortalSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["social_public:fund_list", "social_public:house_list", "social_public:model_list"]

    def location(self, item: str) -> str:
        return reverse(item)


class FundDisclosures(PortalSitemap):
    def items(self) -> QuerySet[Organization]:
        return public.fund_committees().order_by("pk")

    def location(self, item: Organization) -> str:
        return reverse("social_public:fund_detail", args=[item.pk])


class ExemplaryModels(ChangingItems):
    def items(self) -> QuerySet:
        return public.published_models().order_by("pk")

    def location(self, item) -> str:
        return reverse("social_public:model_detail", args=[item.pk])
