"""Filters of the cadre directories. They narrow a queryset that is already scoped."""

from __future__ import annotations

from collections import defaultdict

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.folding import containing

from .choosers import chooser
from .fields import UnitFilter
from .forms import current_first
from .models import AdministrativeUnit, OrganizationKind
from .scoping import descendants, scope_for


@chooser("unit")
def visible_units(user) -> QuerySet:
    """Units to filter on: those in the user's scope, and for an organization scope the
    units where its organizations work."""
    return current_first(scope_for(user).work_units(AdministrativeUnit.objects.select_related("parent")))


class OrganizationFilter(django_filters.FilterSet):
    STATUS_CURRENT = "current"
    STATUS_ENDED = "ended"

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    unit = UnitFilter(
        label=_("Unit (and its sub-units)"),
        chooser=visible_units,
        method="filter_unit",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(STATUS_CURRENT, _("Current")), (STATUS_ENDED, _("Ended"))],
        method="filter_status",
        empty_label=_("All"),
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("kind", "kind"), ("unit__name", "unit"), ("valid_from", "valid_from")),
        field_labels={
            "name": _("Name"),
            "kind": _("Kind"),
            "unit__name": _("Unit"),
            "valid_from": _("Start date"),
        },
    )

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return containing(queryset, value, "name")

    def filter_unit(self, queryset: QuerySet, name: str, value: AdministrativeUnit | None) -> QuerySet:
        if value is None:
            return queryset
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent_id in AdministrativeUnit.objects.filter(parent__isnull=False).values_list(
            "pk", "parent_id"
        ):
            children[parent_id].append(pk)
        return queryset.filter(unit_id__in=descendants([value.pk], children))

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = timezone.localdate()
        if value == self.STATUS_CURRENT:
            return queryset.current(today)
        if value == self.STATUS_ENDED:
            return queryset.filter(Q(valid_to__lt=today) | Q(valid_from__gt=today))
        return queryset


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name contains"), method="filter_name")

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return containing(queryset, value, "full_name")
