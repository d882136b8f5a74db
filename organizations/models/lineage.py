"""Reorganizations and the lineage they leave: which units and organizations became which.

A reorganization (a merge, split, rename, move or dissolution, decided by a resolution or a
decision) closes the units it ends and opens the units that take them over; nothing is ever
deleted. ``UnitLineage`` and ``OrganizationLineage`` are the "became" relation, many to many,
with the share of residential areas that went each way, so that merges, splits and chains of
several reorganizations are all data. ``AdministrativeUnit.current_unit`` is the lineage
followed to today, kept up to date by the reorganization services, so that "as it is now" is
one join in the database.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .structure import AdministrativeUnit, Organization


class ReorganizationKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move to another parent unit")
    DISSOLVE = "dissolve", _("Dissolve")


class ReorganizationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPLIED = "applied", _("Carried out")
    UNDONE = "undone", _("Undone")


class Reorganization(models.Model):
    """One decision that changes the structure, from its effective date.

    ``plan`` holds what the administrator chose (units before and after, where each residential
    area goes, which accounts' scopes move) until it is carried out; ``changes`` records what
    carrying it out did, so that it can be undone while nothing has been recorded in the new units.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReorganizationKind.choices)
    effective_date = models.DateField(_("effective date"))
    basis_number = models.CharField(
        _("legal basis: number"),
        max_length=80,
        help_text=_("The number of the resolution or decision, e.g. 1671/NQ-UBTVQH15."),
    )
    basis_date = models.DateField(_("legal basis: date"))
    basis_body = models.CharField(
        _("legal basis: issuing body"),
        max_length=200,
        help_text=_("e.g. the Standing Committee of the National Assembly."),
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReorganizationStatus.choices, default=ReorganizationStatus.DRAFT
    )
    plan = models.JSONField(_("plan"), default=dict, blank=True)
    changes = models.JSONField(_("changes made"), default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    applied_at = models.DateTimeField(_("carried out"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("reorganization")
        verbose_name_plural = _("reorganizations")
        ordering = ["-effective_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y} ({self.basis_number})"

    @property
    def legal_basis(self) -> str:
        """``Nghị quyết 1671/NQ-UBTVQH15 ngày 16/06/2025 của …`` as one line."""
        return _("%(number)s of %(date)s, %(body)s") % {
            "number": self.basis_number,
            "date": self.basis_date.strftime("%d/%m/%Y"),
            "body": self.basis_body,
        }


_SHARE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class UnitLineage(models.Model):
    """``before`` became (in part, ``share``) ``after`` by ``reorganization``."""

    reorganization = models.ForeignKey(
        Reorganization,
        verbose_name=_("reorganization"),
        on_delete=models.CASCADE,
        related_name="unit_lineage",
    )
    before = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit before"), on_delete=models.PROTECT, related_name="became"
    )
    after = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit after"), on_delete=models.PROTECT, related_name="came_from"
    )
    share = models.DecimalField(
        _("share"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("1"),
        validators=_SHARE,
        help_text=_("The share of the unit's residential areas that went to this unit."),
    )

    class Meta:
        verbose_name = _("unit lineage")
        verbose_name_plural = _("unit lineage")
        ordering = ["reorganization", "before", "-share", "after"]
        constraints = [
            models.UniqueConstraint(fields=["before", "after"], name="unit_lineage_once"),
            models.CheckConstraint(condition=~Q(before=models.F("after")), name="unit_lineage_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class OrganizationLineage(models.Model):
    """``before`` was taken over (in part, ``share``) by ``after`` in ``reorganization``."""

    reorganization = models.ForeignKey(
        Reorganization,
        verbose_name=_("reorganization"),
        on_delete=models.CASCADE,
        related_name="organization_lineage",
    )
    before = models.ForeignKey(
        Organization, verbose_name=_("organization before"), on_delete=models.PROTECT, related_name="became"
    )
    after = models.ForeignKey(
        Organization, verbose_name=_("organization after"), on_delete=models.PROTECT, related_name="came_from"
    )
    share = models.DecimalField(
        _("share"), max_digits=5, decimal_places=4, default=Decimal("1"), validators=_SHARE
    )

    class Meta:
        verbose_name = _("organization lineage")
        verbose_name_plural = _("organization lineage")
        ordering = ["reorganization", "before", "-share", "after"]
        constraints = [
            models.UniqueConstraint(fields=["before", "after"], name="organization_lineage_once"),
            models.CheckConstraint(
                condition=~Q(before=models.F("after")), name="organization_lineage_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"
