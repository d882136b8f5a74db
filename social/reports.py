"""The figures of the social policy work for reports, over any QuerySets (a cadre's scope, a unit).

Each function reads aggregates only, in a fixed number of queries: the loan balance and overdue
ratio by association and by unit, the Fund for the Poor raised and spent and its balance, the
houses built and repaired with their cost by source, the models recognised and the
commendations by level. The cadre overview (``/cadre/social/``) shows them for the user's scope;
the reports of the portal take them from here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from organizations.models import OrganizationKind

from .models import (
    COST_SOURCES,
    CommendationLevel,
    HouseWork,
    LoanSnapshot,
    ModelField,
    ratio_percent,
)

_SUM_KEYS = ("groups", "outstanding", "overdue", "frozen", "borrowers")


@dataclass(frozen=True)
class LoanRow:
    label: str
    groups: int
    outstanding: int
    overdue: int
    frozen: int
    borrowers: int

    @property
    def overdue_ratio(self) -> Decimal | None:
        return ratio_percent(self.overdue, self.outstanding)


@dataclass(frozen=True)
class LoanFigures:
    on: datetime.date
    by_association: list[LoanRow]
    by_unit: list[LoanRow]

    @property
    def total(self) -> LoanRow:
        rows = self.by_association
        return LoanRow(
            "",
            sum(r.groups for r in rows),
            sum(r.outstanding for r in rows),
            sum(r.overdue for r in rows),
            sum(r.frozen for r in rows),
            sum(r.borrowers for r in rows),
        )


def _loan_sums() -> dict:
    return {
        "groups": Count("group_id", distinct=True),
        "outstanding": Coalesce(Sum("outstanding_vnd"), 0),
        "overdue": Coalesce(Sum("overdue_vnd"), 0),
        "frozen": Coalesce(Sum("frozen_vnd"), 0),
        "borrowers": Coalesce(Sum("borrowers"), 0),
    }


def loan_figures(
    snapshots: QuerySet[LoanSnapshot], on: datetime.date, *, roll_up: bool = False
) -> LoanFigures:
    """Each open group's last figures on or before ``on``, summed by association and by ward or
    commune (as it was then, or rolled up into today's units). Two queries."""
    latest = snapshots.latest_on(on).filter(Q(group__closed_on__isnull=True) | Q(group__closed_on__gte=on))
    labels = dict(OrganizationKind.choices)
    by_association = [
        LoanRow(str(labels.get(row["group__association__kind"], "")), *(row[k] for k in _SUM_KEYS))
        for row in latest.values("group__association__kind")
        .annotate(**_loan_sums())
        .order_by("group__association__kind")
    ]
    if roll_up:
        unit_name = Coalesce("unit__parent__current_unit__name", "unit__parent__name")
    else:
        unit_name = Coalesce("unit__parent__name", "unit__name")
    by_unit = [
        LoanRow(row["unit_name"], *(row[k] for k in _SUM_KEYS))
        for row in latest.annotate(unit_name=unit_name)
        .values("unit_name")
        .annotate(**_loan_sums())
        .order_by("unit_name")
    ]
    return LoanFigures(on=on, by_association=by_association, by_unit=by_unit)


@dataclass(frozen=True)
class FundFigures:
    raised: int
    spent: int
    balance: int


def fund_figures(
    receipts: QuerySet, spending: QuerySet, start: datetime.date, end: datetime.date
) -> FundFigures:
    """Raised and spent in the period, and the balance at its end (two queries)."""
    during = Q(date__gte=start)
    r = receipts.filter(date__lte=end).aggregate(
        during=Coalesce(Sum("amount_vnd", filter=during), 0), total=Coalesce(Sum("amount_vnd"), 0)
    )
    s = spending.filter(date__lte=end).aggregate(
        during=Coalesce(Sum("amount_vnd", filter=during), 0), total=Coalesce(Sum("amount_vnd"), 0)
    )
    return FundFigures(raised=r["during"], spent=s["during"], balance=r["total"] - s["total"])


@dataclass(frozen=True)
class HouseFigures:
    built: int
    repaired: int
    costs: list[tuple[str, int]]
    labour_days: int

    @property
    def total_cost(self) -> int:
        return sum(amount for _label, amount in self.costs)


def house_figures(houses: QuerySet, start: datetime.date, end: datetime.date) -> HouseFigures:
    """Houses handed over in the period, built and repaired, with their cost by source (one query)."""
    sums = houses.handed_over_between(start, end).aggregate(
        built=Count("pk", filter=Q(work=HouseWork.NEW_BUILD)),
        repaired=Count("pk", filter=Q(work=HouseWork.REPAIR)),
        labour=Coalesce(Sum("labour_days"), 0),
        **{field: Coalesce(Sum(field), 0) for field, _label in COST_SOURCES},
    )
    return HouseFigures(
        built=sums["built"],
        repaired=sums["repaired"],
        costs=[(str(label), sums[field]) for field, label in COST_SOURCES],
        labour_days=sums["labour"],
    )


@dataclass(frozen=True)
class RecognitionFigures:
    models_by_field: list[tuple[str, int]]
    commendations_by_level: list[tuple[str, int]]

    @property
    def models(self) -> int:
        return sum(count for _label, count in self.models_by_field)

    @property
    def commendations(self) -> int:
        return sum(count for _label, count in self.commendations_by_level)


def recognition_figures(models: QuerySet, commendations: QuerySet, start: datetime.date, end: datetime.date):
    """Models recognised in the period (by field) and commendations decided in it (by level): two queries."""
    fields = dict(
        models.filter(year__range=(start.year, end.year))
        .values_list("field")
        .annotate(n=Count("pk"))
        .order_by()
    )
    levels = dict(
        commendations.filter(decision_date__range=(start, end))
        .values_list("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return RecognitionFigures(
        models_by_field=[(str(label), fields[code]) for code, label in ModelField.choices if code in fields],
        commendations_by_level=[
            (str(label), levels[code]) for code, label in CommendationLevel.choices if code in levels
        ],
    )
