"""Filters of the work log list. Choices are limited to what the cadre may see."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from organizations.choosers import chooser
from organizations.fields import OrganizationFilter, UnitFilter, UnitViewFilter, UnitViewFilterSet
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .forms import ACTIVITY_UNIT_KINDS, current_first
from .models import ActivityKind, Visibility


@chooser("unit")
def readable_units(user) -> QuerySet:
    scope = scope_for(user)
    units = AdministrativeUnit.objects.filter(kind__in=ACTIVITY_UNIT_KINDS).select_related("parent")
    return current_first(scope.work_units(units))


@chooser("organization")
def readable_organizations(user) -> QuerySet:
    return current_first(Organization.objects.visible_to(user))


class ActivityFilter(UnitViewFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices)
    unit = UnitFilter(label=_("Unit"), chooser=readable_units, method="filter_unit")
    view = UnitViewFilter()
    organization = OrganizationFilter(
        label=_("Organization"), chooser=readable_organizations, field_name="organizations"
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )
    visibility = django_filters.ChoiceFilter(label=_("Visibility"), choices=Visibility.choices)

    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)
