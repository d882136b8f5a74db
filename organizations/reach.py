"""Keeping the reach tables (``organizations.models.reach``) in line with the tree and the lineage.

A unit X is covered by every unit A above any unit Y that X became through zero or more
reorganizations (X itself first): the scope of A covers what is below A today and everything that
became part of it. That is two closures, computed in the database by one recursive query
(``WITH RECURSIVE``, the same on SQLite and PostgreSQL): first what X became (the lineage, before
→ after), then everything above each of those (the parent links). Organizations are the same over
``Organization.parent`` and ``OrganizationLineage``.

``rebuild_reach()`` rewrites every row (``INSERT … SELECT``: a national structure takes seconds);
``rebuild_reach(unit_ids=…, organization_ids=…)`` rewrites the rows of the given units or
organizations and of everything they cover (below them, and what became them: found by the same
kind of query over today's tree and lineage, and from their rows as they stood), in a handful of
queries whatever their number. Every service that changes the tree or the lineage calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models, transaction

from .models import (
    AdministrativeUnit,
    Organization,
    OrganizationLineage,
    OrganizationReach,
    UnitLineage,
    UnitReach,
)

# Ids per statement when the ids of a partial rebuild are sent to the database.
CHUNK = 2000


@dataclass(frozen=True)
class _Tree:
    node: type[models.Model]
    lineage: type[models.Model]
    reach: type[models.Model]
    member: str  # the reach table's column of the covered row

    def _names(self) -> dict[str, str]:
        quote = connection.ops.quote_name
        return {
            "node": quote(self.node._meta.db_table),
            "lineage": quote(self.lineage._meta.db_table),
            "reach": quote(self.reach._meta.db_table),
            "member": quote(self.member),
        }

    def covering_sql(self, seed: str) -> str:
        """``INSERT`` of the rows of the nodes chosen by ``seed`` (a condition on ``n.id``)."""
        return COVERING.format(seed=seed, **self._names())

    def covered_sql(self, placeholders: str) -> str:
        """The nodes whose rows depend on the given ones: below them today or through the
        lineage (now), or covered by them in the rows as they stand."""
        return COVERED.format(ids=placeholders, **self._names())

    def rebuild_all(self, cursor) -> int:
        # On PostgreSQL, TRUNCATE: rows deleted and written again in one transaction would leave
        # every unique check of the new rows reading the old ones (ten times slower). It holds the
        # table until the commit, a few seconds for a national structure. SQLite's DELETE of every
        # row is its own truncate.
        empty = "TRUNCATE {reach}" if connection.vendor == "postgresql" else "DELETE FROM {reach}"
        cursor.execute(empty.format(**self._names()))
        cursor.execute(self.covering_sql("1 = 1"))
        return cursor.rowcount

    def rebuild(self, cursor, ids: set[int]) -> int:
        affected: set[int] = set()
        for chunk in _chunks(sorted(ids)):
            cursor.execute(self.covered_sql(", ".join(["%s"] * len(chunk))), [*chunk, *chunk])
            affected.update(pk for (pk,) in cursor.fetchall())
        written = 0
        for chunk in _chunks(sorted(affected)):
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "DELETE FROM {reach} WHERE {member} IN ({ids})".format(ids=placeholders, **self._names()),
                chunk,
            )
            cursor.execute(self.covering_sql(f"n.id IN ({placeholders})"), chunk)
            written += cursor.rowcount
        return written


# The rows of the chosen nodes: what each became (any number of steps, ``lin`` = 1 after the
# first), then everything above each of those; a pair reached by the plain tree is not
# "through the lineage". UNION (not UNION ALL) ends every cycle. Written in the order of the
# covered node, which keeps the indexes' writes close together (a national rebuild: three times
# faster than in the order the rows come).
COVERING = """
WITH RECURSIVE
became(node, target, lin) AS (
    SELECT n.id, n.id, 0 FROM {node} n WHERE {seed}
    UNION
    SELECT b.node, l.after_id, 1 FROM became b JOIN {lineage} l ON l.before_id = b.target
),
up(node, ancestor, lin) AS (
    SELECT node, target, lin FROM became
    UNION
    SELECT up.node, n.parent_id, up.lin FROM up JOIN {node} n ON n.id = up.ancestor
    WHERE n.parent_id IS NOT NULL
)
INSERT INTO {reach} (ancestor_id, {member}, through_lineage)
SELECT ancestor, node, MIN(lin) = 1 FROM up GROUP BY node, ancestor ORDER BY node, ancestor
"""

# The nodes below the given ones (children, and what became them), and those their rows cover.
COVERED = """
WITH RECURSIVE
edges(child, parent) AS (
    SELECT id, parent_id FROM {node} WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT before_id, after_id FROM {lineage}
),
down(id) AS (
    SELECT id FROM {node} WHERE id IN ({ids})
    UNION
    SELECT e.child FROM edges e JOIN down d ON e.parent = d.id
)
SELECT id FROM down
UNION
SELECT {member} FROM {reach} WHERE ancestor_id IN ({ids})
"""

UNITS = _Tree(node=AdministrativeUnit, lineage=UnitLineage, reach=UnitReach, member="unit_id")
ORGANIZATIONS = _Tree(
    node=Organization, lineage=OrganizationLineage, reach=OrganizationReach, member="organization_id"
)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def rebuild_reach(
    *, unit_ids: Iterable[int] | None = None, organization_ids: Iterable[int] | None = None
) -> int:
    """Rewrite the reach rows; the number of rows written.

    Without arguments, every row of both tables. With ``unit_ids`` and/or ``organization_ids``,
    the rows of those units or organizations (new ones included) and of everything they cover
    (below them, and everything that became them), and nothing of the other table when only one
    is given. Call it after any change of a parent, a new unit or organization, or a lineage row,
    in the same transaction.
    """
    written = 0
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if unit_ids is None and organization_ids is None:
            return UNITS.rebuild_all(cursor) + ORGANIZATIONS.rebuild_all(cursor)
        for tree, ids in ((UNITS, unit_ids), (ORGANIZATIONS, organization_ids)):
            chosen = {pk for pk in ids or () if pk is not None}
            if chosen:
                written += tree.rebuild(cursor, chosen)
    return written
