"""Keeping the work log's figures of each day (``WorkDay``) current, and rebuilding them.

What a figure counts is defined once, here (``figures``): the reports sum the stored days and never
count activities themselves. A save or a deletion through ``activities.services`` recomputes the
days it touched (the unit, the organizers and, for a visit, the residential area of the activity,
before and after the change) in the same transaction: a delete and one ``INSERT … SELECT`` per kind
of row, whatever the number of activities on those days. ``rebuild_work_days()`` recomputes every
day (after a bulk load that went around the services: the demo data, a bench's ``COPY``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from core.halfmonths import half_end, half_expression, half_of, half_start
from organizations.services import lock_units

from .models import Activity, ActivityKind, MediationOutcome, VisitDetails, WorkDay, WorkHalfMonth

KIND = ActivityKind


def _count(prefix: str, kind: str | None = None, extra: Q | None = None):
    condition = Q() if kind is None else Q(**{f"{prefix}kind": kind})
    if extra is not None:
        condition &= extra
    return Count(f"{prefix}pk", filter=condition or None)


def _sum(prefix: str, path: str, kind: str):
    return Coalesce(Sum(f"{prefix}{path}", filter=Q(**{f"{prefix}kind": kind})), Value(0))


def figures(prefix: str = "") -> dict[str, object]:
    """Each stored figure as an aggregate over activities (reached through ``prefix``, e.g.
    ``"activity__"`` from the organizers' table), in ``WorkDay``'s column names."""
    successful = Q(**{f"{prefix}mediation_details__outcome": MediationOutcome.SUCCESSFUL})
    return {
        "activities": _count(prefix),
        "visits": _count(prefix, KIND.VISIT),
        "households_visited": _sum(prefix, "visit_details__households_visited", KIND.VISIT),
        "meetings": _count(prefix, KIND.MEETING),
        "voter_contacts": _count(prefix, KIND.VOTER_CONTACT),
        "voters_attending": _sum(prefix, "voter_contact_details__voters_attending", KIND.VOTER_CONTACT),
        "opinions": _sum(prefix, "voter_contact_details__opinions_count", KIND.VOTER_CONTACT),
        "dialogues": _count(prefix, KIND.DIALOGUE),
        "mediations": _count(prefix, KIND.MEDIATION),
        "mediations_successful": _count(prefix, KIND.MEDIATION, successful),
        "drafts_commented": _count(prefix, KIND.DRAFT_COMMENTS),
        "support_given": _count(prefix, KIND.SUPPORT),
        "support_recipients": _sum(prefix, "support_details__recipients", KIND.SUPPORT),
        "support_value": _sum(prefix, "support_details__value_vnd", KIND.SUPPORT),
    }


FIGURE_NAMES: tuple[str, ...] = tuple(figures())
# What the rows of a residential area count: the visits made there.
AREA_FIGURES = ("visits", "households_visited")


@dataclass
class Days:
    """The days whose figures a change touches: ``(unit id, day)``, ``(organization id, day)`` and
    ``(residential area id, day)``."""

    units: set[tuple[int, datetime.date]] = field(default_factory=set)
    organizations: set[tuple[int, datetime.date]] = field(default_factory=set)
    areas: set[tuple[int, datetime.date]] = field(default_factory=set)

    def add(
        self,
        *,
        unit_id: int | None,
        day: datetime.date,
        organization_ids: Iterable[int],
        area_id: int | None = None,
    ) -> None:
        if unit_id is not None:
            self.units.add((unit_id, day))
        self.organizations.update((org_id, day) for org_id in organization_ids)
        if area_id is not None:
            self.areas.add((area_id, day))


_READ = object()


def visited_area(activity: Activity) -> int | None:
    """The residential area a stored visit went to (one query for a visit, none for another kind)."""
    if activity.kind != KIND.VISIT or activity.pk is None:
        return None
    found = VisitDetails.objects.filter(activity_id=activity.pk).values_list("residential_area_id", flat=True)
    return found.first()


def days_of(activity: Activity, organization_ids: Iterable[int] | None = None, *, area_id=_READ) -> Days:
    """The days a stored activity counts in (its organizers, and a visit's area, read unless given)."""
    if organization_ids is None:
        organization_ids = activity.organizations.values_list("pk", flat=True)
    if area_id is _READ:
        area_id = visited_area(activity)
    days = Days()
    days.add(unit_id=activity.unit_id, day=activity.date, organization_ids=organization_ids, area_id=area_id)
    return days


def _by_unit(activities: QuerySet) -> QuerySet:
    return activities.values("unit", "date").annotate(**figures()).order_by()


def _by_organization(links: QuerySet) -> QuerySet:
    return links.values("organization", "activity__date").annotate(**figures("activity__")).order_by()


def _by_area(visits: QuerySet) -> QuerySet:
    every = figures("activity__")
    counted = {name: every[name] for name in AREA_FIGURES}
    return visits.values("residential_area", "activity__date").annotate(**counted).order_by()


def _insert(
    rows: QuerySet,
    group_column: str,
    names: Iterable[str] = FIGURE_NAMES,
    *,
    table=WorkDay,
    when: str = "day",
) -> None:
    """``INSERT INTO workday (group, day, figures…) SELECT …`` (or into ``table``, whose date column
    is ``when``) from a grouped query whose columns come in that order (its ``values`` then its
    annotations)."""
    sql, params = rows.query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in (group_column, when, *names))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(table._meta.db_table)} ({columns}) {sql}", params)


