"""Records "as it was" and "as it is now": the one mapping from a unit to today's structure.

A record keeps the unit it was logged in. "As it was" filters on that unit; "as it is now"
filters on the unit's ``current_unit``, the unit of today it became through every
reorganization since (kept by ``refresh_current_units`` whenever the lineage changes). Both are
conditions on the record's own query: a join, never a loop over records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AdministrativeUnit, UnitLineage
from .scoping import units_below_query


class View(models.TextChoices):
    AS_IT_WAS = "was", _("as it was (the unit the record was logged in)")
    AS_IT_IS = "now", _("as it is now (today's units)")


def unit_condition(field: str | Sequence[str], unit: AdministrativeUnit, view: str = View.AS_IT_WAS) -> Q:
    """The records whose ``field`` (a unit foreign key; or any of several) lies in ``unit`` and below it.

    As it was: logged in the unit or one of its sub-units. As it is now: logged in any unit that
    is today part of the unit (or, for a unit that has itself ended, of the unit it became).
    A subquery on the reach table in both views (no query of its own, no list of ids); the unit
    of today is read by its id, not loaded.
    """
    return unit_conditions(unit, view, field)[0]


def unit_conditions(unit: AdministrativeUnit, view: str, *fields: str | Sequence[str]) -> list[Q]:
    """``unit_condition`` for several models at once (one condition per ``fields`` entry)."""
    if view == View.AS_IT_IS:
        ids, lookup = units_below_query(unit.current_unit_id or unit.pk), "{}__current_unit_id__in"
    else:
        ids, lookup = units_below_query(unit.pk), "{}_id__in"
    conditions = []
    for names in fields:
        condition = Q()
        for name in (names,) if isinstance(names, str) else tuple(names):
            condition |= Q(**{lookup.format(name): ids})
        conditions.append(condition)
    return conditions


def current_unit_of(field: str) -> models.F:
    """The unit of today of a record's unit, to group by (``values(current_unit_of("unit"))``)."""
    return models.F(f"{field}__current_unit")


def primary_successors() -> dict[int, int]:
    """Each unit that became others → the one that took most of it (the largest share; on a tie
    the unit listed first). Records logged in the unit itself are counted there "as it is now"."""
    best: dict[int, tuple] = {}
    for before, after, share in UnitLineage.objects.values_list("before_id", "after_id", "share"):
        key = (share, -after)
        if before not in best or key > best[before][0]:
            best[before] = (key, after)
    return {before: after for before, (_key, after) in best.items()}


def refresh_current_units(unit_ids: Iterable[int] | None = None) -> int:
    """Recompute ``current_unit`` (of ``unit_ids``, or of every unit) from the lineage; returns the
    number of units whose unit of today changed. Two reads and one batched update."""
    successor = primary_successors()
    units = AdministrativeUnit.objects.all()
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    changed = []
    for unit in units.only("pk", "current_unit_id"):
        current, seen = unit.pk, set()
        while current in successor and current not in seen:
            seen.add(current)
            current = successor[current]
        if unit.current_unit_id != current:
            unit.current_unit_id = current
            changed.append(unit)
    AdministrativeUnit.objects.bulk_update(changed, ["current_unit"], batch_size=2000)
    return len(changed)


def came_from_map() -> dict[int, list[AdministrativeUnit]]:
    """Each unit → the units it came from (by code), in one query; for loops that would otherwise
    ask once per unit."""
    found: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for row in UnitLineage.objects.select_related("before").order_by("before__code"):
        found[row.after_id].append(row.before)
    return found


def lineage_around(unit_id: int) -> list[UnitLineage]:
    """The lineage rows two reorganizations deep around a unit, in one query (subqueries), with
    both ends and the reorganization: how it was formed and what it became, the units it was
    formed or ended with, how the units it came from were formed, and what the units it became
    became in turn. The earliest first."""
    came_from = UnitLineage.objects.filter(after_id=unit_id).values("before_id")
    became = UnitLineage.objects.filter(before_id=unit_id).values("after_id")
    return list(
        UnitLineage.objects.filter(
            Q(before_id=unit_id)
            | Q(after_id=unit_id)
            | Q(after_id__in=became)  # merged with it, and how its successors were formed
            | Q(before_id__in=came_from)  # split with it, and how its predecessors ended
            | Q(after_id__in=came_from)  # how the units it came from were formed
            | Q(before_id__in=became)  # what the units it became became
        )
        .select_related("before", "after", "reorganization")
        .order_by("reorganization__effective_date", "reorganization_id", "before__name", "after__name")
    )
