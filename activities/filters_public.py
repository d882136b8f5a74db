"""Filters of the public activity list: organization, unit, kind and period."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from organizations.fields import OrganizationFilter, UnitFilter
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import unit_and_below

from .forms import ACTIVITY_UNIT_KINDS, current_first
from .models import ActivityKind

FIRST_YEAR = 2020


def year_choices() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class PublicActivityFilter(django_filters.FilterSet):
    """Choices are the public units (ward/commune level, old and new) and their organizations."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All kinds")
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=AdministrativeUnit.objects.none(),
        method="filter_unit",
        empty_label=_("All units"),
        help_text=_("A unit formed in 2025 includes the wards and communes merged into it."),
    )
    organization = OrganizationFilter(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        field_name="organizations",
        empty_label=_("All organizations"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        choices=year_choices,
        field_name="date",
        lookup_expr="year",
        empty_label=_("Any year"),
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="date", lookup_expr="gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="date", lookup_expr="lte", widget=DateInput()
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = current_first(
            AdministrativeUnit.objects.filter(kind__in=ACTIVITY_UNIT_KINDS).select_related("parent")
        )
        self.filters["organization"].queryset = current_first(
            Organization.objects.filter(unit__kind__in=ACTIVITY_UNIT_KINDS).only("pk", "name", "valid_to")
        )

    def filter_unit(self, queryset: QuerySet, name: str, value: AdministrativeUnit | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(unit_id__in=unit_and_below(value, with_predecessors=True))


def has_filter_values(filterset: PublicActivityFilter) -> bool:
    return filterset.is_bound and any(filterset.data.get(name) for name in filterset.filters)
