"""Choice fields of units, organizations and people, labelled the same way on every form.

Old and new units share names ("Phước Hội" the ward until 30/06/2025, "Phường Phước Hội" since)
and many residential areas are called "Khu phố 1", so a unit is named with the unit above it
and, once it has ended, the date it ended. The QuerySets behind them select the parent
(``select_related("parent")``) so that a long list costs one query.
"""

from __future__ import annotations

import django_filters
from django import forms

from core.formatting import unit_in_text
from core.forms import until

from .models import AdministrativeUnit, Organization, Person


def unit_label(unit: AdministrativeUnit) -> str:
    """``Khu phố 2 – phường Phước Hội``: the unit above is written as inside a sentence."""
    label = unit.name if unit.parent_id is None else f"{unit.name} – {unit_in_text(unit.parent.name)}"
    return until(label, unit.valid_to)


def organization_label(organization: Organization) -> str:
    return until(organization.name, organization.valid_to)


def person_label(person: Person) -> str:
    return f"{person.full_name} ({unit_in_text(person.unit.name)})"


class UnitChoiceField(forms.ModelChoiceField):
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
