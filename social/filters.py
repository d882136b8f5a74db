"""Filters of the social lists. The QuerySets they filter are already scoped and the unit choices
are only the user's, so a filter narrows a list but never widens it."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.choosers import chooser
from organizations.fields import OrganizationFilter, UnitFilter, UnitViewFilter, UnitViewFilterSet
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization, OrganizationKind

from .forms_common import current_first, units_for_reading
from .models import (
    ENTRUSTING_KINDS,
    CommendationLevel,
    GroupRating,
    HouseStatus,
    HouseWork,
    ModelField,
    SpendingPurpose,
)

FIRST_YEAR = 2015


def year_choices() -> list[tuple[int, int]]:
    return [(year, year) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


@chooser("organization")
def readable_committees(user) -> QuerySet[Organization]:
    """The Front committees ``user`` sees."""
    return current_first(Organization.objects.visible_to(user).filter(kind=OrganizationKind.FRONT_COMMITTEE))


class GroupFilter(UnitViewFilterSet):
    unit = UnitFilter(label=_("Ward or commune"), chooser=units_for_reading, method="filter_unit")
    view = UnitViewFilter()
    association = django_filters.ChoiceFilter(
        label=_("Managing association"),
        choices=[(kind.value, kind.label) for kind in ENTRUSTING_KINDS],
        field_name="association__kind",
    )
    rating = django_filters.ChoiceFilter(label=_("Rating"), choices=GroupRating.choices)
    open_only = django_filters.BooleanFilter(
        label=_("Open groups only"), widget=forms.CheckboxInput, method="filter_open"
    )

    def filter_open(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=True) if value else queryset


class HouseFilter(UnitViewFilterSet):
    unit = UnitFilter(label=_("Ward or commune"), chooser=units_for_reading, method="filter_unit")
    view = UnitViewFilter()
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HouseStatus.choices)
    work = django_filters.ChoiceFilter(label=_("Work"), choices=HouseWork.choices)
    year = django_filters.TypedChoiceFilter(
        label=_("Handed over in"), choices=year_choices, coerce=int, field_name="handed_over_on__year"
    )


def _public_units(request) -> QuerySet[AdministrativeUnit]:
    """Wards and communes (today's first) with a handed-over house."""
    from .models import GreatUnityHouse

    handed_over = GreatUnityHouse.objects.handed_over()
    return (
        AdministrativeUnit.objects.filter(
            Q(pk__in=handed_over.values("unit__parent_id")) | Q(pk__in=handed_over.values("unit_id")),
            kind__in=COMMUNE_LEVEL_KINDS,
        )
        .select_related("parent")
        .order_by("-valid_from", "name")
    )


class PublicHouseFilter(UnitViewFilterSet):
    unit = UnitFilter(label=_("Ward or commune"), queryset=_public_units, method="filter_unit")
    view = UnitViewFilter()
    work = django_filters.ChoiceFilter(label=_("Work"), choices=HouseWork.choices)
    year = django_filters.TypedChoiceFilter(
        label=_("Handed over in"), choices=year_choices, coerce=int, field_name="handed_over_on__year"
    )


class FundRowFilter(django_filters.FilterSet):
    committee = OrganizationFilter(label=_("Front committee"), chooser=readable_committees)
    year = django_filters.TypedChoiceFilter(
        label=_("Year"), choices=year_choices, coerce=int, field_name="date__year"
    )


class SpendingFilter(FundRowFilter):
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=SpendingPurpose.choices)


class ModelFilter(django_filters.FilterSet):
    field = django_filters.ChoiceFilter(label=_("Field"), choices=ModelField.choices)
    year = django_filters.TypedChoiceFilter(label=_("Year"), choices=year_choices, coerce=int)
    is_published = django_filters.BooleanFilter(label=_("Published"))


class CommendationFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=CommendationLevel.choices)
    year = django_filters.TypedChoiceFilter(
        label=_("Year"), choices=year_choices, coerce=int, field_name="decision_date__year"
    )
