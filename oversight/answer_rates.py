"""How the authorities answer what the Front sends them: per authority and year, what was sent,
answered, answered in time and is overdue, the answer rate and the median days to answer.

Counted here, the lowest app that sees both:

- **concerns forwarded** (``concerns.Concern``): an authority and a date forwarded, whatever
  the concern's source (a visit, a voter contact, a petition…); a concern answered on the spot
  (``answered_on_spot``) was not forwarded and does not count. Answered: ``answered_on``; due:
  ``due_date``.
- **recommendations sent** (``oversight.Recommendation``): an authority and a date sent.
  Answered: ``reply_on``; due: ``due_date``.

The year is the year it was sent. "Answered in time": answered on or before its due date;
"overdue": not answered and due before ``today``. The rate is answered ÷ sent as a percentage
(None when nothing was sent); the median days to answer runs from sending to the answer, over
what was answered (the mean of the two middle values for an even number).

Everything is counted in the database, in one query (concerns and recommendations in one union):
what was sent grouped by authority, year and number of days to the answer (none for what is not
answered yet), with the conditional counts of what was answered in time and what is overdue; the
rows of an authority and year add up to its counts and are the histogram of its delays. Its size
grows with the number of authorities, years and distinct delays, never with the number of
concerns. Date
differences are whole days (``core.dates.DaysBetween``), an integer on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from concerns.models import Concern
from core.dates import DaysBetween

from .models import Recommendation

_ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class AnswerRate:
    """What one authority was sent in one year and how it answered."""

    authority_id: int
    year: int
    sent: int = 0
    answered: int = 0
    answered_in_time: int = 0
    overdue: int = 0
    median_days: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        """Answered ÷ sent, a percentage with one decimal (None when nothing was sent)."""
        return _percent(self.answered, self.sent)

    @property
    def in_time_rate(self) -> Decimal | None:
        """Answered in time ÷ sent, a percentage with one decimal (None when nothing was sent)."""
        return _percent(self.answered_in_time, self.sent)


def _percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, to one decimal; a whole number without one (``50``, ``66.7``)."""
    if not whole:
        return None
    value = (Decimal(100 * part) / Decimal(whole)).quantize(_ONE_DECIMAL, ROUND_HALF_UP)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


# Each source as (queryset of what was sent, the date sent, the date answered).
def _sources() -> tuple[tuple[QuerySet, str, str], ...]:
    concerns = Concern.objects.filter(
        authority__isnull=False, forwarded_on__isnull=False, answered_on_spot=False
    )
    recommendations = Recommendation.objects.filter(authority__isnull=False, sent_on__isnull=False)
    return ((concerns, "forwarded_on", "answered_on"), (recommendations, "sent_on", "reply_on"))


@dataclass(frozen=True)
class Narrowing:
    """Which of what was sent is counted: authorities, years, the days it was sent, and a condition
    on the concerns and one on the recommendations (their units, for a report). ``by_year`` False
    counts the whole span as one (year 0)."""

    authority_ids: Iterable[int] | None = None
    years: Iterable[int] | None = None
    sent_between: tuple[datetime.date, datetime.date] | None = None
    concerns: Q | None = None
    recommendations: Q | None = None
    by_year: bool = True


def _narrowed(queryset: QuerySet, sent: str, narrowing: Narrowing) -> QuerySet:
    year = ExtractYear(sent) if narrowing.by_year else Value(0, output_field=IntegerField())
    queryset = queryset.order_by().annotate(year=year)
    if narrowing.authority_ids is not None:
        queryset = queryset.filter(authority_id__in=list(narrowing.authority_ids))
    if narrowing.years is not None:
        queryset = queryset.filter(year__in=list(narrowing.years))
    if narrowing.sent_between is not None:
        queryset = queryset.filter(**{f"{sent}__range": narrowing.sent_between})
    condition = narrowing.concerns if queryset.model is Concern else narrowing.recommendations
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset


def _figures(narrowing: Narrowing, today: datetime.date) -> QuerySet:
    """What was sent, grouped by authority, year and days to the answer (None: not answered yet):
    the counts and the delays' histogram in one read of each table."""
    parts = []
    for queryset, sent, answered in _sources():
        parts.append(
            _narrowed(queryset, sent, narrowing)
            .annotate(delay=DaysBetween(answered, sent))
            .values("authority_id", "year", "delay")
            .annotate(
                sent=Count("pk"),
                in_time=Count("pk", filter=Q(**{f"{answered}__lte": F("due_date")})),
                overdue=Count("pk", filter=Q(**{f"{answered}__isnull": True}, due_date__lt=today)),
            )
            .values_list("authority_id", "year", "delay", "sent", "in_time", "overdue")
        )
    return parts[0].union(parts[1], all=True)


def median(histogram: Mapping[int, int]) -> Decimal | None:
    """The median of values given as ``{value: how many}``: the middle one, or the mean of the two
    middle ones for an even count; None for no value. Walks the distinct values, not the items."""
    total = sum(histogram.values())
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle items
    lower = upper = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    return (Decimal(lower) + Decimal(upper)) / 2


def answer_rates(
    authority_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
    *,
    today: datetime.date | None = None,
) -> dict[tuple[int, int], AnswerRate]:
    """``{(authority id, year): AnswerRate}`` for every authority and year something was sent,
    narrowed to ``authority_ids`` and ``years`` when given (an authority and year with nothing
    sent has no entry: ``rate_of`` gives an empty one). One query."""
    return _rates(Narrowing(authority_ids=authority_ids, years=years), today or timezone.localdate())


def answers_by_authority(
    *,
    start: datetime.date,
    end: datetime.date,
    concerns: Q,
    recommendations: Q,
    today: datetime.date | None = None,
) -> list[AnswerRate]:
    """What was sent between ``start`` and ``end`` from the places ``concerns`` and
    ``recommendations`` select (a report's units), per authority (``year`` 0), the most overdue
    first. One query."""
    narrowing = Narrowing(
        sent_between=(start, end), concerns=concerns, recommendations=recommendations, by_year=False
    )
    rates = _rates(narrowing, today or timezone.localdate())
    return sorted(rates.values(), key=lambda rate: (-rate.overdue, -rate.sent, rate.authority_id))


def _rates(narrowing: Narrowing, today: datetime.date) -> dict[tuple[int, int], AnswerRate]:
    totals: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    histograms: dict[tuple[int, int], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for authority_id, year, delay, sent, in_time, overdue in _figures(narrowing, today):
        row = totals[(authority_id, year)]
        row[0] += sent
        row[2] += in_time
        row[3] += overdue
        if delay is not None:
            row[1] += sent
            histograms[(authority_id, year)][delay] += sent
    return {
        key: AnswerRate(key[0], key[1], *numbers, median_days=median(histograms.get(key, {})))
        for key, numbers in sorted(totals.items())
    }


def rate_of(rates: Mapping[tuple[int, int], AnswerRate], authority_id: int, year: int) -> AnswerRate:
    """The authority's figures of ``year`` in ``rates``, or empty ones when nothing was sent."""
    return rates.get((authority_id, year)) or AnswerRate(authority_id, year)
