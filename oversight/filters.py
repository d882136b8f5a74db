"""Filters of the oversight lists. The QuerySets they filter are already scoped and the unit
choices are only the user's units, so a filter narrows a list but never widens it."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerns.forms import units_for_reading
from core.folding import containing
from organizations.choosers import chooser
from organizations.fields import UnitFilter, UnitViewFilter, UnitViewFilterSet
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit

from .models import (
    FundingSource,
    Implementation,
    InspectionTrigger,
    OriginKind,
    ProjectStage,
    RecommendationStatus,
    SupervisionKind,
)


@chooser("unit")
def readable_communes(user) -> QuerySet[AdministrativeUnit]:
    """The wards and communes ``user`` reads."""
    return units_for_reading(user).filter(kind__in=COMMUNE_LEVEL_KINDS)


class RecommendationFilter(UnitViewFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RecommendationStatus.choices)
    implementation = django_filters.ChoiceFilter(label=_("Implementation"), choices=Implementation.choices)
    origin = django_filters.ChoiceFilter(
        label=_("Origin"), choices=OriginKind.choices, method="filter_origin"
    )
    unit = UnitFilter(label=_("Ward or commune"), chooser=readable_communes, method="filter_unit")
    view = UnitViewFilter()
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue"
    )

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return containing(queryset, value, "content", "authority__name", "document_number")

    def filter_origin(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{value}__isnull": False})

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.overdue(timezone.localdate()) if value else queryset


class ProjectFilter(UnitViewFilterSet):
    unit = UnitFilter(label=_("Ward or commune"), chooser=readable_communes, method="filter_unit")
    view = UnitViewFilter()
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=ProjectStage.choices)
    funding_source = django_filters.ChoiceFilter(label=_("Funding source"), choices=FundingSource.choices)


def _public_units(request) -> QuerySet[AdministrativeUnit]:
    """Wards and communes that have a monitored project (today's first)."""
    from .models import Project

    return (
        AdministrativeUnit.objects.filter(pk__in=Project.objects.monitored().values("unit_id"))
        .select_related("parent")
        .order_by("-valid_from", "name")
    )


class PublicProjectFilter(ProjectFilter):
    unit = UnitFilter(label=_("Ward or commune"), queryset=_public_units, method="filter_unit")
    view = UnitViewFilter()


class InspectionFilter(UnitViewFilterSet):
    unit_fields = "board__unit"

    trigger = django_filters.ChoiceFilter(label=_("Started from"), choices=InspectionTrigger.choices)
    unit = UnitFilter(label=_("Ward or commune"), chooser=readable_communes, method="filter_unit")
    view = UnitViewFilter()
    year = django_filters.NumberFilter(label=_("Year"), field_name="start", lookup_expr="year")


class SupervisionFilter(UnitViewFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SupervisionKind.choices)
    unit = UnitFilter(label=_("Ward or commune"), chooser=readable_communes, method="filter_unit")
    view = UnitViewFilter()
    year = django_filters.NumberFilter(label=_("Year"), field_name="start", lookup_expr="year")
