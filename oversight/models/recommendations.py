"""Recommendations: the one loop that supervision, inspection and monitoring share.

A recommendation comes from a supervision, an inspection or a monitoring session (its
origin), may answer concerns that piled up, is sent to an authority with a due date for
the reply, gets the reply (accepted, partly accepted or rejected), is followed while it is
implemented, and is closed. It is overdue when the due date has passed (Vietnam time) and
no reply has come. Every change goes through ``oversight.services.recommendations``.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet

from .choices import Implementation, OriginKind, RecommendationStatus, ReplyOutcome
from .common import raise_errors

Status = RecommendationStatus

# The lifecycle. Implementation is followed while a recommendation is replied (not a status change).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SENT}),
    Status.SENT: frozenset({Status.REPLIED}),
    Status.REPLIED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
}


class RecommendationQuerySet(ScopedQuerySet):
    unit_lookups = ("unit_id",)
    org_lookups = ("organization_id",)

    def overdue(self, today: datetime.date | None = None):
        """Sent, not replied, and the reply was due before today (in Vietnam time)."""
        return self.filter(status=Status.SENT, due_date__lt=today or timezone.localdate())

    def with_overdue_flag(self, today: datetime.date | None = None):
        return self.annotate(
            is_overdue=Case(
                When(status=Status.SENT, due_date__lt=today or timezone.localdate(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def inbox_order(self, today: datetime.date | None = None):
        """Overdue first (the longest overdue on top), then waiting for a reply, then the newest."""
        waiting = Case(When(status=Status.SENT, then=Value(0)), default=Value(1))
        return (
            self.with_overdue_flag(today)
            .annotate(waiting_rank=waiting)
            .order_by("-is_overdue", "waiting_rank", "due_date", "-created_at", "-pk")
        )

    def public(self):
        """Recommendations a resident may read: those of published monitoring sessions."""
        return self.filter(session__is_published=True).exclude(status=Status.DRAFT)


class Recommendation(Recorded):
    """A recommendation sent to an authority, followed until it is implemented or closed."""

    supervision = models.ForeignKey(
        "oversight.Supervision",
        verbose_name=_("supervision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    inspection = models.ForeignKey(
        "oversight.Inspection",
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    session = models.ForeignKey(
        "oversight.MonitoringSession",
        verbose_name=_("monitoring session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    # Copied from the origin, so that scoping and the inbox need no joins.
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("recommending organization"),
        on_delete=models.PROTECT,
        related_name="recommendations",
        editable=False,
    )
    concern = models.ForeignKey(
        "concerns.Concern",
        verbose_name=_("from the concern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text=_("A resident's concern (e.g. of a hot spot) that this recommendation takes up."),
    )
    content = models.TextField(_("recommendation"))
    authority = models.ForeignKey(
        "organizations.Authority",
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text=_("The authority that must reply."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    due_date = models.DateField(_("reply due by"), null=True, blank=True)
    reply_on = models.DateField(_("replied on"), null=True, blank=True)
    reply_text = models.TextField(_("reply"), blank=True)
    reply_outcome = models.CharField(_("outcome"), max_length=20, choices=ReplyOutcome.choices, blank=True)
    implementation = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices, default=Implementation.NOT_STARTED
    )
    implementation_on = models.DateField(_("implementation checked on"), null=True, blank=True)
    implementation_note = models.TextField(_("implementation note"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["organization", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(supervision__isnull=False, inspection__isnull=True, session__isnull=True)
                    | Q(supervision__isnull=True, inspection__isnull=False, session__isnull=True)
                    | Q(supervision__isnull=True, inspection__isnull=True, session__isnull=False)
                ),
                name="recommendation_has_one_origin",
                violation_error_message=_(
                    "A recommendation comes from exactly one supervision, inspection or session."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(sent_on__isnull=True)
                | Q(due_date__gte=models.F("sent_on")),
                name="recommendation_due_after_sent",
                violation_error_message=_("The reply cannot be due before the recommendation was sent."),
            ),
        ]

    def __str__(self) -> str:
        text = self.content.strip().splitlines()[0] if self.content.strip() else ""
        return text[:80] + ("…" if len(text) > 80 else "")

    def get_absolute_url(self) -> str:
        return reverse("oversight:recommendation_detail", args=[self.pk])

    # -- origin
    @property
    def origin(self):
        return self.supervision or self.inspection or self.session

    @property
    def origin_kind(self) -> str:
        if self.supervision_id:
            return OriginKind.SUPERVISION
        if self.inspection_id:
            return OriginKind.INSPECTION
        return OriginKind.SESSION

    def take_place_from_origin(self) -> None:
        """Copy the unit and the organization from the origin."""
        if self.supervision_id:
            self.unit_id, self.organization_id = self.supervision.unit_id, self.supervision.organization_id
        elif self.inspection_id:
            self.unit_id, self.organization_id = self.inspection.board.unit_id, self.inspection.board_id
        elif self.session_id:
            self.unit_id, self.organization_id = self.session.project.unit_id, self.session.board_id

    # -- lifecycle
    def can_go_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS.get(self.status, frozenset())

    @property
    def can_record_implementation(self) -> bool:
        return self.status == Status.REPLIED

    def is_overdue_on(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == Status.SENT and self.due_date is not None and self.due_date < today

    @property
    def is_answered(self) -> bool:
        return self.status in (Status.REPLIED, Status.CLOSED)

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        origins = [self.supervision_id, self.inspection_id, self.session_id]
        # More or less than one origin is refused by the "recommendation_has_one_origin" constraint.
        if sum(origin is not None for origin in origins) == 1:
            self.take_place_from_origin()
        today = timezone.localdate()
        sent = self.status in (Status.SENT, Status.REPLIED, Status.CLOSED)
        if sent:
            if self.authority_id is None:
                add("authority", _("Choose the authority the recommendation is sent to."))
            if not self.sent_on:
                add("sent_on", _("Enter the date it was sent."))
            if not self.due_date:
                add("due_date", _("Enter the date a reply is due."))
        if self.sent_on and self.due_date and self.due_date < self.sent_on:
            add("due_date", _("The reply cannot be due before the recommendation was sent."))
        if self.status in (Status.REPLIED, Status.CLOSED):
            if not self.reply_on:
                add("reply_on", _("Enter the date of the reply."))
            if not self.reply_text.strip():
                add("reply_text", _("Enter the reply."))
            if not self.reply_outcome:
                add("reply_outcome", _("Choose whether the recommendation was accepted."))
        if self.sent_on and self.reply_on and self.reply_on < self.sent_on:
            add("reply_on", _("A reply cannot come before the recommendation was sent."))
        if self.implementation != Implementation.NOT_STARTED and self.status not in (
            Status.REPLIED,
            Status.CLOSED,
        ):
            add("implementation", _("Implementation is followed once the authority has replied."))
        if self.status == Status.CLOSED and not self.closed_on:
            add("closed_on", _("Enter the date it was closed."))
        if self.closed_on and self.reply_on and self.closed_on < self.reply_on:
            add("closed_on", _("A recommendation cannot be closed before its reply."))
        for field in ("sent_on", "reply_on", "implementation_on", "closed_on"):
            value = getattr(self, field)
            if value and value > today:
                add(field, _("The date cannot be in the future."))
        raise_errors(errors)
