"""What each scope root covers, stored: "everything under these units" is one indexed condition.

A scope on a unit covers the unit, every unit below it today, and every unit that became one of
those through any chain of reorganizations (``UnitLineage``); a scope on an organization the same
over its branches and ``OrganizationLineage``. ``UnitReach`` holds one row per unit and per unit
whose scope covers it (itself included), ``OrganizationReach`` the same for organizations, so
that a scope's units are ``UnitReach.objects.filter(ancestor_id__in=roots)``: a read of the
account's own subtree, whatever the size of the country. ``through_lineage`` is False on the rows
of the plain tree (the unit is below the ancestor today), so "the units below" is a filter too.

The rows are derived data, rebuilt by ``organizations.reach.rebuild_reach`` wherever the tree or
the lineage changes (the structure services, the reorganizations, the demo and test set-up). Their
foreign keys have no database constraint: a national rebuild writes a million and a half rows, and
a trigger per row and key would make seconds into minutes; deleting a unit or an organization
still deletes its rows (``CASCADE``, done by Django), and a row can only ever name an existing one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .structure import AdministrativeUnit, Organization


class UnitReach(models.Model):
    """``ancestor``'s scope covers ``unit``: it is ``unit``, above it, or above what it became."""

    ancestor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("covering unit"),
        on_delete=models.CASCADE,
        related_name="reach_below",
        db_index=False,  # the unique (ancestor, unit) index serves it
        db_constraint=False,
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="reach_above",
        db_constraint=False,
    )
    through_lineage = models.BooleanField(_("through the lineage"), default=False)

    class Meta:
        verbose_name = _("unit reach")
        verbose_name_plural = _("unit reach")
        constraints = [models.UniqueConstraint(fields=["ancestor", "unit"], name="unit_reach_once")]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.unit_id}"


class OrganizationReach(models.Model):
    """``ancestor``'s scope covers ``organization``: the same over branches and their lineage."""

    ancestor = models.ForeignKey(
        Organization,
        verbose_name=_("covering organization"),
        on_delete=models.CASCADE,
        related_name="reach_below",
        db_index=False,  # the unique (ancestor, organization) index serves it
        db_constraint=False,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="reach_above",
        db_constraint=False,
    )
    through_lineage = models.BooleanField(_("through the lineage"), default=False)

    class Meta:
        verbose_name = _("organization reach")
        verbose_name_plural = _("organization reach")
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "organization"], name="organization_reach_once")
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.organization_id}"
