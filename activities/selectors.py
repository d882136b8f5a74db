"""Reads of the cadre screens of the work log that forms and services share."""

from __future__ import annotations

from django.db.models import QuerySet

from organizations.models import AdministrativeUnit, Person, Position
from organizations.scoping import scope_for


def loggable_units(user) -> QuerySet[AdministrativeUnit]:
    """The units (and residential areas) where ``user`` may log activities."""
    scope = scope_for(user)
    if scope.is_global:
        return AdministrativeUnit.objects.all()
    return AdministrativeUnit.objects.filter(pk__in=scope.work_unit_ids)


def office_holders_for(user) -> QuerySet[Person]:
    """People in ``user``'s scope who hold or held a position: the cadres who can go on a visit."""
    return Person.objects.visible_to(user).filter(pk__in=Position.objects.values("person_id"))
