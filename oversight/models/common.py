"""What the oversight models share: scoped QuerySets, the money and count validators, date checks."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.scoping import scope_for

NOT_NEGATIVE_MONEY = MinValueValidator(0, message=_("An amount of money cannot be negative."))
NOT_NEGATIVE_COUNT = MinValueValidator(0, message=_("A count cannot be negative."))
NOT_NEGATIVE_AREA = MinValueValidator(0, message=_("An area of land cannot be negative."))
PERCENT = (
    MinValueValidator(0, message=_("Progress is a percentage between 0 and 100.")),
    MaxValueValidator(100, message=_("Progress is a percentage between 0 and 100.")),
)


def check_period(errors: dict[str, list], start, end, end_field: str = "end") -> None:
    """Add an error on ``end_field`` when the period ends before it starts."""
    if start and end and end < start:
        errors.setdefault(end_field, []).append(_("The end date cannot be before the start date."))


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def _any_of(lookups: Iterable[str], ids: Iterable[int]) -> Q | None:
    condition: Q | None = None
    for lookup in lookups:
        part = Q(**{f"{lookup}__in": ids})
        condition = part if condition is None else condition | part
    return condition


class ScopedQuerySet(models.QuerySet):
    """``visible_to`` / ``editable_by`` from the user's scope (``organizations.scoping``).

    A row is visible when one of its unit lookups is among the user's readable units, or
    one of its organization lookups among the user's readable organizations (a board
    member's account is scoped to their board). Writing may follow fewer lookups than
    reading: a board member reads the projects of their board but does not keep the
    commune's register of projects.
    """

    unit_lookups: tuple[str, ...] = ()
    org_lookups: tuple[str, ...] = ()
    write_unit_lookups: tuple[str, ...] | None = None
    write_org_lookups: tuple[str, ...] | None = None

    def _within(self, unit_lookups, org_lookups, unit_ids, org_ids):
        parts = [
            part
            for part in (_any_of(unit_lookups, unit_ids), _any_of(org_lookups, org_ids))
            if part is not None
        ]
        if not parts:
            return self.none()
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return self.filter(condition)

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_global:
            return self.all()
        if scope.is_empty:
            return self.none()
        return self._within(
            self.unit_lookups, self.org_lookups, scope.readable_unit_ids, scope.readable_org_ids
        )

    def editable_by(self, user):
        scope = scope_for(user)
        if scope.is_global:
            return self.all()
        if not scope.can_write:
            return self.none()
        unit_lookups = self.unit_lookups if self.write_unit_lookups is None else self.write_unit_lookups
        org_lookups = self.org_lookups if self.write_org_lookups is None else self.write_org_lookups
        return self._within(unit_lookups, org_lookups, scope.writable_unit_ids, scope.writable_org_ids)
