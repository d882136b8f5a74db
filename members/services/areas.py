"""Writes of the residential areas: household figures, assignments, and the households a visit reached."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import set_actor
from organizations.models import AdministrativeUnit
from organizations.scoping import outside_scope_error, scope_for

from ..models import Assignment, Household, HouseholdFigure, HouseholdVisit

# How many households one visit may list, and how long a household's number may be.
MAX_HOUSEHOLDS_PER_VISIT = 200
HOUSEHOLD_CODE_LENGTH = 20
_SEPARATORS = re.compile(r"[\s,;]+")


def _may_keep_area(actor, area: AdministrativeUnit | None) -> bool:
    return area is not None and AdministrativeUnit.objects.editable_by(actor).filter(pk=area.pk).exists()


def save_household_figure(*, actor, figure: HouseholdFigure) -> HouseholdFigure:
    """A year's household figure of an area, kept by the cadres of the area's unit."""
    area = figure.residential_area if figure.residential_area_id else None
    if figure.pk is not None and not HouseholdFigure.objects.editable_by(actor).filter(pk=figure.pk).exists():
        raise outside_scope_error()
    if area is not None and not _may_keep_area(actor, area):
        raise outside_scope_error("residential_area")
    figure.full_clean()
    with transaction.atomic(), set_actor(actor):
        if figure.created_by_id is None:
            figure.created_by = actor
        figure.save()
    return figure


def save_assignment(*, actor, assignment: Assignment) -> Assignment:
    """Who answers for an area: kept by the area's unit cadres, or the branch's own cadres."""
    if (
        assignment.pk is not None
        and not Assignment.objects.editable_by(actor).filter(pk=assignment.pk).exists()
    ):
        raise outside_scope_error()
    area = assignment.residential_area if assignment.residential_area_id else None
    scope = scope_for(actor)
    by_branch = assignment.organization_id is not None and scope.can_write_org(assignment.organization_id)
    if area is not None and not (by_branch or _may_keep_area(actor, area)):
        raise outside_scope_error("residential_area")
    assignment.full_clean()
    with transaction.atomic(), set_actor(actor):
        if assignment.created_by_id is None:
            assignment.created_by = actor
        assignment.save()
    return assignment


def parse_household_codes(text: str) -> list[str]:
    """The household numbers typed for a visit ("12, 15 31"), each once, in the order typed."""
    codes = [code for code in _SEPARATORS.split(text or "") if code]
    if any(len(code) > HOUSEHOLD_CODE_LENGTH for code in codes):
        raise ValidationError(
            _("A household number has at most %(max)s characters.") % {"max": HOUSEHOLD_CODE_LENGTH}
        )
    unique = list(dict.fromkeys(code.upper() for code in codes))
    if len(unique) > MAX_HOUSEHOLDS_PER_VISIT:
        raise ValidationError(
            _("List at most %(max)s households for one visit.") % {"max": MAX_HOUSEHOLDS_PER_VISIT}
        )
    return unique


def record_household_visits(
    *, actor, residential_area: AdministrativeUnit, visited_on: datetime.date, codes: list[str]
) -> int:
    """Record that the households numbered ``codes`` in the area were reached on ``visited_on``.

    A household not yet known in the area is added by its number; a household already recorded
    that day is not recorded again. Returns the number of households listed. Runs inside the
    caller's transaction when there is one (the visit's), so both are saved or neither.
    """
    if not codes:
        return 0
    scope = scope_for(actor)
    if not scope.is_global and residential_area.pk not in scope.work_unit_ids:
        raise outside_scope_error("residential_area")
    with transaction.atomic(), set_actor(actor):
        Household.objects.bulk_create(
            [Household(residential_area=residential_area, code=code) for code in codes], ignore_conflicts=True
        )
        households = Household.objects.filter(residential_area=residential_area, code__in=codes)
        HouseholdVisit.objects.bulk_create(
            [HouseholdVisit(household=h, visited_on=visited_on, created_by=actor) for h in households],
            ignore_conflicts=True,
        )
    return len(codes)
