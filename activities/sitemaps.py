"""The sitemap section of published activities."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import ChangingItems

from .models import Activity


class Activities(ChangingItems):
    def items(self) -> QuerySet[Activity]:
        return Activity.objects.published().only("pk", "updated_at").order_by("pk")

    def location(self, item: Activity) -> str:
        return reverse("portal:activity_detail", args=[item.pk])
