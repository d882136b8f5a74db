"""The People's Inspection Board's work: annual work plans, inspections and reports."""

from __future__ import annotations

import calendar
import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import quarter
from core.models import DemoFlag, Recorded
from organizations.models import Organization, OrganizationKind
from organizations.scoping import ScopedQuerySet

from .boards import require_kind
from .choices import InspectionTrigger, ReportPeriod
from .common import (
    NOT_NEGATIVE_AREA,
    NOT_NEGATIVE_COUNT,
    NOT_NEGATIVE_MONEY,
    check_period,
    raise_errors,
)


class BoardScopedQuerySet(ScopedQuerySet):
    """Rows that belong to a board: the board's unit or the board itself."""

    unit_lookups = ("board__unit_id",)
    org_lookups = ("board_id",)


class InspectionWorkPlan(DemoFlag):
    """The People's Inspection Board's work plan for one year."""

    board = models.ForeignKey(
        Organization,
        verbose_name=_("board"),
        on_delete=models.PROTECT,
        related_name="inspection_plans",
        limit_choices_to={"kind": OrganizationKind.INSPECTION_BOARD},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    content = models.TextField(_("content"))

    objects = BoardScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection work plan")
        verbose_name_plural = _("inspection work plans")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["board", "year"], name="unique_inspection_plan_year")]

    def __str__(self) -> str:
        return _("Work plan %(year)s") % {"year": self.year}

    def clean(self) -> None:
        errors: dict[str, list] = {}
        require_kind(
            errors,
            "board",
            self.board if self.board_id else None,
            OrganizationKind.INSPECTION_BOARD,
            _("Choose a People's Inspection Board."),
        )
        if self.year is not None and not 2000 <= self.year <= timezone.localdate().year + 1:
            errors.setdefault("year", []).append(_("Enter a year between 2000 and next year."))
        raise_errors(errors)


class InspectionQuerySet(BoardScopedQuerySet):
    def newest_first(self):
        return self.order_by("-start", "-pk")


