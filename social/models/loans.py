"""Savings-and-loan groups (tổ Tiết kiệm và vay vốn) and the figures of their loans.

The Bank for Social Policies lends to poor and policy households through the groups, each
managed by one of the four entrusting associations (Women, Farmers, Veterans, Youth). The portal
keeps the groups and, per group and date, a snapshot of the loan portfolio by lending programme:
outstanding balance, overdue, frozen, borrowers. No individual borrower or loan is ever stored;
only these aggregates are, and only they may reach a report or a public page.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet

from .common import (
    ENTRUSTING_KINDS,
    NOT_NEGATIVE_COUNT,
    NOT_NEGATIVE_MONEY,
    add_error,
    check_not_future,
    check_period,
    raise_errors,
    ratio_percent,
    unit_existed,
)


class GroupRating(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    AVERAGE = "average", _("Average")
    WEAK = "weak", _("Weak")


class LendingProgramme(models.TextChoices):
    POOR = "poor", _("Poor households")
    NEAR_POOR = "near_poor", _("Near-poor households")
    ESCAPED_POVERTY = "escaped_poverty", _("Households newly out of poverty")
    STUDENTS = "students", _("Disadvantaged students")
    JOBS = "jobs", _("Job creation")
    WATER = "water", _("Clean water and rural sanitation")
    DIFFICULT_AREAS = "difficult_areas", _("Production in difficult areas")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Other programmes")


class SavingsGroupQuerySet(ScopedQuerySet):
    """Groups in the user's units, or managed by one of the user's associations (or their branches)."""

    unit_lookups = ("unit_id",)
    org_lookups = ("association_id",)

    def open_on(self, on: datetime.date):
        return self.filter(founded_on__lte=on).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=on))


class SavingsGroup(Recorded):
    code = models.CharField(
        _("group code"),
        max_length=30,
        unique=True,
        help_text=_("The code of the group on the Bank for Social Policies' sheets."),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village, quarter or street group where the group's members live, today."),
    )
    association = models.ForeignKey(
        Organization,
        verbose_name=_("managing association"),
        on_delete=models.PROTECT,
        related_name="savings_groups",
        help_text=_("The Women's Union, Farmers', Veterans' Association or Youth Union (or its branch)."),
    )
    leader = models.CharField(
        _("group leader"), max_length=150, blank=True, help_text=_("Shown only to cadres.")
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    founded_on = models.DateField(_("founded on"))
    rating = models.CharField(
        _("rating"), max_length=10, choices=GroupRating.choices, default=GroupRating.GOOD
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Only for cadres; never published."))

    objects = SavingsGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("savings-and-loan group")
        verbose_name_plural = _("savings-and-loan groups")
        ordering = ["code"]
        indexes = [models.Index(fields=["association", "unit"])]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("social:group_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        unit = self.unit if self.unit_id else None
        association = self.association if self.association_id else None
        if unit is not None and not unit.is_residential_area:
            add_error(errors, "unit", _("Choose a village, quarter or street group."))
        if association is not None:
            if association.kind not in ENTRUSTING_KINDS:
                add_error(
                    errors,
                    "association",
                    _("Choose the Women's Union, Farmers', Veterans' Association or Youth Union."),
                )
            elif unit is not None and association.unit_id not in (unit.pk, unit.parent_id):
                add_error(
                    errors, "association", _("The association must work in the group's ward or commune.")
                )
        check_not_future(errors, "founded_on", self.founded_on)
        check_not_future(errors, "closed_on", self.closed_on)
        check_period(errors, self.founded_on, self.closed_on, "closed_on")
        raise_errors(errors)


def area_on(group: SavingsGroup, on: datetime.date, predecessors: dict[int, list] | None = None):
    """The residential area the group was in on ``on``: its area, or the one merged into it then.

    ``predecessors`` (area id → the areas merged into it) saves a query per group in a loop.
    """
    area = group.unit
    seen: set[int] = set()
    while not unit_existed(area, on) and area.pk not in seen:
        seen.add(area.pk)
        if predecessors is None:
            earlier = list(AdministrativeUnit.objects.filter(became__after=area).order_by("code"))
        else:
            earlier = predecessors.get(area.pk, [])
        existing = [unit for unit in earlier if unit_existed(unit, on)] or earlier
        if not existing:
            break
        area = existing[0]
    return area


class LoanImport(Recorded):
    """One import of the bank's sheet: who, when, which file, and what it wrote (the audited record
    of a write that bulk-creates its snapshots)."""

    file_name = models.CharField(_("file"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    snapshots_created = models.PositiveIntegerField(_("snapshots created"), default=0)
    snapshots_replaced = models.PositiveIntegerField(_("snapshots replaced"), default=0)

    class Meta:
        verbose_name = _("import of the bank's sheet")
        verbose_name_plural = _("imports of the bank's sheet")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class SnapshotSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from the bank's sheet")


class LoanSnapshotQuerySet(ScopedQuerySet):
    unit_lookups = ("group__unit_id",)
    org_lookups = ("group__association_id",)

    def latest_on(self, on: datetime.date):
        """For each group, its last snapshot on or before ``on``."""
        latest = (
            LoanSnapshot.objects.filter(group_id=models.OuterRef("group_id"), date__lte=on)
            .order_by("-date", "-pk")
            .values("pk")[:1]
        )
        return self.filter(date__lte=on, pk=models.Subquery(latest))


class LoanSnapshot(Recorded):
    """A group's loan portfolio on a date, with its totals (the sum of its programme lines)."""

    group = models.ForeignKey(
        SavingsGroup, verbose_name=_("group"), on_delete=models.CASCADE, related_name="snapshots"
    )
    date = models.DateField(_("date"))
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area on that date"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    source = models.CharField(
        _("source"), max_length=10, choices=SnapshotSource.choices, default=SnapshotSource.MANUAL
    )
    loan_import = models.ForeignKey(
        LoanImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="snapshots",
        editable=False,
    )
    outstanding_vnd = models.BigIntegerField(_("outstanding balance (VND)"), default=0, editable=False)
    overdue_vnd = models.BigIntegerField(_("overdue (VND)"), default=0, editable=False)
    frozen_vnd = models.BigIntegerField(_("frozen (VND)"), default=0, editable=False)
    borrowers = models.IntegerField(_("borrowers"), default=0, editable=False)

    objects = LoanSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan snapshot")
        verbose_name_plural = _("loan snapshots")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="unique_loan_snapshot_date"),
            models.CheckConstraint(
                condition=Q(outstanding_vnd__gte=0)
                & Q(overdue_vnd__gte=0)
                & Q(frozen_vnd__gte=0)
                & Q(borrowers__gte=0)
                & Q(overdue_vnd__lte=F("outstanding_vnd")),
                name="loan_snapshot_totals_sound",
                violation_error_message=_("The overdue amount cannot be above the outstanding balance."),
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.group.code} – {self.date:%d/%m/%Y}"

    @property
    def overdue_ratio(self) -> Decimal | None:
        return ratio_percent(self.overdue_vnd, self.outstanding_vnd)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_not_future(errors, "date", self.date)
        if self.group_id and self.date and self.date < self.group.founded_on:
            add_error(errors, "date", _("The group was founded after this date."))
        raise_errors(errors)


