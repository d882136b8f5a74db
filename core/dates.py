"""Date arithmetic in the database."""

from __future__ import annotations

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """The whole days from the second date column to the first, as an integer (``later - earlier``).

    Django's own date subtraction gives an interval, which PostgreSQL computes through a
    multiplication and psycopg2 and Django then turn into a ``timedelta`` for each row: a histogram of
    delays grouped by it cost as much to read as to count. PostgreSQL subtracts two dates to a number
    of days; SQLite (dates stored as text) through ``julianday``.
    """

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)", (*later_params, *earlier_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"({later} - {earlier})", (*later_params, *earlier_params)
