"""The filters of the concerns inbox. The QuerySet they filter is already scoped, and the
unit choices are only the user's units, so a filter can narrow the inbox but never widen it."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ISO_DATE, DateInput
from organizations.fields import UnitFilter
from organizations.models import AdministrativeUnit
from organizations.scoping import unit_and_below

from .forms import units_for_reading
from .models import ConcernCategory, ConcernStatus


def _units(request) -> QuerySet[AdministrativeUnit]:
    if request is None:
        return AdministrativeUnit.objects.none()
    return units_for_reading(request.user)


class ConcernFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConcernStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ConcernCategory.choices)
    unit = UnitFilter(label=_("Unit or residential area"), queryset=_units, method="filter_unit")
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    received_after = django_filters.DateFilter(
        label=_("Received from"),
        field_name="received_on",
        lookup_expr="gte",
        widget=DateInput(),
        input_formats=[ISO_DATE],
    )
    received_before = django_filters.DateFilter(
        label=_("Received until"),
        field_name="received_on",
        lookup_expr="lte",
        widget=DateInput(),
        input_formats=[ISO_DATE],
    )

    def filter_unit(self, queryset: QuerySet, name: str, value: AdministrativeUnit | None) -> QuerySet:
        if value is None:
            return queryset
        ids = unit_and_below(value)
        return queryset.filter(Q(unit_id__in=ids) | Q(residential_area_id__in=ids))

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.overdue(timezone.localdate())
