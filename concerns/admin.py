"""Concerns in the Django admin, read-only: the workflow is changed only through the cadre
pages and their services, so that every step writes its timeline event."""

from __future__ import annotations

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest

from core.admin import ConfidentialAdminMixin, ScopedAdminMixin

from .models import Concern, ConcernEvent


class ConcernEventInline(admin.TabularInline):
    model = ConcernEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor", "note", "data")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Concern)
class ConcernAdmin(ConfidentialAdminMixin, ScopedAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = (
        "tracking_code",
        "received_on",
        "category",
        "status",
        "unit",
        "residential_area",
        "due_date",
    )
    list_filter = ("status", "category", "source", "is_demo")
    search_fields = ("tracking_code", "summary")
    date_hierarchy = "received_on"
    list_select_related = ("unit", "residential_area")
    inlines = [ConcernEventInline]
    show_auditlog_history_link = True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_fields(self, request: HttpRequest, obj=None):
        """A denouncer's name and phone only for whom the rule shows them to (``with_identity_flag``)."""
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.is_denunciation:
            shown = (
                Concern.objects.with_identity_flag(request.user)
                .filter(pk=obj.pk, identity_visible=True)
                .exists()
            )
            if not shown:
                fields = [name for name in fields if name not in ("resident_name", "resident_phone")]
        return fields

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
