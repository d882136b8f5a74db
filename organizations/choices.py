"""The bounded choices of the cadre forms: a unit's residential areas and the organizations that
can organize an activity of a unit, in natural order ("Khu phố 2" before "Khu phố 10").

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
from .models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, OrganizationKind


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
