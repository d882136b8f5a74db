"""The member registers and area data in the Django admin, read-only: they change only through the
cadre pages and their services (validated, scope-checked, audited). A member's page is personal
data: opening it writes an "accessed" audit entry, as the cadre page does."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ConfidentialAdminMixin, ReadOnlyAdmin

from .models import Assignment, HouseholdFigure, Member, MemberImport, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    can_delete = False
    fields = ("organization", "joined_on", "left_on", "leave_reason", "card_number", "previous")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(ConfidentialAdminMixin, ReadOnlyAdmin):
    list_display = ("full_name", "birth_year", "residential_area")
    list_filter = ("gender", "ethnicity", "is_demo")
    search_fields = ("full_name",)
    list_select_related = ("residential_area",)
    inlines = [MembershipInline]


@admin.register(MemberImport)
class MemberImportAdmin(ReadOnlyAdmin):
    list_display = ("file_name", "organization", "rows", "members_created", "created_by", "imported_at")
    exclude = ("content",)
    list_select_related = ("organization", "created_by")


@admin.register(HouseholdFigure)
class HouseholdFigureAdmin(ReadOnlyAdmin):
    list_display = ("residential_area", "year", "households", "residents", "source")
    list_filter = ("year",)
    list_select_related = ("residential_area",)


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("residential_area", "person", "role", "organization", "start", "end")
    list_filter = ("role",)
    list_select_related = ("residential_area", "person", "organization")
