"""The Django admin, for staff only: the structure, the accounts and their scopes, and the
read-only audit log.

Admin forms are model forms, so the models' own validation (``clean`` and unique fields)
shows as field errors here exactly as in the cadre pages. Units, organizations, people, terms
and positions are saved and deleted through ``organizations.services`` with the staff member as
actor (``core.admin.ServiceAdminMixin``): the services validate, write the audit log and keep
the search index and the cached public pages in step, and their errors show on the form.
Accounts and their scopes have no service and nothing public: the admin is where staff manage
them, and the audit log middleware records the staff member as the actor of those changes.
"""

from __future__ import annotations

from auditlog import get_logentry_model
from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ConfidentialAdminMixin, ServiceAdminMixin
from core.sudo import SudoAdminMixin

from . import services
from .models import AdministrativeUnit, Organization, Person, Position, Scope, Term, UnitKind, User
from .scoping import scope_for

LogEntry = get_logentry_model()

admin.site.site_header = _("La Gi portal administration")
admin.site.site_title = _("La Gi portal administration")
admin.site.index_title = _("Structure, accounts and audit log")


class DatedStatusFilter(admin.SimpleListFilter):
    """Current today, or ended (``valid_to`` in the past), for models with a DatedQuerySet."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("current", _("Current")), ("ended", _("Ended"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        return queryset


class ParentLevelFilter(admin.SimpleListFilter):
    title = _("parent level")
    parameter_name = "parent_kind"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("none", _("No parent")), *UnitKind.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == "none":
            return queryset.filter(parent__isnull=True)
        if value in UnitKind.values:
            return queryset.filter(parent__kind=value)
        return queryset


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(SudoAdminMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to", "is_demo"]
    list_select_related = ["parent"]
    list_filter = ["kind", DatedStatusFilter, ParentLevelFilter, "is_demo"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    show_auditlog_history_link = True

    def save_with_service(
        self, request: HttpRequest, obj: AdministrativeUnit, form, formsets, change: bool
    ) -> None:
        services.save_unit(actor=request.user, unit=obj)

    def delete_with_service(self, request: HttpRequest, obj: AdministrativeUnit) -> None:
        services.delete_unit(actor=request.user, unit=obj)


@admin.register(Organization)
class OrganizationAdmin(ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "parent", "valid_from", "valid_to", "is_demo"]
    list_select_related = ["unit", "parent"]
    list_filter = ["kind", DatedStatusFilter, "is_demo"]
    search_fields = ["name", "unit__name", "unit__code"]
    autocomplete_fields = ["unit", "parent"]
    show_auditlog_history_link = True

    def save_with_service(
        self, request: HttpRequest, obj: Organization, form, formsets, change: bool
    ) -> None:
        services.save_organization(actor=request.user, organization=obj)

    def delete_with_service(self, request: HttpRequest, obj: Organization) -> None:
        services.delete_organization(actor=request.user, organization=obj)


@admin.register(Person)
class PersonAdmin(ConfidentialAdminMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "unit", "is_demo"]
    list_select_related = ["unit"]
    list_filter = ["is_demo"]
    search_fields = ["full_name"]
    autocomplete_fields = ["unit"]
    show_auditlog_history_link = True

    def save_with_service(self, request: HttpRequest, obj: Person, form, formsets, change: bool) -> None:
        services.save_person(actor=request.user, person=obj)

    def delete_with_service(self, request: HttpRequest, obj: Person) -> None:
        services.delete_person(actor=request.user, person=obj)


@admin.register(Term)
class TermAdmin(ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "organization", "ordinal", "start", "end"]
    list_select_related = ["organization"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    show_auditlog_history_link = True

    def save_with_service(self, request: HttpRequest, obj: Term, form, formsets, change: bool) -> None:
        services.save_term(actor=request.user, term=obj)

    def delete_with_service(self, request: HttpRequest, obj: Term) -> None:
        services.delete_term(actor=request.user, term=obj)


@admin.register(Position)
class PositionAdmin(ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start", "end"]
    list_select_related = ["person", "organization"]
    list_filter = ["title"]
    search_fields = ["person__full_name", "organization__name"]
    autocomplete_fields = ["person", "organization", "term"]
    show_auditlog_history_link = True

    def save_with_service(self, request: HttpRequest, obj: Position, form, formsets, change: bool) -> None:
        services.save_position(actor=request.user, position=obj)

    def delete_with_service(self, request: HttpRequest, obj: Position) -> None:
        services.delete_position(actor=request.user, position=obj)


class ScopeInline(admin.TabularInline):
    model = Scope
    extra = 0
    autocomplete_fields = ["unit", "organization"]


@admin.register(User)
class UserAdmin(SudoAdminMixin, AuditlogHistoryAdminMixin, DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Portal"), {"fields": ("person", "must_change_password")}))
    list_display = ["username", "first_name", "last_name", "person", "is_staff", "is_active"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    inlines = [ScopeInline]
    show_auditlog_history_link = True


@admin.register(Scope)
class ScopeAdmin(SudoAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["user", "unit", "organization", "access"]
    list_select_related = ["user", "unit", "organization"]
    list_filter = ["access"]
    search_fields = ["user__username", "unit__name", "organization__name"]
    autocomplete_fields = ["user", "unit", "organization"]
    show_auditlog_history_link = True


# The audit log: auditlog's own admin is read-only (no add, change or delete); this one
# adds a filter by actor and an exact search by object id (a number), and stays read-only. Its date
# hierarchy (timestamp) and resource-type filter are kept.
if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(AuditlogLogEntryAdmin):
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), ResourceTypeFilter, CIDFilter]
    search_fields = AuditlogLogEntryAdmin.search_fields

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        # A number is an object's id, matched exactly: auditlog's own fields (the timestamp, the
        # changes) would also match its digits anywhere and bury the object among other entries.
        term = search_term.strip()
        if term.isdigit():
            return queryset.filter(object_pk=term), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return False

    # The log holds the old and new values of every record, of every unit: only an account that
    # sees everything reads it, whatever its model permissions say.
    def has_view_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return scope_for(request.user).is_global and super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_global and super().has_module_permission(request)

    # has_delete_permission is auditlog's: never through the log's own pages.
