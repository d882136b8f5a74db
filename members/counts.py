"""The figures of the member registers, computed in the database: what reports and pages call.

Three questions, each optionally narrowed to an organization (with its branches) and a unit (with
the units below), and broken down by one dimension:

- ``members_on(on)``: members on a day (joined on or before it, not yet left: the day of leaving
  is not counted);
- ``joined_between(start, end)``: new members in a period (both days included);
- ``left_between(start, end)``: members who left in a period.

A transfer between branches is neither a new member nor a departure of the organization: it is
left out of the last two unless ``transfers=True`` (a branch's own figures, where a member
transferred in is a newcomer). Members are counted once however many memberships match (a member
of the Women's Union and the Red Cross is one member of "all organizations").

Each call is one aggregate query (narrowed to an organization or a unit through the reach tables,
as a subquery), plus one on the reach table for the organizations or units found when asked to roll
up; nothing loops over members, nothing reads the whole tree. ``within`` takes an already scoped QuerySet of
memberships (``Membership.objects.visible_to(user)``) so a page shows only what its reader may see.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Literal

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationReach,
    UnitReach,
)
from organizations.scoping import organizations_below_query, units_below_query

from .models import LeaveReason, Membership

Dimension = Literal[
    "branch",
    "organization",
    "unit",
    "commune",
    "residential_area",
    "gender",
    "age_band",
    "ethnicity",
    "reason",
]
# The age bands of the reports: (key, label, youngest, oldest), by age reached in the year.
AGE_BANDS = (
    ("under_30", _("under 30"), None, 29),
    ("30_44", _("30 to 44"), 30, 44),
    ("45_59", _("45 to 59"), 45, 59),
    ("60_74", _("60 to 74"), 60, 74),
    ("75_up", _("75 and over"), 75, None),
)
AGE_UNKNOWN = "unknown"
AGE_BAND_LABELS = {key: label for key, label, _low, _high in AGE_BANDS} | {
    AGE_UNKNOWN: _("year of birth unknown")
}
_COLUMNS = {
    "branch": "organization_id",
    "unit": "organization__unit_id",
    "residential_area": "member__residential_area_id",
    "gender": "member__gender",
    "ethnicity": "member__ethnicity",
    "reason": "leave_reason",
}


def age_band(on: datetime.date) -> Case:
    """The age band of a membership's member in ``on``'s year, as a database expression."""
    whens = [When(member__birth_year__isnull=True, then=Value(AGE_UNKNOWN))]
    for key, _label, _low, high in AGE_BANDS:
        if high is not None:
            whens.append(When(member__birth_year__gte=on.year - high, then=Value(key)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]), output_field=CharField())


def narrowed(
    within: QuerySet | None, organization: Organization | None = None, unit: AdministrativeUnit | None = None
) -> QuerySet:
    """Memberships (of ``within``, or all) of ``organization`` and its branches, in ``unit`` and below."""
    memberships = Membership.objects.all() if within is None else within
    if organization is not None:
        memberships = memberships.filter(organization_id__in=organizations_below_query(organization.pk))
    if unit is not None:
        memberships = memberships.filter(organization__unit_id__in=units_below_query(unit.pk))
    return memberships


def _roll_up(counts: dict, parent_of) -> dict:
    rolled: dict = defaultdict(int)
    for key, number in counts.items():
        rolled[parent_of(key)] += number
    return dict(rolled)


def _top_organizations(ids) -> dict[int, int]:
    """Each of these organizations' top organization of the same kind (a branch's association):
    its highest ancestor reached through organizations of its own kind. One query on the reach
    table, bounded by the organizations asked and their depth, never the whole tree."""
    chains: dict[int, list[tuple[int, int | None, bool]]] = defaultdict(list)
    rows = OrganizationReach.objects.filter(organization_id__in=ids, through_lineage=False).values_list(
        "organization_id", "ancestor_id", "ancestor__parent_id", "ancestor__kind", "organization__kind"
    )
    for pk, ancestor, parent, ancestor_kind, kind in rows:
        chains[pk].append((ancestor, parent, ancestor_kind == kind))
    tops: dict[int, int] = {}
    for pk, chain in chains.items():
        same_kind = {ancestor: parent for ancestor, parent, same in chain if same}
        current = pk
        while same_kind.get(current) in same_kind:
            current = same_kind[current]
        tops[pk] = current
    return tops


def _communes(ids) -> dict[int, int]:
    """Each of these units' ward or commune (the unit itself above that level): one query on the
    reach table, bounded by the units asked."""
    communes = {pk: pk for pk in ids}
    rows = UnitReach.objects.filter(
        unit_id__in=ids, through_lineage=False, ancestor__kind__in=COMMUNE_LEVEL_KINDS
    ).values_list("unit_id", "ancestor_id")
    communes.update(rows)
    return communes


def _count(memberships: QuerySet, by: Dimension | None, on: datetime.date) -> int | dict:
    if by is None:
        return memberships.aggregate(n=Count("member_id", distinct=True))["n"]
    if by == "age_band":
        key = age_band(on)
    elif by in ("organization", "commune"):
        key = F(_COLUMNS["branch" if by == "organization" else "unit"])
    else:
        key = F(_COLUMNS[by])
    rows = (
        memberships.annotate(key=key)
        .values("key")
        .annotate(n=Count("member_id", distinct=True))
        .order_by("key")
    )
    counts = {row["key"]: row["n"] for row in rows}
    if by == "organization":
        tops = _top_organizations(counts)
        return _roll_up(counts, lambda pk: tops.get(pk, pk))
    if by == "commune":
        communes = _communes(counts)
        return _roll_up(counts, lambda pk: communes.get(pk, pk))
    return counts


def members_on(
    on: datetime.date,
    *,
    organization: Organization | None = None,
    unit: AdministrativeUnit | None = None,
    by: Dimension | None = None,
    within: QuerySet | None = None,
) -> int | dict:
    """Members on ``on``: a number, or a number per key of ``by``."""
    return _count(narrowed(within, organization, unit).active_on(on), by, on)


def _in_period(
    field: str,
    start: datetime.date,
    end: datetime.date,
    *,
    organization: Organization | None,
    unit: AdministrativeUnit | None,
    by: Dimension | None,
    transfers: bool,
    within: QuerySet | None,
) -> int | dict:
    memberships = narrowed(within, organization, unit).filter(**{f"{field}__range": (start, end)})
    if not transfers:
        # A transfer opens a membership linked to the one it closes, whose reason says so.
        memberships = (
            memberships.filter(previous__isnull=True)
            if field == "joined_on"
            else memberships.exclude(leave_reason=LeaveReason.TRANSFERRED)
        )
    return _count(memberships, by, end)


def joined_between(
    start: datetime.date,
    end: datetime.date,
    *,
    organization: Organization | None = None,
    unit: AdministrativeUnit | None = None,
    by: Dimension | None = None,
    transfers: bool = False,
    within: QuerySet | None = None,
) -> int | dict:
    """Members who joined from ``start`` to ``end`` (both included); transfers in only if asked."""
    narrowing = {"organization": organization, "unit": unit, "by": by, "within": within}
    return _in_period("joined_on", start, end, transfers=transfers, **narrowing)


def left_between(
    start: datetime.date,
    end: datetime.date,
    *,
    organization: Organization | None = None,
    unit: AdministrativeUnit | None = None,
    by: Dimension | None = None,
    transfers: bool = False,
    within: QuerySet | None = None,
) -> int | dict:
    """Members who left from ``start`` to ``end`` (both included); transfers out only if asked."""
    narrowing = {"organization": organization, "unit": unit, "by": by, "within": within}
    return _in_period("left_on", start, end, transfers=transfers, **narrowing)
