"""The sitemap sections of the units and organizations (their public pages)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import PortalSitemap

from .models import AdministrativeUnit, Organization


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