def _summed_halves(days: QuerySet, group: str) -> QuerySet:
    """The figures of ``days`` (rows of ``WorkDay``) summed by ``group`` and half-month."""
    sums = {name: Sum(name) for name in FIGURE_NAMES}
    return days.annotate(half=half_expression("day")).values(group, "half").annotate(**sums).order_by()


def _refresh_halves(halves: set[tuple[int, int]], column: str, table=WorkHalfMonth, days=WorkDay) -> None:
    """Recompute the half-month rows of ``(unit or organization id, half)`` from their days."""
    if not halves:
        return
    table.objects.filter(_either(halves, column, "half")).delete()
    condition = Q()
    for pk, half in halves:
        condition |= Q(**{column: pk, "day__range": (half_start(half), half_end(half))})
    _insert(_summed_halves(days.objects.filter(condition), column), column, table=table, when="half")


def rebuild_work_halves(apps=None) -> int:
    """Recompute every half-month row from the days; returns the number of rows written. ``apps``:
    a migration's models (the migration that made the table fills it)."""
    table = apps.get_model("activities", "WorkHalfMonth") if apps else WorkHalfMonth
    days = apps.get_model("activities", "WorkDay") if apps else WorkDay
    with transaction.atomic():
        table.objects.all().delete()
        for column in ("unit_id", "organization_id"):
            chosen = days.objects.filter(**{f"{column}__isnull": False})
            _insert(_summed_halves(chosen, column), column, table=table, when="half")
        return table.objects.count()


def _either(pairs: Iterable[tuple[int, object]], id_lookup: str, day_lookup: str) -> Q:
    condition = Q()
    for pk, day in pairs:
        condition |= Q(**{id_lookup: pk, day_lookup: day})
    return condition


def refresh_work_days(days: Days) -> None:
    """Recompute the stored figures of ``days`` from the work log (inside the caller's transaction,
    after its change is saved): a lock on the units concerned, then a delete and an insert for each
    kind of row touched."""
    links = Activity.organizations.through.objects
    with transaction.atomic(savepoint=False):  # in the caller's transaction, or one of its own
        lock_units(
            {pk for pk, _day in days.units} | {pk for pk, _day in days.areas},
            {pk for pk, _day in days.organizations},
        )
        if days.units:
            WorkDay.objects.filter(_either(days.units, "unit_id", "day")).delete()
            activities = Activity.objects.filter(_either(days.units, "unit_id", "date"))
            _insert(_by_unit(activities), "unit_id")
        if days.organizations:
            WorkDay.objects.filter(_either(days.organizations, "organization_id", "day")).delete()
            chosen = links.filter(_either(days.organizations, "organization_id", "activity__date"))
            _insert(_by_organization(chosen), "organization_id")
        if days.areas:
            WorkDay.objects.filter(_either(days.areas, "area_id", "day")).delete()
            visits = VisitDetails.objects.filter(_either(days.areas, "residential_area_id", "activity__date"))
            _insert(_by_area(visits), "area_id", AREA_FIGURES)
        # The half-months of those days, summed again from them (areas have none).
        _refresh_halves({(pk, half_of(day)) for pk, day in days.units}, "unit_id")
        _refresh_halves({(pk, half_of(day)) for pk, day in days.organizations}, "organization_id")


def rebuild_work_days() -> int:
    """Recompute every stored day from the work log; returns the number of rows written."""
    with transaction.atomic():
        WorkDay.objects.all().delete()
        _insert(_by_unit(Activity.objects.all()), "unit_id")
        _insert(_by_organization(Activity.organizations.through.objects.all()), "organization_id")
        _insert(_by_area(VisitDetails.objects.all()), "area_id", AREA_FIGURES)
        rebuild_work_halves()
        return WorkDay.objects.count()
