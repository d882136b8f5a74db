"""Oversight records in the Django admin, read-only: they change only through the cadre pages
and their services (scope checks, lifecycle, publishing), which the audit log records."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin

from .models import (
    BoardMember,
    Inspection,
    InspectionReport,
    InspectionWorkPlan,
    MonitoringBoard,
    MonitoringFinding,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
)


class FindingInline(admin.TabularInline):
    model = MonitoringFinding
    extra = 0
    fields = ("aspect", "text", "is_public")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__", "status", "implementation", "unit", "organization", "authority", "sent_on", "due_date",
    )  # fmt: skip
    list_filter = ("status", "implementation", "reply_outcome", "is_demo")
    search_fields = ("content", "authority__name", "document_number")
    date_hierarchy = "sent_on"
    list_select_related = ("unit", "organization", "authority")


@admin.register(Supervision)
class SupervisionAdmin(ReadOnlyAdmin):
    list_display = ("subject", "kind", "form", "organization", "unit", "start")
    list_filter = ("kind", "form", "is_demo")
    search_fields = ("subject",)
    list_select_related = ("organization", "unit")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("name", "unit", "stage", "progress", "board")
    list_filter = ("stage", "funding_source", "is_demo")
    search_fields = ("name", "investor")
    list_select_related = ("unit", "board")


@admin.register(MonitoringSession)
class MonitoringSessionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "project", "board", "stage", "is_published")
    list_filter = ("is_published", "stage", "is_demo")
    list_select_related = ("project", "board")
    inlines = [FindingInline]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("subject", "board", "trigger", "start", "violations_found")
    list_filter = ("trigger", "is_demo")
    search_fields = ("subject",)
    list_select_related = ("board",)


@admin.register(InspectionWorkPlan)
class InspectionWorkPlanAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "board", "year")
    list_select_related = ("board",)


@admin.register(InspectionReport)
class InspectionReportAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "board", "is_published")
    list_filter = ("period", "is_published")
    list_select_related = ("board",)


@admin.register(MonitoringBoard)
class MonitoringBoardAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "decision_number", "decision_date", "is_constituted")
    list_select_related = ("organization",)


@admin.register(BoardMember)
class BoardMemberAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "residential_area", "decision_number", "is_front_representative")
    list_select_related = ("position__person", "position__organization", "residential_area")