class LoanSnapshotLine(models.Model):
    """The figures of one lending programme in a snapshot."""

    snapshot = models.ForeignKey(
        LoanSnapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="lines"
    )
    programme = models.CharField(_("lending programme"), max_length=20, choices=LendingProgramme.choices)
    outstanding_vnd = models.BigIntegerField(
        _("outstanding balance (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    overdue_vnd = models.BigIntegerField(_("overdue (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY])
    frozen_vnd = models.BigIntegerField(_("frozen (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY])
    borrowers = models.IntegerField(_("borrowers"), default=0, validators=[NOT_NEGATIVE_COUNT])

    class Meta:
        verbose_name = _("programme figures")
        verbose_name_plural = _("programme figures")
        ordering = ["snapshot", "programme"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "programme"], name="unique_snapshot_programme"),
            models.CheckConstraint(
                condition=Q(outstanding_vnd__gte=0)
                & Q(overdue_vnd__gte=0)
                & Q(frozen_vnd__gte=0)
                & Q(borrowers__gte=0),
                name="loan_line_not_negative",
                violation_error_message=_("Amounts and counts cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(overdue_vnd__lte=F("outstanding_vnd")) & Q(frozen_vnd__lte=F("outstanding_vnd")),
                name="loan_line_parts_within_balance",
                violation_error_message=_("Overdue and frozen amounts are parts of the outstanding balance."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_programme_display()

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.overdue_vnd is not None and self.outstanding_vnd is not None:
            if self.overdue_vnd > self.outstanding_vnd:
                add_error(
                    errors, "overdue_vnd", _("The overdue amount cannot be above the outstanding balance.")
                )
            if self.frozen_vnd is not None and self.frozen_vnd > self.outstanding_vnd:
                add_error(
                    errors, "frozen_vnd", _("The frozen amount cannot be above the outstanding balance.")
                )
        raise_errors(errors)
