"""The La Gi demo data as plain values: units, organizations, terms, people, positions, accounts.

The structure follows the 2025 reorganization (nine wards/communes of thị xã La Gi, Bình
Thuận, merged on 1 July 2025 into three units of Lâm Đồng; see ``structure``).
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
from .structure import (
    NEW_LAGI,
    NEW_PHUOCHOI,
    NEW_START,
    NEW_TANHAI,
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
    residential_areas,
)


def build_plan() -> DemoPlan:
    builder = PlanBuilder()
    old_areas, new_areas = residential_areas()
    _units(builder, old_areas, new_areas)
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
    inspection_members(builder, old_areas, new_areas, area_people)
    monitoring_boards(builder, old_areas + new_areas, area_people, new_leaders)
    _accounts(builder, town_leaders, new_leaders)
    _home_units(builder)
    return builder.plan


def _units(builder: PlanBuilder, old_areas: list[Area], new_areas: list[Area]) -> None:
    """The provinces, the town, the old and new wards and communes, and their residential areas."""
    builder.unit(UnitSpec(PROVINCE_NEW, "Tỉnh Lâm Đồng", UnitKind.PROVINCE))
    builder.unit(
        UnitSpec(PROVINCE_OLD, "Tỉnh Bình Thuận", UnitKind.PROVINCE, successor=PROVINCE_NEW, valid_to=OLD_END)
    )
    for unit in NEW_UNITS:
        builder.unit(UnitSpec(unit.code, unit.name, unit.kind, parent=PROVINCE_NEW, valid_from=NEW_START))
    for area in new_areas:
        builder.unit(
            UnitSpec(
                area.code,
                area.label[0].upper() + area.label[1:],
                area_kind(area.unit),
                parent=area.unit.code,
                valid_from=NEW_START,
                is_demo=True,
            )
        )
    builder.unit(UnitSpec(TOWN, "Thị xã La Gi", UnitKind.TOWN, parent=PROVINCE_OLD, valid_to=OLD_END))
    for unit in OLD_UNITS:
        builder.unit(
            UnitSpec(unit.code, unit.name, unit.kind, parent=TOWN, successor=unit.successor, valid_to=OLD_END)
        )
    for area in old_areas:
        builder.unit(
            UnitSpec(
                area.code,
                area.label[0].upper() + area.label[1:],
                area_kind(area.unit),
                parent=area.unit.code,
                successor=area.successor,
                valid_to=OLD_END,
                is_demo=True,
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
    all_area = (
        (TOWN, Access.WRITE),
        (NEW_LAGI, Access.WRITE),
        (NEW_PHUOCHOI, Access.WRITE),
        (NEW_TANHAI, Access.WRITE),
    )
    viewer = builder.person(f"{NEW_LAGI}:front:office", NEW_LAGI, born=(1990, 1998))
    builder.position(viewer, f"{NEW_LAGI}:front", T.MEMBER, NEW_START, None, f"{NEW_LAGI}:front#1")
    builder.plan.accounts = [
        AccountSpec("admin", None, "everything (administrator)", is_staff=True),
        AccountSpec(
            "cadre_area",
            town["vice1"],
            "whole La Gi area, old and new units (read-write)",
            unit_scopes=all_area,
        ),
        AccountSpec(
            "cadre_ward",
            new_leaders[NEW_PHUOCHOI]["front:vice"],
            "Phường Phước Hội and the old Phước Hội, Phước Lộc, Tân Phước (read-write)",
            unit_scopes=(
                (NEW_PHUOCHOI, Access.WRITE),
                ("LG-PH", Access.WRITE),
                ("LG-PL", Access.WRITE),
                ("LG-TP", Access.WRITE),
            ),
        ),
        AccountSpec(
            "cadre_women",
            new_leaders[NEW_LAGI][f"{K.WOMENS_UNION}:chair"],
            "Hội Liên hiệp Phụ nữ phường La Gi and its branches (read-write)",
            org_scopes=((f"{NEW_LAGI}:{K.WOMENS_UNION}", Access.WRITE),),
        ),
        AccountSpec(
            "cadre_viewer",
            viewer,
            "whole La Gi area, old and new units (read only)",
            unit_scopes=tuple((code, Access.READ) for code, _access in all_area),
        ),
    ]
