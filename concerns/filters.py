"""The filters of the concerns inbox. The QuerySet they filter is already scoped, and the
unit choices are only the user's units, so a filter can narrow the inbox but never widen it."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ISO_DATE, DateInput
from organizations.fields import UnitFilter, UnitViewFilter, UnitViewFilterSet

from .forms import units_for_reading
from .models import ConcernCategory, ConcernSource, ConcernStatus, PetitionType


class ConcernFilter(UnitViewFilterSet):
    unit_fields = ("unit", "residential_area")

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ConcernStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ConcernCategory.choices)
    source = django_filters.ChoiceFilter(label=_("Raised at"), choices=ConcernSource.choices)
    petition_type = django_filters.ChoiceFilter(
        label=_("Kind of petition"),
        choices=PetitionType.choices,
        help_text=_("Petitions of this kind only."),
    )
    # The opinions of one voter contact or dialogue (the link "all opinions" of its page).
    activity = django_filters.NumberFilter(field_name="activity", widget=forms.HiddenInput)
    unit = UnitFilter(label=_("Unit or residential area"), chooser=units_for_reading, method="filter_unit")
    view = UnitViewFilter()
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    awaiting = django_filters.BooleanFilter(
        label=_("Awaiting an answer"),
        help_text=_("Received or forwarded, not yet answered."),
        widget=forms.CheckboxInput,
        method="filter_awaiting",
    )
    without_area = django_filters.BooleanFilter(
        label=_("Without a residential area"),
        widget=forms.CheckboxInput,
        field_name="residential_area",
        method="filter_without_area",
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

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if not value:
            return queryset
        return queryset.overdue(timezone.localdate())

    def filter_awaiting(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.unresolved() if value else queryset

    def filter_without_area(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.filter(residential_area__isnull=True) if value else queryset
