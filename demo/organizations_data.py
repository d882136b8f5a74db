"""The La Gi demo data as plain values: units, organizations, terms, people, positions, accounts.

The structure follows the 2025 reorganization (nine wards/communes of thị xã La Gi, Bình
Thuận, merged on 1 July 2025 into three units of Lâm Đồng; see ``structure``): the plan holds
the units as they were and the reorganizations (``organizations_reorganizations``) that make
the units of today, and the people and positions of both.
People and their positions are invented and marked as demo data. ``build_plan`` is
deterministic: the same seed gives the same plan, so seeding twice changes nothing.

This module lays out the units and puts the parts together in order: the town and
commune-level bodies (``organizations_communes``), the residential-area bodies and the
boards (``organizations_areas``), the demo accounts; rows are added through
``organizations_plan.PlanBuilder``.
"""

from __future__ import annotations

from dataclasses import replace

from organizations.models import Access, UnitKind

from .organizations_areas import inspection_members, monitoring_boards, residential_area
from .organizations_communes import commune_level, town_front
from .organizations_plan import PlanBuilder
from .organizations_reorganizations import reorganizations
from .structure import (
    NEW_LAGI,
    NEW_PHUOCHOI,
    NEW_START,
    NEW_UNITS,
    OLD_END,
    OLD_UNITS,
    PROVINCE_NEW,
    PROVINCE_OLD,
    TOWN,
    AccountSpec,
    Area,
    DemoPlan,
    K,
    PositionSpec,
    T,
    UnitSpec,
    area_kind,
    merger_key,
    residential_areas,
    split_parts,
)


def build_plan() -> DemoPlan:
    builder = PlanBuilder()
    old_areas, new_areas = residential_areas()
    parts = split_parts(new_areas)
    _units(builder, old_areas)
    builder.plan.reorganizations = reorganizations(old_areas, new_areas, parts)
    town_leaders = town_front(builder)
    old_leaders = {unit.code: commune_level(builder, unit, new=False) for unit in OLD_UNITS}
    area_people: dict[str, dict[str, str]] = {}
    for area in old_areas:
        area_people[area.successor] = residential_area(builder, area, new=False, people=None)
    new_leaders = {}
    for unit in NEW_UNITS:
        predecessors = [old_leaders[u.code] for u in OLD_UNITS if u.successor == unit.code]
        town = town_leaders if unit.code == NEW_LAGI else None
        new_leaders[unit.code] = commune_level(builder, unit, new=True, predecessors=predecessors, town=town)
    for area in new_areas:
        residential_area(builder, area, new=True, people=area_people[area.code])
    # The invented 2026 split: the first part carries the quarter's people on, the second has its own.
    for part in parts:
        carried = area_people[part.came_from] if part.came_from else None
        area_people[part.code] = residential_area(builder, part, new=True, people=carried)
    inspection_members(builder, old_areas, new_areas + parts, area_people)
    monitoring_boards(builder, old_areas + new_areas, area_people, new_leaders)
    _accounts(builder, town_leaders, new_leaders)
    _home_units(builder)
    return builder.plan


def _units(builder: PlanBuilder, old_areas: list[Area]) -> None:
    """The units as they were until 30/06/2025, each open until the reorganization that ends it.

    Lâm Đồng existed before and goes on; the units formed since are made by the reorganizations.
    """
    builder.unit(UnitSpec(PROVINCE_NEW, "Tỉnh Lâm Đồng", UnitKind.PROVINCE))
    builder.unit(
        UnitSpec(
            PROVINCE_OLD,
            "Tỉnh Bình Thuận",
            UnitKind.PROVINCE,
            valid_to=OLD_END,
            ends_with=merger_key(PROVINCE_OLD),
        )
    )
    builder.unit(
        UnitSpec(
            TOWN,
            "Thị xã La Gi",
            UnitKind.TOWN,
            parent=PROVINCE_OLD,
            valid_to=OLD_END,
            ends_with=merger_key(TOWN),
        )
    )
    for unit in OLD_UNITS:
        builder.unit(
            UnitSpec(
                unit.code,
                unit.name,
                unit.kind,
                parent=TOWN,
                valid_to=OLD_END,
                ends_with=merger_key(unit.successor),
            )
        )
    for area in old_areas:
        builder.unit(
            UnitSpec(
                area.code,
                area.name,
                area_kind(area.unit),
                parent=area.unit.code,
                valid_to=OLD_END,
                is_demo=True,
                ends_with=merger_key(area.unit.successor),
            )
        )


def _home_units(builder: PlanBuilder) -> None:
    """A person's home unit is the unit of the organization of their latest position."""
    org_unit = {org.key: org.unit for org in builder.plan.organizations}
    latest: dict[str, PositionSpec] = {}
    for position in builder.plan.positions:
        if position.person not in latest or position.start > latest[position.person].start:
            latest[position.person] = position
    builder.plan.people = [
        replace(p, unit_code=org_unit[latest[p.key].organization]) if p.key in latest else p
        for p in builder.plan.people
    ]


def _accounts(builder: PlanBuilder, town: dict[str, str], new_leaders: dict[str, dict[str, str]]) -> None:
    """One scope per account: a scope on a unit of today covers the units it came from (the lineage).

    The town of La Gi was dissolved, not merged: nothing of today came from it, so the accounts of the
    whole area keep a second scope on it for its own records (its Front committee).
    """
    viewer = builder.person(f"{NEW_LAGI}:front:office", NEW_LAGI, born=(1990, 1998))
    builder.position(viewer, f"{NEW_LAGI}:front", T.MEMBER, NEW_START, None, f"{NEW_LAGI}:front#new")
    builder.plan.accounts = [
        AccountSpec("admin", None, "everything (administrator)", is_staff=True),
        AccountSpec(
            "cadre_area",
            town["vice1"],
            "whole La Gi area: Lâm Đồng with the units it came from, and the old town (read-write)",
            unit_scopes=((PROVINCE_NEW, Access.WRITE), (TOWN, Access.WRITE)),
        ),
        AccountSpec(
            "cadre_ward",
            new_leaders[NEW_PHUOCHOI]["front:vice"],
            "Phường Phước Hội and the old Phước Hội, Phước Lộc, Tân Phước it came from (read-write)",
            unit_scopes=((NEW_PHUOCHOI, Access.WRITE),),
        ),
        AccountSpec(
            "cadre_women",
            new_leaders[NEW_LAGI][f"{K.WOMENS_UNION}:chair"],
            "Hội Liên hiệp Phụ nữ phường La Gi, its branches and the unions it replaced (read-write)",
            org_scopes=((f"{NEW_LAGI}:{K.WOMENS_UNION}", Access.WRITE),),
        ),
        AccountSpec(
            "cadre_viewer",
            viewer,
            "whole La Gi area, old and new units (read only)",
            unit_scopes=((PROVINCE_NEW, Access.READ), (TOWN, Access.READ)),
        ),
    ]
