"""Residents' concerns: received, answered, overdue, by category, petitions, and the days taken to
answer, grouped by the residential area (or the unit when the area is not known) or by the
receiving organization.

A concern counts in the period it was received in; it counts as answered when it was answered by
the end of the period (a report of a closed period does not change afterwards). Overdue is read at
the end of the period: forwarded, due before that day, not answered by then and not closed as a
duplicate or as not in scope by then.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from concerns.figures import CLOSED_WITHOUT_ANSWER
from concerns.models import (
    OPINION_SOURCES,
    Concern,
    ConcernCategory,
    ConcernHalfMonth,
    ConcernOverdueSpan,
    ConcernSource,
)
from core.dates import DaysBetween

from ..periods import Period
from .common import Grouping, Parts, aggregate, as_of, by_halves, column_of, merged

# The opinions of voters at voter contacts and the questions at dialogues, recorded as concerns.
OPINION = Q(source__in=OPINION_SOURCES)


def _place():
    return Coalesce("residential_area_id", "unit_id")


def _received(period: Period, today) -> Q:
    return Q(received_on__range=(period.start, as_of(period, today)))


def _answered_by_end(period: Period, today) -> Q:
    return _received(period, today) & Q(answered_on__lte=as_of(period, today))


def _overdue(period: Period, today) -> Q:
    """Overdue at the end of the period: forwarded, due before that day, not answered by then and
    not closed without an answer by then. Only a concern answered late (or not yet) can ever be
    overdue, so the condition starts with what the index of the answer dates finds."""
    end = as_of(period, today)
    return (
        (Q(answered_on__isnull=True) | Q(answered_on__gt=end))
        & Q(forwarded_on__lte=end, due_date__lt=end)
        & ~Q(status__in=CLOSED_WITHOUT_ANSWER, closed_on__lte=end)
    )


def concerns(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """A period made of whole half-months (every period a report offers, once it has ended) is read
    from the concerns' figures by half-month (``concerns.figures``: two queries over rows counted
    beforehand); any other (a period that ends today, a range of days) from the concerns themselves
    (two more queries)."""
    return by_halves(
        grouping,
        periods,
        from_halves=lambda runs: _from_halves(grouping, runs),
        from_records=lambda chosen: _from_concerns(grouping, chosen),
    )


def _from_halves(grouping: Grouping, runs: Sequence[tuple[int, int]]) -> list[Parts]:
    """Two queries: the concerns received in each run of half-months (and answered by its end),
    and those overdue at its end. A run stands for a period here (``aggregate`` reads its
    bounds through ``within`` and ``end_of``)."""
    column = column_of(grouping, unit="place", organization="organization")

    def received(held: Q, end) -> dict:
        answered = held & Q(answered_half__lte=end)
        found = {
            "concerns_raised": Sum("concerns", filter=held),
            "concerns_answered": Sum("concerns", filter=answered),
            "petitions": Sum("petitions", filter=held),
            "opinions_recorded": Sum("opinions", filter=held),
            "opinions_answered_on_spot": Sum("opinions_answered_on_spot", filter=held),
            "opinions_answered": Sum("opinions", filter=answered),
        }
        for category in ConcernCategory:
            found[f"concerns_{category.value}"] = Sum(category.value, filter=held)
        return found

    def overdue(run) -> Q:
        end = run[1]
        return Q(overdue_from__lte=end) & (Q(overdue_until__isnull=True) | Q(overdue_until__gt=end))

    def overdue_parts(run) -> dict:
        return {
            "concerns_overdue": Sum("concerns", filter=overdue(run)),
            "opinions_overdue": Sum("opinions", filter=overdue(run)),
        }

    def read(rows, within, **parts) -> list[Parts]:
        return aggregate(rows, column=column, grouping=grouping, periods=runs, within=within, **parts)

    return merged(
        read(
            ConcernHalfMonth.objects.all(),
            lambda run: Q(received_half__range=run),
            shape=received,
            end_of=lambda run: run[1],
        ),
        # A span is overdue at the end of several runs: counted once for each (no ``shape``).
        read(ConcernOverdueSpan.objects.all(), overdue, parts=overdue_parts),
    )


def _from_concerns(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Two queries: what was received in the periods (read through the index of the receipt dates),
    and what was overdue at their ends (whenever it was received)."""
    today = grouping.today
    column = column_of(grouping, unit=_place(), organization="organization")

    def received(held: Q, end) -> dict:
        answered = held & Q(answered_on__lte=end)
        found = {
            "concerns_raised": Count("pk", filter=held),
            "concerns_answered": Count("pk", filter=answered),
            "petitions": Count("pk", filter=held & Q(source=ConcernSource.PETITION)),
            "opinions_recorded": Count("pk", filter=held & OPINION),
            "opinions_answered_on_spot": Count("pk", filter=held & OPINION & Q(answered_on_spot=True)),
            "opinions_answered": Count("pk", filter=answered & OPINION),
        }
        for category in ConcernCategory:
            found[f"concerns_{category.value}"] = Count("pk", filter=held & Q(category=category))
        return found

    def overdue_parts(period: Period) -> dict:
        overdue = _overdue(period, today)
        return {
            "concerns_overdue": Count("pk", filter=overdue),
            "opinions_overdue": Count("pk", filter=overdue & OPINION),
        }

    def read(within, **parts) -> list[Parts]:
        rows = Concern.objects.all()
        return aggregate(rows, column=column, grouping=grouping, periods=periods, within=within, **parts)

    return merged(
        read(
            lambda period: _received(period, today),
            shape=received,
            end_of=lambda period: as_of(period, today),
        ),
        read(lambda period: _overdue(period, today), parts=overdue_parts),
    )


def answer_days(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """How many concerns took each number of days from receipt to answer: one row per group (or
    report row) and number of days, so the median is read from a histogram bounded by the number of
    different delays, never from the concerns one by one (the same query on SQLite and
    PostgreSQL). The records are also bounded by the first and last days of all the periods, so
    that PostgreSQL can read them from the index of the answered concerns alone
    (``concern_answered_days``: the dates and places; a count of the receipt dates, never empty)."""
    today = grouping.today
    days = DaysBetween("answered_on", "received_on")
    first = min(period.start for period in periods)
    last = max(as_of(period, today) for period in periods)
    return aggregate(
        Concern.objects.filter(answered_on__isnull=False, received_on__range=(first, last)).annotate(
            answer_delay=days
        ),
        column=column_of(grouping, unit=_place(), organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: _answered_by_end(period, today),
        shape=lambda held, _end: {"answer_days": Count("received_on", filter=held)},
        extra=("answer_delay",),
    )
