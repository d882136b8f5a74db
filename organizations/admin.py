"""The Django admin, for staff only: the structure, the accounts and their scopes, and the
read-only audit log.

Admin forms are model forms, so the models' own validation (``clean`` and unique fields)
shows as field errors here exactly as in the cadre pages. Units, organizations, people, terms
and positions are saved and deleted through ``organizations.services`` with the staff member as
actor (``core.admin.ServiceAdminMixin``): the services validate, write the audit log and keep
the search index and the cached public pages in step, and their errors show on the form. The
register of authorities is kept here too, by the accounts with its model permissions
(``organizations.services_authorities``).
Accounts and their scopes have no service and nothing public: the admin is where staff manage
them, and the audit log middleware records the staff member as the actor of those changes.
"""

from __future__ import annotations

from auditlog import get_logentry_model
from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ConfidentialAdminMixin, ServiceAdminMixin
from core.sudo import SudoAdminMixin

from . import services, services_authorities
from .fields import organization_label, unit_label
from .models import (
    AdministrativeUnit,
    Authority,
    Organization,
    OrganizationLineage,
    Person,
    Position,
    Reorganization,
    Scope,
    Term,
    UnitKind,
    UnitLineage,
    User,
)
from .scoping import scope_for

LogEntry = get_logentry_model()


def _picker_label(obj) -> str | None:
    """The label of a unit or organization in the admin's pickers: with the unit above it, so that
    two "Khu phố 12" read "Khu phố 12 – phường Phước Hội" and "Khu phố 12 – phường La Gi"."""
    if isinstance(obj, AdministrativeUnit):
        return unit_label(obj)
    if isinstance(obj, Organization):
        return f"{organization_label(obj)} – {unit_label(obj.unit)}"
    return None


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, with the full path of units and organizations."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if queryset.model is AdministrativeUnit:
            return queryset.select_related("parent")
        if queryset.model is Organization:
            return queryset.select_related("unit__parent")
        return queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        return result | ({"text": label} if (label := _picker_label(obj)) else {})


admin.site.autocomplete_view = lambda request: LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(
    request
)


class _PickerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _picker_label(obj) or super().label_from_instance(obj)


class PathPickersMixin:
    """The chosen unit or organization of an autocomplete shows with its path too."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (AdministrativeUnit, Organization):
            kwargs["form_class"] = _PickerField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Groups and model permissions decide nothing in the portal (scopes do): not shown.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)

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


class AdministrativeUnitAdminForm(forms.ModelForm):
    def _update_errors(self, errors: ValidationError) -> None:
        # The model's error about a field shown read-only (the end date a reorganization set)
        # goes on top of the form.
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                placed.setdefault(name if name in self.fields else NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(
    PathPickersMixin, SudoAdminMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin
):
    form = AdministrativeUnitAdminForm
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to", "is_demo"]
    list_select_related = ["parent"]
    list_filter = ["kind", DatedStatusFilter, ParentLevelFilter, "is_demo"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    show_auditlog_history_link = True

    # A unit ends, and moves under another unit, by a reorganization (the portal's reorganization
    # screens), which records what it became: its end date is never typed here, and the parent of a
    # unit with a lineage stays as the reorganizations left it.
    def get_readonly_fields(self, request: HttpRequest, obj: AdministrativeUnit | None = None):
        fields = ["valid_to"]
        if obj is not None and (obj.became.exists() or obj.came_from.exists()):
            fields.append("parent")
        return fields

    def get_form(self, request: HttpRequest, obj: AdministrativeUnit | None = None, change=False, **kwargs):
        kwargs["help_texts"] = {
            "valid_to": _(
                "A unit is closed by a reorganization (Work area → Reorganizations), which also "
                "records the units it became."
            ),
            "parent": _("A unit with a lineage moves under another unit by a reorganization."),
        }
        return super().get_form(request, obj, change, **kwargs)

    def save_with_service(
        self, request: HttpRequest, obj: AdministrativeUnit, form, formsets, change: bool
    ) -> None:
        services.save_unit(actor=request.user, unit=obj)

    def delete_with_service(self, request: HttpRequest, obj: AdministrativeUnit) -> None:
        services.delete_unit(actor=request.user, unit=obj)


@admin.register(Organization)
class OrganizationAdmin(PathPickersMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
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
class PersonAdmin(
    PathPickersMixin, ConfidentialAdminMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin
):
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


@admin.register(Authority)
class AuthorityAdmin(PathPickersMixin, ServiceAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The register of authorities. A reorganization ends the authorities of the units it ends and
    opens their successors (``replaced_by``); other changes (a new office, a company) are made
    here. An authority that ends gets an end date and its successor, it is not deleted."""

    list_display = ["name", "kind", "unit", "answer_days", "valid_from", "valid_to", "replaced_by", "is_demo"]
    list_select_related = ["unit", "replaced_by"]
    list_filter = ["kind", DatedStatusFilter, ("unit", admin.RelatedOnlyFieldListFilter), "is_demo"]
    search_fields = ["name"]
    autocomplete_fields = ["unit", "replaced_by"]
    show_auditlog_history_link = True

    def save_with_service(self, request: HttpRequest, obj: Authority, form, formsets, change: bool) -> None:
        services_authorities.save_authority(actor=request.user, authority=obj)

    def delete_with_service(self, request: HttpRequest, obj: Authority) -> None:
        services_authorities.delete_authority(actor=request.user, authority=obj)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class UnitLineageInline(ReadOnlyInline):
    model = UnitLineage
    fields = readonly_fields = ["before", "after", "share"]


class OrganizationLineageInline(ReadOnlyInline):
    model = OrganizationLineage
    fields = readonly_fields = ["before", "after", "share"]


@admin.register(Reorganization)
class ReorganizationAdmin(admin.ModelAdmin):
    """Read only: a reorganization is prepared, carried out and undone in the portal's screens
    (``organizations.views_reorganizations``), through the reorganization services."""

    list_display = ["__str__", "kind", "effective_date", "basis_number", "status", "applied_at"]
    list_filter = ["kind", "status"]
    search_fields = ["basis_number", "basis_body", "note"]
    date_hierarchy = "effective_date"
    inlines = [UnitLineageInline, OrganizationLineageInline]
    readonly_fields = ["plan", "changes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reorganization | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Reorganization | None = None) -> bool:
        return False


class ScopeInline(PathPickersMixin, admin.TabularInline):
    model = Scope
    extra = 0
    autocomplete_fields = ["unit", "organization"]


@admin.register(User)
class UserAdmin(SudoAdminMixin, AuditlogHistoryAdminMixin, DjangoUserAdmin):
    # What an account may see and change is decided by its scopes (below), not by Django's groups
    # and model permissions, which are left out of the page; the portal's account screens
    # (Work area → Accounts) do the same on a phone.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "email")}),
        (_("Portal"), {"fields": ("person", "must_change_password", "is_active", "is_staff")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ["username", "first_name", "last_name", "person", "is_staff", "is_active"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    inlines = [ScopeInline]
    show_auditlog_history_link = True


@admin.register(Scope)
class ScopeAdmin(PathPickersMixin, SudoAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
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
