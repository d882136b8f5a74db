"""The bounded choices of the cadre forms: a unit's residential areas, the organizations that
can organize an activity of a unit, in natural order ("Khu phố 2" before "Khu phố 10"), and the
authorities a cadre can send a concern or a recommendation to.

The forms offer these lists, and the small JSON endpoints of ``views_choices`` serve the same
lists when the cadre picks another unit (``static/js/forms.js``). They are read within the
user's scope by the callers: the querysets passed in are already scoped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key

from .fields import natural_runs, organization_label, unit_label
from .models import (
    COMMUNE_LEVEL_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Authority,
    AuthorityKind,
    OrganizationKind,
    UnitKind,
    UnitReach,
)
from .scoping import scope_for


def areas_of(units: QuerySet[AdministrativeUnit], parent_id: int) -> list[tuple[int, str]]:
    """The residential areas of ``units`` right below ``parent_id``, as ``(pk, label)``: today's
    first, each in natural order."""
    areas = (
        units.filter(parent_id=parent_id, kind__in=RESIDENTIAL_AREA_KINDS)
        .select_related("parent")
        .order_by(F("valid_to").desc(nulls_first=True), "name", "pk")
    )
    return [(area.pk, unit_label(area)) for area in natural_runs(areas)]


def existed_on(on: datetime.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def organizer_choices(
    organizations: QuerySet, *, unit_id: int | None, on: datetime.date, chosen: Iterable[int] = ()
) -> list:
    """The organizers offered for an activity of ``unit_id`` on ``on``: the chosen ones first, then the
    organizations of the unit and of the units below it that existed that day, grouped by unit
    (the activity's unit first). Without a unit, the Front committees. Tens of choices, never every
    organization of the scope."""
    chosen = set(chosen)
    if unit_id is None:
        near = Q(kind=OrganizationKind.FRONT_COMMITTEE)
    else:
        near = Q(unit_id=unit_id) | Q(unit__parent_id=unit_id) | Q(unit__parent__parent_id=unit_id)
    rows = list(
        organizations.filter(Q(pk__in=chosen) | (near & existed_on(on))).select_related("unit__parent")
    )
    groups: list = []
    picked = [org for org in rows if org.pk in chosen]
    if picked:
        groups.append((_("Chosen"), [(org.pk, organization_label(org)) for org in picked]))
    by_unit: dict[AdministrativeUnit, list] = {}
    for org in rows:
        if org.pk not in chosen:
            by_unit.setdefault(org.unit, []).append(org)
    for unit in sorted(by_unit, key=lambda u: (u.pk != unit_id, natural_key(unit_label(u)), u.pk)):
        groups.append((unit_label(unit), [(org.pk, organization_label(org)) for org in by_unit[unit]]))
    return groups


# How far up a unit of the register sits: the groups of the authority choices go from the
# user's own ward or commune up to the province, then the national bodies (no unit).
_LEVEL = {
    **dict.fromkeys(RESIDENTIAL_AREA_KINDS, 1),
    **dict.fromkeys(COMMUNE_LEVEL_KINDS, 2),
    UnitKind.TOWN: 3,
    UnitKind.DISTRICT: 3,
    UnitKind.PROVINCE: 4,
}
_NATIONAL_LEVEL = 5
_KIND_ORDER = {kind: index for index, kind in enumerate(AuthorityKind.values)}


def _authority_order(authority: Authority) -> tuple:
    return (_KIND_ORDER.get(authority.kind, len(_KIND_ORDER)), natural_key(authority.name), authority.pk)


def _near_units(user) -> Q | None:
    """The units whose authorities ``user`` sends to: the units of the scope (with the old units
    that became part of them) and every unit above them; None for an account that sees
    everything. A subquery on the reach table (the ancestors of the scope's units), never a list
    of the scope's ids nor a walk over every unit of the country."""
    scope = scope_for(user)
    if scope.is_global:
        return None
    parts = [ids.query for ids in (scope.unit_ids_query(), scope.org_unit_ids_query()) if ids]
    if not parts:
        return Q(pk__in=[])
    work = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    above = UnitReach.objects.filter(unit_id__in=work, through_lineage=False).values("ancestor_id")
    return Q(unit__in=above)


def authorities_for(user, *, chosen: int | None = None) -> QuerySet[Authority]:
    """Every authority (on any date) ``user`` may send to: those of the units of the user's scope,
    of the units above them (the town, the province) and those with no unit (national bodies),
    plus ``chosen`` (the one already saved, kept whatever it is). The accepted values of
    ``AuthorityChoiceField.offer``; one query when evaluated."""
    near = _near_units(user)
    authorities = Authority.objects.select_related("unit__parent")
    if near is None:
        return authorities
    condition = near | Q(unit__isnull=True)
    if chosen:
        condition |= Q(pk=chosen)
    return authorities.filter(condition)


def authorities_by_unit(authorities) -> list[tuple[AdministrativeUnit | None, list[Authority]]]:
    """``authorities`` (with their ``unit`` loaded) grouped by unit, from the lowest level up: wards
    and communes, towns and districts, provinces, then the national bodies (``None``); units of a
    level by name; in a unit, by kind (the People's Committee first) then name. The choices of the
    forms and the public list of authorities are ordered so."""
    by_unit: dict[AdministrativeUnit | None, list[Authority]] = {}
    for authority in authorities:
        by_unit.setdefault(authority.unit, []).append(authority)

    def unit_order(unit: AdministrativeUnit | None) -> tuple:
        if unit is None:
            return (_NATIONAL_LEVEL, ())
        return (_LEVEL.get(unit.kind, _NATIONAL_LEVEL - 1), natural_key(unit.name), unit.pk)

    return [(unit, sorted(by_unit[unit], key=_authority_order)) for unit in sorted(by_unit, key=unit_order)]
