"""The sitemap section of published articles (their own ``get_absolute_url``)."""

from __future__ import annotations

from django.db.models import QuerySet

from core.sitemaps import ChangingItems

from .models import Article


class Articles(ChangingItems):
    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("pk", "slug", "updated_at").order_by("pk")
