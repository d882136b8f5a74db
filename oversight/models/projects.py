"""Community investment projects, their monitoring sessions and the findings of each session.

A project belongs to its ward or commune (``unit``); the Community Investment Monitoring
Board that watches it is an ``Organization``. Cadres of the unit keep the register of
projects; the board's members see their projects and record monitoring sessions. What a
session found reaches the project's public page only when the session is published, and
then only the findings marked public.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import ScopedQuerySet

from .choices import Aspect, FundingSource, ProjectStage
from .common import (
    NOT_NEGATIVE_MONEY,
    PERCENT,
    check_period,
    raise_errors,
)

FINISHED_STAGES = (ProjectStage.COMPLETED, ProjectStage.HANDED_OVER)


class ProjectQuerySet(ScopedQuerySet):
    unit_lookups = ("unit_id", "residential_area_id")
    org_lookups = ("board_id",)
    # The register of projects is the commune's: board members read it, the unit's cadres keep it.
    write_org_lookups = ()

    def monitored(self):
        """Projects with a monitoring board: the ones the public pages list."""
        return self.filter(board__isnull=False)


class Project(Recorded):
    """A public or community investment project in a ward or commune."""

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("public description"), blank=True, help_text=_("Shown to the public."))
    investor = models.CharField(_("investor"), max_length=255)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    total_investment_vnd = models.BigIntegerField(
        _("total investment (VND)"), validators=[NOT_NEGATIVE_MONEY]
    )
    approving_decision = models.CharField(
        _("approving decision"), max_length=120, blank=True, help_text=_("Number and date of the decision.")
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ward or commune"),
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="area_investment_projects",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.PREPARATION
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=list(PERCENT))
    board = models.ForeignKey(
        Organization,
        verbose_name=_("monitoring board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_projects",
        limit_choices_to={"kind": OrganizationKind.INVESTMENT_MONITORING_BOARD},
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        ordering = ["-planned_start", "name", "pk"]
        indexes = [models.Index(fields=["unit", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="project_progress_percentage",
                violation_error_message=_("Progress is a percentage between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(total_investment_vnd__gte=0),
                name="project_investment_not_negative",
                violation_error_message=_("An amount of money cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="project_planned_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("oversight:project_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("oversight_public:project_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_period(errors, self.planned_start, self.planned_end, "planned_end")
        check_period(errors, self.actual_start, self.actual_end, "actual_end")
        if self.actual_end and not self.actual_start:
            errors.setdefault("actual_start", []).append(_("Enter the actual start before the actual end."))
        unit = self.unit if self.unit_id else None
        if self.residential_area_id is not None:
            area = self.residential_area
            if not area.is_residential_area:
                errors.setdefault("residential_area", []).append(
                    _("Choose a village, quarter or street group.")
                )
            elif unit is not None and area.parent_id != unit.pk:
                errors.setdefault("residential_area", []).append(
                    _("The residential area must be in the chosen ward or commune.")
                )
        if self.board_id is not None:
            board = self.board
            if board.kind != OrganizationKind.INVESTMENT_MONITORING_BOARD:
                errors.setdefault("board", []).append(_("Choose a Community Investment Monitoring Board."))
            elif unit is not None and board.unit_id != unit.pk:
                errors.setdefault("board", []).append(
                    _("The board must be of the project's ward or commune.")
                )
        if self.stage in FINISHED_STAGES and self.progress is not None and self.progress != 100:
            errors.setdefault("progress", []).append(_("A completed project is at 100 %."))
        if self.actual_start and self.actual_start > timezone.localdate():
            errors.setdefault("actual_start", []).append(_("The actual start cannot be in the future."))
        if self.actual_end and self.actual_end > timezone.localdate():
            errors.setdefault("actual_end", []).append(_("The actual end cannot be in the future."))
        raise_errors(errors)


class MonitoringSessionQuerySet(ScopedQuerySet):
    unit_lookups = ("project__unit_id", "project__residential_area_id")
    org_lookups = ("board_id",)

    def published(self):
        return self.filter(is_published=True)


class MonitoringSession(Recorded):
    """One monitoring session of a board on a project, at one stage."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="sessions"
    )
    board = models.ForeignKey(
        Organization,
        verbose_name=_("monitoring board"),
        on_delete=models.PROTECT,
        related_name="monitoring_sessions",
        help_text=_("The board that held the session (the project's board at the time)."),
    )
    held_on = models.DateField(_("held on"))
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices)
    aspects = models.JSONField(_("aspects checked"), default=list, blank=True)
    summary = models.TextField(
        _("minutes"), blank=True, help_text=_("For the board and the cadres; not published.")
    )
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_("Names of households, contractors' staff and other details that are never published."),
    )
    savings_vnd = models.BigIntegerField(
        _("money recovered or settlement reduction (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Its public findings and recommendations appear on the project's page."),
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = MonitoringSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring session")
        verbose_name_plural = _("monitoring sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["project", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(savings_vnd__gte=0),
                name="session_savings_not_negative",
                violation_error_message=_("An amount of money cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return _("Monitoring session of %(date)s") % {
            "date": f"{self.held_on:%d/%m/%Y}" if self.held_on else "…"
        }

    def get_absolute_url(self) -> str:
        return reverse("oversight:session_detail", args=[self.pk])

    @property
    def aspect_labels(self) -> list[str]:
        return [str(Aspect(value).label) for value in self.aspects if value in Aspect.values]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not isinstance(self.aspects, list) or any(value not in Aspect.values for value in self.aspects):
            errors.setdefault("aspects", []).append(_("Choose the aspects from the list."))
        elif not self.aspects:
            errors.setdefault("aspects", []).append(_("Tick at least one aspect that was checked."))
        if self.held_on and self.held_on > timezone.localdate():
            errors.setdefault("held_on", []).append(_("A session cannot be recorded before it is held."))
        if self.board_id is not None and self.board.kind != OrganizationKind.INVESTMENT_MONITORING_BOARD:
            errors.setdefault("board", []).append(_("Choose a Community Investment Monitoring Board."))
        raise_errors(errors)


class MonitoringFindingQuerySet(ScopedQuerySet):
    unit_lookups = ("session__project__unit_id", "session__project__residential_area_id")
    org_lookups = ("session__board_id",)

    def public(self):
        """Findings a resident may read: public ones of published sessions."""
        return self.filter(is_public=True, session__is_published=True)


class MonitoringFinding(models.Model):
    """One thing a monitoring session found, on one aspect."""

    session = models.ForeignKey(
        MonitoringSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="findings"
    )
    aspect = models.CharField(_("aspect"), max_length=20, choices=Aspect.choices)
    text = models.TextField(_("finding"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the project's public page once the session is published."),
    )

    objects = MonitoringFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring finding")
        verbose_name_plural = _("monitoring findings")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.get_aspect_display()}: {self.text[:60]}"
