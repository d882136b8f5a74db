"""The sitemap sections of the monitored projects and the People's Inspection Boards."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from core.sitemaps import PortalSitemap
from organizations.models import Organization

from . import public


class Projects(PortalSitemap):
    def items(self) -> QuerySet:
        return public.projects().order_by("pk")

    def location(self, item) -> str:
        return reverse("oversight_public:project_detail", args=[item.pk])


class InspectionBoards(PortalSitemap):
    def items(self) -> QuerySet[Organization]:
        return public.inspection_boards().order_by("pk")

    def location(self, item: Organization) -> str:
        return reverse("oversight_public:board_detail", args=[item.pk])
