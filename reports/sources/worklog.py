"""The work log's figures: activities by kind with their details, the commitments made at
dialogues, and the coverage of the households (whose rule is ``members.coverage``'s)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum

from activities.figures import FIGURE_NAMES
from activities.models import Commitment, CommitmentStatus, WorkDay, WorkHalfMonth
from members.coverage import household_figures, households_reached

from ..periods import Period
from .common import UNIT, Grouping, Parts, aggregate, as_of, by_halves, column_of, done


def activities(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Activities by kind and what their details count, grouped by the activity's unit or by its
    organizers (an activity two organizations held together counts for each of them): sums of the
    work log's figures (``activities.figures``), never a count of the activities; of each
    half-month for a period of whole half-months, of each day for any other."""
    return by_halves(
        grouping,
        periods,
        from_halves=lambda runs: _from_half_months(grouping, runs),
        from_records=lambda chosen: _from_days(grouping, chosen),
    )


def _of_grouping(model, grouping: Grouping):
    by_unit = grouping.by == UNIT
    return model.objects.filter(organization__isnull=by_unit, unit__isnull=not by_unit)


def _figures(held: Q, _end) -> dict:
    """The work log's figures of the days (half-months) that meet ``held``."""
    return {name: Sum(name, filter=held) for name in FIGURE_NAMES}


def _from_half_months(grouping: Grouping, runs: Sequence[tuple[int, int]]) -> list[Parts]:
    return aggregate(
        _of_grouping(WorkHalfMonth, grouping),
        column=column_of(grouping, unit="unit", organization="organization"),
        grouping=grouping,
        periods=runs,
        within=lambda run: Q(half__range=run),
        shape=_figures,
    )


def _from_days(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    return aggregate(
        _of_grouping(WorkDay, grouping),
        column=column_of(grouping, unit="unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "day", today),
        shape=_figures,
    )


def commitment_records():
    """The commitments made at dialogues and voter contacts (not those in answers to concerns,
    which have no meeting) and the condition of a kept one."""
    return Commitment.objects.filter(activity__isnull=False), Q(status=CommitmentStatus.KEPT)


def commitments(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """The commitments made at the dialogues (and voter contacts) held in the period, and how many
    of them were kept, grouped by the activity's unit or organizers."""
    records, kept = commitment_records()
    today = grouping.today

    def shape(made: Q, _end) -> dict:
        return {
            "commitments": Count("pk", filter=made),
            "commitments_kept": Count("pk", filter=made & kept),
        }

    return aggregate(
        records,
        column=column_of(grouping, unit="activity__unit", organization="activity__organizations"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "activity__date", today),
        shape=shape,
    )


def coverage(grouping: Grouping, periods: Sequence[Period]) -> list[Parts] | None:
    """Households reached (distinct households visited in each area) and, for the share, the
    household figures of the areas that exist at the end of the period with the households reached
    there (when the share is asked for): two queries a period, through ``members.coverage``. Only a
    report by unit has areas."""
    if grouping.by != UNIT:
        return None
    areas = [pk for pk, node in grouping.units.items() if node.is_area and pk in grouping.ids]
    results: list[Parts] = []
    share = grouping.wants("households") or grouping.wants("coverage_reached")
    for period in periods:
        end = as_of(period, grouping.today)
        reached = households_reached(areas, period.start, end) if end >= period.start else {}
        counted = [pk for pk in areas if grouping.units[pk].existed_on(end)]
        figures = household_figures(counted, period.end.year) if share else {}
        parts: Parts = {}
        for area, number in reached.items():
            parts.setdefault(area, {})["households_reached"] = number
        for area, figure in figures.items():
            found = parts.setdefault(area, {})
            found["households"] = figure.households
            found["coverage_reached"] = reached.get(area, 0)
        results.append(parts)
    return results
