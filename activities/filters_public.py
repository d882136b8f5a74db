"""Filters of the public activity list: organization, unit, kind and period."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from organizations.fields import OrganizationFilter, UnitFilter, UnitViewFilter, UnitViewFilterSet
from organizations.models import AdministrativeUnit, Organization

from .forms import ACTIVITY_UNIT_KINDS, current_first
from .models import ActivityKind

FIRST_YEAR = 2020


def year_choices() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(timezone.localdate().year + 1, FIRST_YEAR - 1, -1)]


class PublicActivityFilter(UnitViewFilterSet):
    """Choices are the public units (ward/commune level, old and new) and their organizations."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All kinds")
    )
    unit = UnitFilter(
        label=_("Unit"),
        queryset=AdministrativeUnit.objects.none(),
        method="filter_unit",
        empty_label=_("All units"),
    )
    view = UnitViewFilter()
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


def has_filter_values(filterset: PublicActivityFilter) -> bool:
    """Whether the visitor chose something (the view alone changes nothing without a unit)."""
    chosen = (name for name in filterset.filters if name != "view")
    return filterset.is_bound and any(filterset.data.get(name) for name in chosen)
