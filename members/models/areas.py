"""Residential areas: their household figures, the households visited, and who answers for them.

Coverage ("knock on every door") is households reached over the households of the area. The
household figure of an area is one number per year with its source (``HouseholdFigure``). The
households reached are *distinct* households: a visit may list the households it reached by their
number in the area's list of households (``Household``, a number and nothing else: the name
behind it stays in the area's own book), and each such household and day is one
``HouseholdVisit``. A household visited twice in a year is one household reached that year.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DemoFlag, Recorded
from core.services import ServiceErrors
from organizations.models import AdministrativeUnit, Organization, Person
from organizations.scoping import ScopedQuerySet


class HouseholdFigureQuerySet(ScopedQuerySet):
    unit_lookups = ("residential_area_id",)


class HouseholdFigure(Recorded):
    """How many households and residents an area had in a year, and where the figure comes from."""

    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    households = models.PositiveIntegerField(_("households"))
    residents = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("Where the figure comes from, e.g. the ward police's count of 01/01."),
    )

    objects = HouseholdFigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("household figure")
        verbose_name_plural = _("household figures")
        ordering = ["residential_area__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["residential_area", "year"], name="unique_household_figure_year"),
        ]

    def __str__(self) -> str:
        return f"{self.residential_area} {self.year}"

    def clean(self) -> None:
        errors = ServiceErrors()
        errors.collect(check_residential_area, self, "residential_area")
        if self.year is not None and not 2000 <= self.year <= timezone.localdate().year:
            errors.add("year", _("Enter a year between 2000 and this year."))
        if self.residents is not None and self.households is not None and self.residents < self.households:
            errors.add("residents", _("An area cannot have fewer residents than households."))
        errors.raise_if_any()


class HouseholdQuerySet(ScopedQuerySet):
    unit_lookups = ("residential_area_id",)


class Household(DemoFlag):
    """A household, known only by its number in the area's list of households."""

    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("household number"), max_length=20)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.UniqueConstraint(fields=["residential_area", "code"], name="unique_household_code"),
        ]

    def __str__(self) -> str:
        return self.code


class HouseholdVisit(DemoFlag):
    """A household reached on a day (once per household and day, however many cadres went)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("household visited")
        verbose_name_plural = _("households visited")
        constraints = [
            models.UniqueConstraint(fields=["household", "visited_on"], name="unique_household_visit_day"),
        ]
        indexes = [models.Index(fields=["visited_on"])]

    def __str__(self) -> str:
        return f"{self.household} {self.visited_on:%d/%m/%Y}"


class AssignmentRole(models.TextChoices):
    CADRE = "cadre", _("Cadre in charge")
    WORKING_COMMITTEE = "working_committee", _("Member of the Front working committee")


class AssignmentQuerySet(ScopedQuerySet):
    unit_lookups = ("residential_area_id",)
    org_lookups = ("organization_id",)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


class Assignment(Recorded):
    """A cadre or a working-committee member in charge of a residential area (and of a branch
    there), over dates."""

    person = models.ForeignKey(
        Person, verbose_name=_("person in charge"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=AssignmentRole.choices, default=AssignmentRole.CADRE
    )
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The branch of the area this person answers for, if any."),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment to an area")
        verbose_name_plural = _("assignments to areas")
        ordering = ["residential_area__name", "-start"]
        indexes = [models.Index(fields=["person", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.residential_area}"

    def clean(self) -> None:
        errors = ServiceErrors()
        errors.collect(check_residential_area, self, "residential_area")
        if self.start and self.end and self.end < self.start:
            errors.add("end", _("The end date cannot be before the start date."))
        if (
            self.organization_id
            and self.residential_area_id
            and self.organization.unit_id != self.residential_area_id
        ):
            errors.add("organization", _("Choose a branch of this residential area."))
        errors.raise_if_any()


def check_residential_area(record: models.Model, field: str) -> None:
    """The record's ``field`` must be a village, quarter or street group."""
    if getattr(record, f"{field}_id") is None:
        return
    if not getattr(record, field).is_residential_area:
        raise ValidationError({field: _("Choose a village, quarter or street group.")})
