"""Choice fields of units, organizations and people, labelled the same way on every form.

Old and new units share names ("Phước Hội" the ward until 30/06/2025, "Phường Phước Hội" since)
and many residential areas are called "Khu phố 1", so a unit is named with the unit above it
and, once it has ended, the date it ended. The QuerySets behind them select the parent
(``select_related("parent")``) so that a long list costs one query.
"""

from __future__ import annotations

from itertools import groupby

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key, unit_in_text
from core.forms import until

from .lineage import View, unit_condition
from .models import AdministrativeUnit, Organization, Person


def unit_label(unit: AdministrativeUnit) -> str:
    """``Khu phố 2 – phường Phước Hội``: the unit above is written as inside a sentence."""
    label = unit.name if unit.parent_id is None else f"{unit.name} – {unit_in_text(unit.parent.name)}"
    return until(label, unit.valid_to)


def organization_label(organization: Organization) -> str:
    return until(organization.name, organization.valid_to)


def person_label(person: Person) -> str:
    return f"{person.full_name} ({unit_in_text(person.unit.name)})"


def natural_runs(units) -> list[AdministrativeUnit]:
    """``units`` in their QuerySet's order, but each run of units under the same unit (and equally
    current) sorted by name as people count: "Khu phố 2" before "Khu phố 10"."""
    ordered: list[AdministrativeUnit] = []
    for _key, run in groupby(units, key=lambda unit: (unit.parent_id, unit.valid_to is None)):
        ordered.extend(sorted(run, key=lambda unit: natural_key(unit.name)))
    return ordered


class NaturalOrderIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in natural_runs(self.queryset):
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):
    iterator = NaturalOrderIterator

    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class OrganizationsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class _UnitFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:
        return unit_label(obj)


class _OrganizationFilterField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return organization_label(obj)


class UnitFilter(django_filters.ModelChoiceFilter):
    """A filter by unit, its choices labelled like ``UnitChoiceField``."""

    field_class = _UnitFilterField


class OrganizationFilter(django_filters.ModelChoiceFilter):
    """A filter by organization, its choices labelled like ``OrganizationChoiceField``."""

    field_class = _OrganizationFilterField


# "As it is now" first and by default: a leader comparing 2021 with 2026 counts by today's units;
# "as it was" (the unit a record was logged in) is the other choice, one click away.
DEFAULT_VIEW = View.AS_IT_IS
VIEW_CHOICES = [(view.value, capfirst(view.label)) for view in (View.AS_IT_IS, View.AS_IT_WAS)]


def view_of(data) -> str:
    """The view asked for in ``data`` (``request.GET``): ``?view=now`` or ``?view=was``, else the default."""
    view = data.get("view") if data is not None else None
    return view if view in View.values else DEFAULT_VIEW


class UnitViewFilter(django_filters.ChoiceFilter):
    """How the unit filters of a ``UnitViewFilterSet`` apply: "as it is now" or "as it was"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("View the units"))
        kwargs.setdefault(
            "help_text",
            _(
                "As it is now, a unit includes the records of the units that became part of it; "
                "as it was, only the records logged in it."
            ),
        )
        super().__init__(
            choices=VIEW_CHOICES,
            empty_label=None,
            initial=DEFAULT_VIEW,
            widget=forms.RadioSelect,
            method=lambda queryset, name, value: queryset,  # read by ``filter_unit``, not a filter itself
            **kwargs,
        )


class UnitViewFilterSet(django_filters.FilterSet):
    """A FilterSet whose unit filter follows the chosen view.

    Declare ``unit = UnitFilter(..., method="filter_unit")`` and ``view = UnitViewFilter()`` next
    to it; ``unit_fields`` names the records' unit foreign key (or several: a record matches when
    any of them lies in the unit). The condition is ``organizations.lineage.unit_condition``, in
    the database, at the same number of queries in both views.
    """

    unit_fields: str | tuple[str, ...] = "unit"

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None and data.get("view") != view_of(data):
            data = data.copy()  # a form sent without a view (a link "?unit=…") shows the default
            data["view"] = DEFAULT_VIEW
        super().__init__(data, *args, **kwargs)

    def chosen_view(self) -> str:
        return self.form.cleaned_data.get("view") or DEFAULT_VIEW

    def filter_unit(self, queryset: QuerySet, name: str, value: AdministrativeUnit | None) -> QuerySet:
        """The records in ``value`` (and below it), as it is now or as it was."""
        if value is None:
            return queryset
        return queryset.filter(unit_condition(self.unit_fields, value, self.chosen_view()))
