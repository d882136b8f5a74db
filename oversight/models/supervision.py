"""Supervision and social criticism by the Front (Politburo Decision 217)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet

from .choices import BOARD_KINDS, SupervisionForm, SupervisionKind
from .common import check_period, raise_errors


class SupervisionQuerySet(ScopedQuerySet):
    unit_lookups = ("unit_id",)
    # A board's members read the supervisions carried out through their board.
    org_lookups = ("organization_id", "board_id")
    write_org_lookups = ("organization_id",)

    def newest_first(self):
        return self.order_by("-start", "-pk")


class Supervision(Recorded):
    """A supervision (or social-criticism) plan, carried out, with its findings.

    A re-supervision is a supervision that ``follows`` an earlier one, usually to check
    what became of one of its recommendations (``follows_recommendation``).
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=SupervisionKind.choices, default=SupervisionKind.SUPERVISION
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organizing organization"),
        on_delete=models.PROTECT,
        related_name="supervisions",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="supervisions",
        help_text=_("The ward or commune where the supervision takes place."),
    )
    subject = models.CharField(
        _("subject"),
        max_length=255,
        help_text=_("The body, policy or draft that is supervised or commented on."),
    )
    content = models.TextField(_("content"))
    form = models.CharField(_("form"), max_length=20, choices=SupervisionForm.choices)
    board = models.ForeignKey(
        Organization,
        verbose_name=_("through the board"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_supervisions",
        limit_choices_to={"kind__in": BOARD_KINDS},
    )
    participants = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organizations"),
        blank=True,
        related_name="joined_supervisions",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    follows = models.ForeignKey(
        "self",
        verbose_name=_("re-supervision of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    follows_recommendation = models.ForeignKey(
        "oversight.Recommendation",
        verbose_name=_("checks the recommendation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resupervisions",
    )

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["unit", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="supervision_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("oversight:supervision_detail", args=[self.pk])

    @property
    def is_resupervision(self) -> bool:
        return self.follows_id is not None or self.follows_recommendation_id is not None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_period(errors, self.start, self.end)
        if self.form == SupervisionForm.THROUGH_BOARD and self.board_id is None:
            errors.setdefault("board", []).append(_("Choose the board the supervision goes through."))
        if self.board_id is not None and self.board.kind not in BOARD_KINDS:
            errors.setdefault("board", []).append(
                _("Choose a People's Inspection Board or a Monitoring Board.")
            )
        if self.follows_id is not None and self.pk is not None and self.follows_id == self.pk:
            errors.setdefault("follows", []).append(_("A supervision cannot follow itself."))
        if (
            self.follows_id is not None
            and self.start
            and self.follows.start
            and self.start < self.follows.start
        ):
            errors.setdefault("start", []).append(
                _("A re-supervision cannot start before the supervision it follows.")
            )
        if self.start and self.start > timezone.localdate() + datetime.timedelta(days=366):
            errors.setdefault("start", []).append(_("Plan supervisions at most a year ahead."))
        raise_errors(errors)
