"""Writing many rows at once: PostgreSQL's ``COPY``, or plain bulk inserts elsewhere (SQLite).

A ``Table`` takes the columns a loader gives for each row and fills every other concrete column
with its field's default, so a loader names only what it knows; a required column without a
default stops the load with its name rather than failing in the database. The loaders choose the
ids themselves (``next_id``), so that rows of other tables can point to them without reading
anything back, and move the table's sequence past them afterwards (``move_sequence``).

On PostgreSQL the rows go to the server by ``COPY … FROM STDIN`` from in-memory buffers of
``CHUNK`` lines; on another database by ``INSERT`` with many rows per statement, each value
prepared by its field as the ORM would. Values are written as given: a timestamp the loader
chose stays that timestamp (``auto_now`` does not apply).
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from contextlib import contextmanager

from django.db import connection, models, transaction

# Lines sent to the server per ``COPY`` buffer (the table's transaction spans them all).
CHUNK = 50_000
# Rows per ``INSERT`` where there is no ``COPY`` (fewer where the database limits the parameters).
INSERT_BATCH = 500


def copies() -> bool:
    """Whether the database takes ``COPY`` (PostgreSQL)."""
    return connection.vendor == "postgresql"


def _text(value) -> str:
    """A value as ``COPY``'s text format writes it."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


class Table:
    """One table written in bulk: the columns given per row, then every other concrete column
    with its field's default (a required field without one is an error that names it)."""

    def __init__(self, model: type[models.Model], given: Sequence[str]) -> None:
        self.model = model
        constants: dict[models.Field, object] = {}
        for fld in model._meta.concrete_fields:
            if fld.attname in given or (fld.primary_key and isinstance(fld, models.AutoField)):
                continue
            if fld.has_default() and not callable(fld.default):
                constants[fld] = fld.get_default()
            elif fld.null:
                constants[fld] = None
            elif fld.blank and fld.empty_strings_allowed:
                constants[fld] = ""
            else:
                raise ValueError(f"the bulk loader gives no value for {model.__name__}.{fld.name}")
        self.fields = [model._meta.get_field(name) for name in given] + list(constants)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(fld.column) for fld in self.fields)
        table = quote(model._meta.db_table)
        self.copying = copies()
        if self.copying:
            self.sql = f"COPY {table} ({columns}) FROM STDIN"
            self.tail = "".join("\t" + _text(value) for value in constants.values())
        else:
            self.sql = f"INSERT INTO {table} ({columns}) VALUES "
            self.row_sql = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            self.constants = tuple(constants.values())
            limit = connection.features.max_query_params or INSERT_BATCH * len(self.fields)
            self.batch = max(1, min(INSERT_BATCH, limit // len(self.fields)))
        self.lines: list = []
        self.count = 0
        self.seconds = 0.0

    def add(self, *values) -> None:
        if self.copying:
            self.lines.append("\t".join(map(_text, values)) + self.tail)
            if len(self.lines) >= CHUNK:
                self.flush()
        else:
            self.lines.append(values + self.constants)
            if len(self.lines) >= self.batch:
                self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        with connection.cursor() as cursor:
            if self.copying:
                cursor.copy_expert(self.sql, io.StringIO("\n".join(self.lines) + "\n"))
            else:
                params = [
                    fld.get_db_prep_save(value, connection)
                    for row in self.lines
                    for fld, value in zip(self.fields, row, strict=True)
                ]
                cursor.execute(self.sql + ", ".join([self.row_sql] * len(self.lines)), params)
        self.count += len(self.lines)
        self.lines = []

    @contextmanager
    def writing(self):
        """One transaction for the table, timed with its commit (where the foreign keys are checked)."""
        began = time.perf_counter()
        with transaction.atomic():
            yield self
            self.flush()
        self.seconds += time.perf_counter() - began


def next_id(model: type[models.Model]) -> int:
    """The first id above every row of the table: where a loader's own ids begin."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return cursor.fetchone()[0] + 1


def move_sequence(model: type[models.Model]) -> None:
    """After ids were written by the loader: the next id the table gives is above them (SQLite's
    autoincrement follows the largest id by itself)."""
    if not copies():
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)}))",
            [table],
        )


def analyze(*, vacuum: bool = False) -> None:
    """Fresh planner statistics after a load; with ``vacuum`` (PostgreSQL), the tables' visibility
    maps too, as autovacuum would set them later: an index that covers a query is then read without
    visiting the table (the reports' days to answer)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum and connection.vendor == "postgresql" else "ANALYZE")
