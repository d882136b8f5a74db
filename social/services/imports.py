"""The import of the bank's sheet: every row checked first, then everything saved at once, or nothing.

The write is bulk (a sheet may hold tens of thousands of rows): a few queries to read the
groups and the snapshots already there, then batched inserts and updates, whatever the number
of rows. Bulk writes leave no audit entry per row; the import itself is recorded
(``LoanImport``, audited, with the actor) and each snapshot names its import.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from django.utils import timezone

from organizations.lineage import came_from_map

from ..loan_sheet import KnownGroup, ReadSheet, RowError, read_sheet
from ..models import (
    LoanImport,
    LoanSnapshot,
    LoanSnapshotLine,
    SavingsGroup,
    SnapshotSource,
    area_on,
)
from .common import atomic_as
from .loans import totals_of


@dataclass(frozen=True)
class ImportResult:
    errors: list[RowError]
    loan_import: LoanImport | None = None

    @property
    def saved(self) -> bool:
        return self.loan_import is not None


def import_loan_sheet(*, actor, upload: BinaryIO, file_name: str) -> ImportResult:
    """Check every row of the sheet; save the snapshots only if no row has an error.

    A group's snapshot of the same date already in the portal is replaced by the sheet's figures
    (a corrected sheet imported again). Only groups the actor may change are known.
    """
    editable = SavingsGroup.objects.editable_by(actor).select_related("unit")
    groups = {group.code: group for group in editable}
    known = {code: KnownGroup(g.pk, g.founded_on, g.closed_on) for code, g in groups.items()}
    sheet: ReadSheet = read_sheet(upload, known)
    if sheet.errors:
        return ImportResult(errors=sheet.errors)
    if not sheet.rows:
        return ImportResult(errors=[RowError(0, "", "", _no_rows())])

    by_snapshot: dict[tuple[int, object], list] = defaultdict(list)
    for row in sheet.rows:
        by_snapshot[(groups[row.group_code].pk, row.date)].append(row)
    dates = [date for _group, date in by_snapshot]
    existing = {
        (snapshot.group_id, snapshot.date): snapshot
        for snapshot in LoanSnapshot.objects.filter(
            group__in=editable.values("pk"), date__range=(min(dates), max(dates))
        )
    }
    predecessors = came_from_map()
    group_by_pk = {group.pk: group for group in groups.values()}
    now = timezone.now()

    with atomic_as(actor):
        loan_import = LoanImport.objects.create(
            file_name=file_name[:255], rows=len(sheet.rows), created_by=actor
        )
        new, replaced, lines_by_key = [], [], {}
        for key, rows in by_snapshot.items():
            group_pk, date = key
            lines = [
                LoanSnapshotLine(
                    programme=row.programme,
                    outstanding_vnd=row.outstanding,
                    overdue_vnd=row.overdue,
                    frozen_vnd=row.frozen,
                    borrowers=row.borrowers,
                )
                for row in rows
            ]
            snapshot = existing.get(key)
            if snapshot is None:
                snapshot = LoanSnapshot(
                    group_id=group_pk,
                    date=date,
                    unit=area_on(group_by_pk[group_pk], date, predecessors),
                    created_by=actor,
                )
                new.append(snapshot)
            else:
                replaced.append(snapshot)
            snapshot.source = SnapshotSource.IMPORT
            snapshot.loan_import = loan_import
            snapshot.updated_at = now
            totals_of(snapshot, lines)
            lines_by_key[key] = lines
        LoanSnapshot.objects.bulk_create(new)
        if replaced:
            LoanSnapshot.objects.bulk_update(
                replaced,
                [
                    "source",
                    "loan_import",
                    "updated_at",
                    "outstanding_vnd",
                    "overdue_vnd",
                    "frozen_vnd",
                    "borrowers",
                ],
            )
            # Only the replaced snapshots have lines yet; one DELETE (the lines have no audit entries).
            LoanSnapshotLine.objects.filter(snapshot__loan_import=loan_import).delete()
        all_lines = []
        for snapshot in [*new, *replaced]:
            for line in lines_by_key[(snapshot.group_id, snapshot.date)]:
                line.snapshot_id = snapshot.pk
                all_lines.append(line)
        LoanSnapshotLine.objects.bulk_create(all_lines)
        loan_import.snapshots_created = len(new)
        loan_import.snapshots_replaced = len(replaced)
        loan_import.save(update_fields=["snapshots_created", "snapshots_replaced"])
    return ImportResult(errors=[], loan_import=loan_import)


def _no_rows() -> str:
    from django.utils.translation import gettext

    return gettext("The sheet has no rows of figures.")
