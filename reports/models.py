"""A report sent up: a unit's (or an association's) report of a period, compiled, signed off by a
leader and submitted to the level above, which may return it for correction.

``ReportSubmission`` keeps every version of a subject's report of a period: version 1, then, after
a return (or when the sender corrects a report already sent), version 2 with the reason, and so
on. A draft holds the figures computed when it was compiled (``figures``, refreshed on request); at
submission they are computed one last time and then never change, so the level above reads the
report as it was sent, whatever is edited in the work log afterwards (``reports.submission_figures``
renders them again).

Who sees what is one rule (``ReportSubmissionQuerySet``): the cadres of the subject's own level see
and keep its drafts; the level above (the unit's parent, an organization's parent, or for an
association at the top of its unit the cadres of that unit) sees only what was sent to it
(``received_by``), never a draft.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import Recorded
from organizations.lineage import View
from organizations.models import MEMBER_ORGANIZATION_KINDS, AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet, ScopeIds, scope_for

from .periods import Period, PeriodKind

# The periods a report is sent up for (a term of office or any dates are read, not sent).
REPORTABLE_KINDS = (
    PeriodKind.MONTH,
    PeriodKind.QUARTER,
    PeriodKind.HALF,
    PeriodKind.NINE_MONTHS,
    PeriodKind.YEAR,
)
SIGN_OFF_PERMISSION = "reports.sign_off_reportsubmission"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("status of a report sent up", "Draft")
    SIGNED_OFF = "signed_off", _("Signed off by the leader")
    SUBMITTED = "submitted", _("Sent to the level above")
    RETURNED = "returned", _("Returned for correction")


# What the level above has received: a report sent, or sent and returned.
SENT_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED)


# Ids given to the conditions below: a set, or a scope's subquery (``ScopeIds``).
Ids = frozenset[int] | ScopeIds


def _any(parts: list[Q]) -> Q | None:
    return reduce(or_, parts) if parts else None


def subject_in(unit_ids: Ids, org_ids: Ids) -> Q | None:
    """The reports of these units and organizations."""
    parts = []
    if unit_ids:
        parts.append(Q(unit_id__in=unit_ids))
    if org_ids:
        parts.append(Q(organization_id__in=org_ids))
    return _any(parts)


def unit_above_in(unit_ids: Ids, *, prefix: str = "unit__") -> Q | None:
    """The reports (with ``prefix=""``: the units) whose unit's level above, its parent unit, is
    among ``unit_ids``."""
    return Q(**{f"{prefix}parent_id__in": unit_ids}) if unit_ids else None


def organization_above_in(unit_ids: Ids, org_ids: Ids, *, prefix: str = "organization__") -> Q | None:
    """The reports (with ``prefix=""``: the organizations) whose organization's level above is among
    these: its parent (a branch's association), or, for an association at the top of its unit, that
    unit (its Front committee gathers the associations' reports)."""
    parts = []
    if unit_ids:
        parts.append(Q(**{f"{prefix}parent_id__isnull": True, f"{prefix}unit_id__in": unit_ids}))
    if org_ids:
        parts.append(Q(**{f"{prefix}parent_id__in": org_ids}))
    return _any(parts)


def level_above_in(unit_ids: Ids, org_ids: Ids) -> Q | None:
    """The reports whose level above is among these units and organizations."""
    return _any(
        [part for part in (unit_above_in(unit_ids), organization_above_in(unit_ids, org_ids)) if part]
    )


class ReportSubmissionQuerySet(ScopedQuerySet):
    """Reports sent up, scoped by their subject (a unit or an organization).

    A row is visible to the cadres whose scope covers its subject, except that a cadre whose scope
    also covers the level above sees only what was sent (the level above never reads a draft);
    it is editable (compiled, signed off, sent, given a new version) only at the subject's own
    level. What the level above received is ``received_by``.
    """

    unit_lookups = ("unit_id",)
    org_lookups = ("organization_id",)

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        subject = subject_in(unit_ids, org_ids)
        if subject is None:
            return None
        above = level_above_in(unit_ids, org_ids)
        if above is None:
            return subject
        if write:
            return subject & ~above
        return subject & (Q(status__in=SENT_STATUSES) | ~above)

    def own_level(self, user):
        """The reports of the user's own level (drafts included): what the user compiles and sends."""
        scope = scope_for(user)
        if scope.is_global:
            return self.all()
        units, orgs = scope.unit_ids_query(), scope.org_ids_query()
        subject = subject_in(units, orgs)
        if subject is None:
            return self.none()
        above = level_above_in(units, orgs)
        return self.filter(subject if above is None else subject & ~above)

    def _received_condition(self, user, *, write: bool) -> Q | None:
        sent = Q(status__in=SENT_STATUSES)
        scope = scope_for(user)
        if scope.is_global:
            return sent
        above = level_above_in(scope.unit_ids_query(write), scope.org_ids_query(write))
        return None if above is None else sent & above

    def received_by(self, user, *, write: bool = False):
        """The reports sent (or sent and returned) to the user's level by the units and organizations
        below it; with ``write``, those the user may return (a read-only cadre reads them only)."""
        condition = self._received_condition(user, write=write)
        return self.none() if condition is None else self.filter(condition)

    def with_returnable_flag(self, user):
        """Each row with ``user_can_return``: whether it is in ``received_by(user, write=True)``."""
        condition = self._received_condition(user, write=True)
        if condition is None:
            return self.annotate(user_can_return=Value(False, output_field=BooleanField()))
        return self.annotate(user_can_return=ExpressionWrapper(condition, output_field=BooleanField()))

    def with_later_version(self):
        """Each row with ``has_later_version``: whether a later version of the same report exists."""
        later = self.model._default_manager.filter(
            Q(unit_id=OuterRef("unit_id")) | Q(organization_id=OuterRef("organization_id")),
            period_kind=OuterRef("period_kind"),
            period_start=OuterRef("period_start"),
            period_end=OuterRef("period_end"),
            version__gt=OuterRef("version"),
        )
        return self.annotate(has_later_version=Exists(later))

    def of_period(self, period: Period):
        return self.filter(period_kind=period.kind, period_start=period.start, period_end=period.end)

    def of_subject(self, *, unit_id: int | None, organization_id: int | None):
        return self.filter(unit_id=unit_id, organization_id=organization_id)


class ReportSubmission(Recorded):
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_submissions",
    )
    period_kind = models.CharField(_("period"), max_length=20, choices=PeriodKind.choices)
    period_start = models.DateField(_("first day of the period"))
    period_end = models.DateField(_("last day of the period"))
    view = models.CharField(_("view of the units"), max_length=3, choices=View.choices, default=View.AS_IT_IS)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    number = models.CharField(
        _("document number"),
        max_length=40,
        blank=True,
        help_text=_("As written on the report, e.g. 15/BC-MTTQ."),
    )
    results = models.TextField(_("results achieved"), blank=True)
    shortcomings = models.TextField(_("shortcomings and limitations"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    figures = models.JSONField(
        _("figures"),
        default=dict,
        blank=True,
        help_text=_("The figures of the report as computed last; frozen once it is sent."),
    )
    figures_computed_at = models.DateTimeField(_("figures computed at"), null=True, blank=True)
    due_date = models.DateField(_("due date"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signer_name = models.CharField(_("name of the signer"), max_length=150, blank=True)
    signer_title = models.CharField(_("title of the signer"), max_length=150, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("returned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_comment = models.TextField(_("what to correct"), blank=True)
    reason = models.TextField(_("reason for a new version"), blank=True)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report sent up")
        verbose_name_plural = _("reports sent up")
        ordering = ["-period_end", "-period_start", "-version", "-pk"]
        permissions = [("sign_off_reportsubmission", _("Can sign off a report sent to the level above"))]
        indexes = [models.Index(fields=["period_kind", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, organization__isnull=True)
                | Q(unit__isnull=True, organization__isnull=False),
                name="report_submission_one_subject",
                violation_error_message=_("A report is of a unit or of an organization, not both."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_submission_period_order",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1) & (Q(version=1) | ~Q(reason="")),
                name="report_submission_version_reason",
                violation_error_message=_("Write why a new version is needed."),
            ),
            models.UniqueConstraint(
                fields=["unit", "period_kind", "period_start", "period_end", "version"],
                condition=Q(unit__isnull=False),
                name="report_submission_unit_version",
                violation_error_message=_("This version of the report already exists."),
            ),
            models.UniqueConstraint(
                fields=["organization", "period_kind", "period_start", "period_end", "version"],
                condition=Q(organization__isnull=False),
                name="report_submission_organization_version",
                violation_error_message=_("This version of the report already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} – {self.period().label} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("reports:submission_detail", args=[self.pk])

    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def subject(self) -> AdministrativeUnit | Organization | None:
        return self.unit if self.unit_id else self.organization

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return subject.name if subject is not None else ""

    @property
    def is_draft(self) -> bool:
        return self.status == SubmissionStatus.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.status in SENT_STATUSES

    def sent_late(self) -> bool:
        """Whether it was sent after its due date."""
        return self.submitted_at is not None and _local_day(self.submitted_at) > self.due_date

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.period_kind and self.period_kind not in REPORTABLE_KINDS:
            errors.setdefault("period_kind", []).append(
                _("A report is sent for a month, a quarter, six or nine months, or a year.")
            )
        if self.organization_id is not None and self.organization.kind not in MEMBER_ORGANIZATION_KINDS:
            errors.setdefault("organization", []).append(
                _("Reports are sent by a unit's Front committee or by an association or union.")
            )
        if self.version > 1 and not self.reason.strip():
            errors.setdefault("reason", []).append(_("Write why a new version is needed."))
        if self.status == SubmissionStatus.RETURNED and not self.return_comment.strip():
            errors.setdefault("return_comment", []).append(_("Write what must be corrected."))
        if errors:
            raise ValidationError(errors)


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()