class Inspection(Recorded):
    """One inspection by a People's Inspection Board, with what it found and recovered."""

    board = models.ForeignKey(
        Organization,
        verbose_name=_("board"),
        on_delete=models.PROTECT,
        related_name="inspections",
        limit_choices_to={"kind": OrganizationKind.INSPECTION_BOARD},
    )
    trigger = models.CharField(_("started from"), max_length=20, choices=InspectionTrigger.choices)
    plan = models.ForeignKey(
        InspectionWorkPlan,
        verbose_name=_("work plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    concern = models.ForeignKey(
        "concerns.Concern",
        verbose_name=_("resident's concern"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    petition_reference = models.CharField(
        _("petition reference"),
        max_length=120,
        blank=True,
        help_text=_("The petition's number or date of receipt; never the petitioner's name."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    violations_found = models.IntegerField(_("violations found"), default=0, validators=[NOT_NEGATIVE_COUNT])
    money_recovered_vnd = models.BigIntegerField(
        _("money recovered (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    land_recovered_m2 = models.DecimalField(
        _("land recovered (m²)"), max_digits=12, decimal_places=1, default=0, validators=[NOT_NEGATIVE_AREA]
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["board", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(violations_found__gte=0)
                & Q(money_recovered_vnd__gte=0)
                & Q(land_recovered_m2__gte=0),
                name="inspection_figures_not_negative",
                violation_error_message=_("Counts, money and land cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="inspection_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("oversight:inspection_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_period(errors, self.start, self.end)
        require_kind(
            errors,
            "board",
            self.board if self.board_id else None,
            OrganizationKind.INSPECTION_BOARD,
            _("Choose a People's Inspection Board."),
        )
        if self.trigger == InspectionTrigger.PLAN:
            if self.plan_id is None:
                errors.setdefault("plan", []).append(_("Choose the work plan this inspection belongs to."))
            elif self.board_id is not None and self.plan.board_id != self.board_id:
                errors.setdefault("plan", []).append(_("The work plan must be the same board's."))
        if self.trigger == InspectionTrigger.CONCERN and self.concern_id is None:
            errors.setdefault("concern", []).append(_("Give the tracking code of the concern."))
        if self.trigger == InspectionTrigger.PETITION and not self.petition_reference.strip():
            errors.setdefault("petition_reference", []).append(_("Give the petition's number or reference."))
        if self.start and self.start > timezone.localdate():
            errors.setdefault("start", []).append(_("An inspection cannot start in the future."))
        raise_errors(errors)


class InspectionReportQuerySet(BoardScopedQuerySet):
    def published(self):
        return self.filter(is_published=True)


class InspectionReport(DemoFlag):
    """A quarterly, 6-month or annual report of a People's Inspection Board, with its figures."""

    board = models.ForeignKey(
        Organization,
        verbose_name=_("board"),
        on_delete=models.PROTECT,
        related_name="inspection_reports",
        limit_choices_to={"kind": OrganizationKind.INSPECTION_BOARD},
    )
    period = models.CharField(_("period"), max_length=20, choices=ReportPeriod.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("quarter or half"),
        default=1,
        help_text=_("1 to 4 for a quarter, 1 or 2 for a half year, 1 for a year."),
    )
    text = models.TextField(_("report"))
    inspections_count = models.IntegerField(_("inspections"), default=0, validators=[NOT_NEGATIVE_COUNT])
    violations_found = models.IntegerField(_("violations found"), default=0, validators=[NOT_NEGATIVE_COUNT])
    recommendations_count = models.IntegerField(
        _("recommendations sent"), default=0, validators=[NOT_NEGATIVE_COUNT]
    )
    money_recovered_vnd = models.BigIntegerField(
        _("money recovered (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    land_recovered_m2 = models.DecimalField(
        _("land recovered (m²)"), max_digits=12, decimal_places=1, default=0, validators=[NOT_NEGATIVE_AREA]
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the board's public page.")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = InspectionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection board report")
        verbose_name_plural = _("inspection board reports")
        ordering = ["-year", "period", "-number", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "period", "year", "number"], name="unique_inspection_report"
            ),
            models.CheckConstraint(
                condition=Q(inspections_count__gte=0)
                & Q(violations_found__gte=0)
                & Q(recommendations_count__gte=0)
                & Q(money_recovered_vnd__gte=0)
                & Q(land_recovered_m2__gte=0),
                name="inspection_report_figures_not_negative",
                violation_error_message=_("Counts, money and land cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.period_label

    @property
    def period_label(self) -> str:
        if self.period == ReportPeriod.QUARTER:
            return quarter(self.number, self.year)  # Quý III/2026
        if self.period == ReportPeriod.HALF_YEAR:
            if self.number == 1:
                return _("First 6 months of %(year)s") % {"year": self.year}
            return _("Second 6 months of %(year)s") % {"year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    @property
    def start(self) -> datetime.date:
        months = {ReportPeriod.QUARTER: 3, ReportPeriod.HALF_YEAR: 6}.get(self.period, 12)
        return datetime.date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> datetime.date:
        months = {ReportPeriod.QUARTER: 3, ReportPeriod.HALF_YEAR: 6}.get(self.period, 12)
        last_month = self.number * months
        return datetime.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        require_kind(
            errors,
            "board",
            self.board if self.board_id else None,
            OrganizationKind.INSPECTION_BOARD,
            _("Choose a People's Inspection Board."),
        )
        highest = {ReportPeriod.QUARTER: 4, ReportPeriod.HALF_YEAR: 2, ReportPeriod.YEAR: 1}.get(
            self.period, 1
        )
        if self.number is not None and not 1 <= self.number <= highest:
            errors.setdefault("number", []).append(
                _("For this period, enter a number from 1 to %(highest)s.") % {"highest": highest}
            )
        if self.year is not None and not 2000 <= self.year <= timezone.localdate().year:
            errors.setdefault("year", []).append(_("Enter a year between 2000 and this year."))
        if self.is_published and not self.text.strip():
            errors.setdefault("text", []).append(_("A published report needs its text."))
        raise_errors(errors)
