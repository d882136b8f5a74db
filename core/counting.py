"""Counts in the database that cost the same however large the table: for the decisions a request
makes about the size of things (is this scope a large share of the country?), not for figures that
are shown."""

from __future__ import annotations

from django.db import models
from django.db.models import Expression, IntegerField, Subquery

# Below this many rows a table is counted; above it PostgreSQL's own estimate is read.
ESTIMATED_FROM = 10_000


class CappedCount(Subquery):
    """The number of rows of ``queryset`` (correlated or not), counting at most ``cap``: the cost of
    counting a province's 13,000 organizations stays that of counting ``cap`` index entries."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()

    def __init__(self, queryset: models.QuerySet, cap: int, **extra) -> None:
        super().__init__(queryset.order_by().values("pk")[:cap], **extra)


class TableRows(Expression):
    """The number of rows of ``model``'s table, without reading it when it is large.

    On PostgreSQL a table the planner's statistics put at ``ESTIMATED_FROM`` rows or more is not
    counted: its estimate (``pg_class.reltuples``, kept by ``ANALYZE`` and autovacuum) is read
    instead, where ``COUNT(*)`` over the 420,000 organizations of a country took 25 ms on every
    request. A smaller table, one never analysed, and every table on SQLite are counted.
    """

    output_field = IntegerField()

    def __init__(self, model: type[models.Model]) -> None:
        super().__init__()
        self.model = model

    def _table(self, connection) -> str:
        return connection.ops.quote_name(self.model._meta.db_table)

    def as_sql(self, compiler, connection):
        return f"(SELECT COUNT(*) FROM {self._table(connection)})", ()

    def as_postgresql(self, compiler, connection):
        table = self._table(connection)
        return (
            "(SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM {table}) END "
            "FROM pg_class c WHERE c.oid = %s::regclass)",
            (ESTIMATED_FROM, table),
        )
