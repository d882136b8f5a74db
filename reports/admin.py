"""Reports sent up in the Django admin, read-only: they are compiled, signed off, sent and returned
only on the cadre pages through their services (reports/submissions.py), which keep the figures sent
as they were and which the audit log records."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import ReportSubmission


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__", "status", "version", "due_date", "submitted_at", "number", "unit", "organization",
    )  # fmt: skip
    list_filter = ("status", "period_kind", "is_demo")
    search_fields = ("number", "unit__name", "organization__name")
    date_hierarchy = "period_end"
    list_select_related = ("unit", "organization")
    exclude = ("figures",)
