"""Text matching in the database that ignores Vietnamese diacritics and case, on SQLite and
PostgreSQL alike: a cadre who types "nguyen thi hang" finds "Nguyễn Thị Hằng".

``Folded(field)`` is the column as ``core.search.normalize`` would make it (marks dropped,
đ → d, lower case), computed by the database:

- on SQLite by a function registered on every new connection (``register_sqlite_function``),
  which calls ``normalize`` itself;
- on PostgreSQL by ``lower(translate(...))`` with a table of every accented Latin letter and
  the combining marks (text typed decomposed), so no extension is needed.

For the cadre screens' lists, which are bounded by the user's scope; the public search has
an index of its own (``core.search``).
"""

from __future__ import annotations

import functools
import operator
import unicodedata

from django.db.models import Func, Q, QuerySet, TextField

from .search import normalize

SQLITE_FUNCTION = "LAGI_FOLD"


def _translation_table() -> tuple[str, str]:
    """The letters whose folded form is one ASCII letter, and the combining marks (dropped)."""
    source, target = [], []
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = normalize(char)
        if char.isalpha() and len(folded) == 1 and folded.isascii() and folded.isalpha():
            source.append(char)
            target.append(folded)
    marks = [chr(code) for code in range(0x0300, 0x0370) if unicodedata.combining(chr(code))]
    return "".join(source) + "".join(marks), "".join(target)


_FROM, _TO = _translation_table()


def fold(text: str | None) -> str | None:
    return None if text is None else normalize(text)


class Folded(Func):
    """``normalize`` in SQL: the expression without diacritics, in lower case."""

    function = SQLITE_FUNCTION
    arity = 1
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"LOWER(TRANSLATE({sql}, %s, %s))", (*params, _FROM, _TO)


def containing(queryset: QuerySet, text: str, *fields: str) -> QuerySet:
    """The rows where one of ``fields`` contains ``text``, diacritics and case ignored.

    ``%`` and ``_`` in ``text`` are plain characters, not wildcards. An empty text filters nothing.
    """
    needle = normalize(text)
    if not needle:
        return queryset
    aliases = {f"folded_{field}": Folded(field) for field in fields}
    condition = functools.reduce(operator.or_, (Q(**{f"{alias}__contains": needle}) for alias in aliases))
    return queryset.alias(**aliases).filter(condition)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Receiver of ``connection_created``: give SQLite connections the folding function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
