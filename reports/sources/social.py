"""The social policy figures, by the rules of ``social.reports`` (which the cadre overview shows for
a whole scope), grouped here by unit or organization in the same queries.

Entrusted loans are each open group's last snapshot on or before the end of the period, grouped
by the residential area the group was in on that snapshot's date (or by the managing association);
the Fund for the Poor by its Front committee; Great Unity houses by the day they were handed over;
exemplary models by their recognising decision, or by their year when it has no date.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, F, Q, Sum

from social.models import (
    ExemplaryModel,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    HouseWork,
    LoanSnapshot,
)

from ..periods import Period
from .common import Grouping, Parts, aggregate, as_of, column_of, done


def loans(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Outstanding and overdue at the end of each period: one query a period (each reads the
    snapshots of its own day)."""
    results: list[Parts] = []
    column = column_of(grouping, unit="unit", organization="group__association")
    for period in periods:
        on = as_of(period, grouping.today)
        snapshots = LoanSnapshot.objects.latest_on(on).filter(
            Q(group__closed_on__isnull=True) | Q(group__closed_on__gte=on)
        )
        results.extend(
            aggregate(
                snapshots,
                column=column,
                grouping=grouping,
                periods=[period],
                within=lambda _period: Q(),
                parts=lambda _period: {
                    "loans_outstanding": Sum("outstanding_vnd"),
                    "loans_overdue": Sum("overdue_vnd"),
                },
            )
        )
    return results


def _fund(model, name: str, grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    return aggregate(
        model.objects.all(),
        column=column_of(grouping, unit="committee__unit", organization="committee"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "date", today),
        shape=lambda held, _end: {name: Sum("amount_vnd", filter=held)},
    )


def fund_receipts(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    return _fund(FundReceipt, "fund_raised", grouping, periods)


def fund_spending(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    return _fund(FundSpending, "fund_spent", grouping, periods)


def houses(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    cost = F("cost_fund_vnd") + F("cost_state_vnd") + F("cost_donors_vnd") + F("cost_family_vnd")

    def shape(handed_over: Q, _end) -> dict:
        return {
            "houses_built": Count("pk", filter=handed_over & Q(work=HouseWork.NEW_BUILD)),
            "houses_repaired": Count("pk", filter=handed_over & Q(work=HouseWork.REPAIR)),
            "houses_cost": Sum(cost, filter=handed_over),
        }

    return aggregate(
        GreatUnityHouse.objects.handed_over(),
        column=column_of(grouping, unit="unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "handed_over_on", today),
        shape=shape,
    )


def _recognised(period: Period, today) -> Q:
    dated = done(period, "decision_date", today)
    by_year = Q(decision_date__isnull=True, year__range=(period.start.year, period.end.year))
    return dated | by_year


def models(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    return aggregate(
        ExemplaryModel.objects.all(),
        column=column_of(grouping, unit="organization__unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        # Not a ``shape``: a model without a decision date counts in every period of its year.
        within=lambda period: _recognised(period, today),
        parts=lambda period: {"models_recognised": Count("pk", filter=_recognised(period, today))},
    )
