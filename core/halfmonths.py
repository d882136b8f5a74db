"""Half-months: the 1st to the 14th of a month, and the 15th to its last day.

Every period the reports offer (a month, a quarter, six or nine months, a year, a term, with
either cut-off: the 1st or the 15th of the month) starts on the 1st or the 15th and ends on the
14th or the last day of a month, so once it has ended it is a run of whole half-months. The
figures kept for the reports by half-month (``activities.figures``, ``concerns.figures``) number
them: the year × 24, plus twice the month counted from 0, plus one from the 15th on.
"""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Case, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear


def half_of(day: datetime.date) -> int:
    """The number of the half-month ``day`` falls in."""
    return day.year * 24 + (day.month - 1) * 2 + (1 if day.day >= 15 else 0)


def half_start(half: int) -> datetime.date:
    year, rest = divmod(half, 24)
    month, second = divmod(rest, 2)
    return datetime.date(year, month + 1, 15 if second else 1)


def half_end(half: int) -> datetime.date:
    year, rest = divmod(half, 24)
    month, second = divmod(rest, 2)
    return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1] if second else 14)


def halves_of(start: datetime.date, end: datetime.date) -> tuple[int, int] | None:
    """The first and last half-month of the days ``start`` to ``end`` when they are exactly a run of
    whole half-months; None otherwise (figures by half-month cannot answer for those days)."""
    first, last = half_of(start), half_of(end)
    if start != half_start(first) or end != half_end(last) or first > last:
        return None
    return first, last


def half_expression(field: str):
    """``half_of`` of a date column, in the database (SQLite and PostgreSQL alike)."""
    second = Case(When(**{f"{field}__day__gte": 15}, then=Value(1)), default=Value(0))
    return ExtractYear(field) * 24 + (ExtractMonth(field) - 1) * 2 + second
