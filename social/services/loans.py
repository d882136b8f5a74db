"""Writes of the savings-and-loan groups and their loan snapshots entered by hand."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from core.services import ServiceErrors

from ..models import LoanSnapshot, LoanSnapshotLine, SavingsGroup, area_on
from .common import atomic_as, can_keep, refuse, require_editable, save


def save_group(*, actor, group: SavingsGroup) -> SavingsGroup:
    """Add or change a group: the actor keeps its residential area or its association."""
    require_editable(actor, group)
    if not can_keep(actor, unit_id=group.unit_id, organization_id=group.association_id):
        raise refuse("association")
    return save(group, actor=actor)


def totals_of(snapshot: LoanSnapshot, lines: Sequence[LoanSnapshotLine]) -> None:
    """Set the snapshot's totals to the sums of its programme lines."""
    snapshot.outstanding_vnd = sum(line.outstanding_vnd for line in lines)
    snapshot.overdue_vnd = sum(line.overdue_vnd for line in lines)
    snapshot.frozen_vnd = sum(line.frozen_vnd for line in lines)
    snapshot.borrowers = sum(line.borrowers for line in lines)


def save_snapshot(*, actor, snapshot: LoanSnapshot, lines: Sequence[LoanSnapshotLine]) -> LoanSnapshot:
    """Record (or correct) a group's loan figures on a date, by programme.

    The lines replace the snapshot's previous ones; the totals are their sums; the residential
    area is the group's as it was on the date (before 1 July 2025, the old area).
    """
    require_editable(actor, snapshot)
    group = snapshot.group
    if not SavingsGroup.objects.editable_by(actor).filter(pk=group.pk).exists():
        raise refuse("group")
    errors = ServiceErrors()
    if not lines:
        errors.add(None, _("Enter the figures of at least one lending programme."))
    programmes = [line.programme for line in lines]
    if len(set(programmes)) != len(programmes):
        errors.add(None, _("Each lending programme is entered once."))
    if snapshot.date:
        snapshot.unit = area_on(group, snapshot.date)
        duplicate = LoanSnapshot.objects.filter(group=group, date=snapshot.date).exclude(pk=snapshot.pk)
        if duplicate.exists():
            errors.add("date", _("This group already has figures on this date."))
    totals_of(snapshot, lines)
    errors.collect(snapshot.full_clean, exclude=["unit"] if snapshot.unit_id is None else None)
    for line in lines:
        errors.collect(line.full_clean, exclude=["snapshot"])
    errors.raise_if_any()
    if snapshot.pk is None:
        snapshot.created_by = actor
    with atomic_as(actor):
        snapshot.save()
        snapshot.lines.all().delete()
        for line in lines:
            line.snapshot = snapshot
        LoanSnapshotLine.objects.bulk_create(lines)
    return snapshot
