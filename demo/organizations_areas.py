"""The residential-area bodies of the demo plan, and the boards whose members come from the areas.

In each residential area: the Front working committee, the association branches (with a
few groups under them) and the mediation team. A new area takes over one old area and its
people. The People's Inspection Board of a unit has a member from each of its areas; a
community investment monitoring board has the residents who lead its project's area.
"""

from __future__ import annotations

import datetime

from .organizations_plan import PlanBuilder
from .structure import (
    ASSOCIATIONS,
    MONITORED_PROJECTS,
    NEW_START,
    OLD_END,
    Area,
    K,
    T,
)


def residential_area(
    builder: PlanBuilder, area: Area, *, new: bool, people: dict[str, str] | None
) -> dict[str, str]:
    """The area's Front working committee, association branches and mediation team.

    A new area takes over one old area: the same people carry on in the new structure.
    """
    unit_code = area.unit.code
    start_default = area.valid_from or datetime.date(2022, 3, 1)
    end = area.valid_to
    made_by = area.made_by
    office = f"Nhà văn hóa {area.full_label} (địa chỉ minh họa)"
    place = area.full_label
    if people is None:
        people = {
            "committee:head": builder.person(f"{area.code}:committee:head", area.code, born=(1955, 1975)),
            "committee:deputy": builder.person(f"{area.code}:committee:deputy", area.code, born=(1965, 1985)),
            "mediation:head": builder.person(f"{area.code}:mediation:head", area.code, born=(1950, 1970)),
        }
        for kind, *_rest in ASSOCIATIONS:
            gender = (
                "female" if kind == K.WOMENS_UNION else ("male" if kind == K.VETERANS_ASSOCIATION else None)
            )
            born = (
                (1995, 2004)
                if kind == K.YOUTH_UNION
                else (1950, 1968)
                if kind == K.VETERANS_ASSOCIATION
                else (1965, 1990)
            )
            people[f"{kind}:head"] = builder.person(
                f"{area.code}:{kind}:head", area.code, gender=gender, born=born
            )

    committee = builder.org(
        f"{area.code}:committee",
        f"Ban Công tác Mặt trận {place}",
        K.FRONT_WORKING_COMMITTEE,
        area.code,
        new=new,
        place=place,
        office=office,
        phone=False,
        made_by=made_by,
    )
    builder.position(people["committee:head"], committee, T.HEAD, start_default, end)
    builder.position(people["committee:deputy"], committee, T.DEPUTY_HEAD, start_default, end)
    for kind, _name, branch_name, *_rest in ASSOCIATIONS:
        branch = builder.org(
            f"{area.code}:{kind}",
            f"{branch_name} {place}",
            kind,
            area.code,
            new=new,
            place=place,
            office=office,
            parent=f"{unit_code}:{kind}",
            phone=False,
            made_by=made_by,
        )
        head_title = T.SECRETARY if kind == K.YOUTH_UNION else T.HEAD
        builder.position(people[f"{kind}:head"], branch, head_title, start_default, end)
        # Branch heads are members of the area's Front working committee.
        builder.position(people[f"{kind}:head"], committee, T.MEMBER, start_default, end)
        if new and kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION):
            gender = "female" if kind == K.WOMENS_UNION else None
            deputy = people.get(f"{kind}:deputy") or builder.person(
                f"{area.code}:{kind}:deputy", area.code, gender=gender, born=(1975, 1995)
            )
            people[f"{kind}:deputy"] = deputy
            builder.position(deputy, branch, T.DEPUTY_HEAD, start_default, end)
        if area.has_groups:
            _groups(builder, area, kind, branch, new=new, place=place, office=office)
    mediation = builder.org(
        f"{area.code}:mediation",
        f"Tổ hòa giải {place}",
        K.MEDIATION_TEAM,
        area.code,
        new=new,
        place=place,
        office=office,
        phone=False,
        made_by=made_by,
    )
    builder.position(people["mediation:head"], mediation, T.HEAD, start_default, end)
    builder.position(people["committee:deputy"], mediation, T.MEMBER, start_default, end)
    return people


def _groups(
    builder: PlanBuilder, area: Area, kind: str, branch: str, *, new: bool, place: str, office: str
) -> None:
    if kind == K.WOMENS_UNION:
        for number in (1, 2):
            builder.org(
                f"{area.code}:women_group{number}",
                f"Tổ phụ nữ số {number} {place}",
                kind,
                area.code,
                new=new,
                place=place,
                office=office,
                parent=branch,
                phone=False,
                made_by=area.made_by,
            )
    elif kind == K.FARMERS_ASSOCIATION:
        builder.org(
            f"{area.code}:farmers_group",
            f"Tổ hội nghề nghiệp {area.trade} {place}",
            kind,
            area.code,
            new=new,
            place=place,
            office=office,
            parent=branch,
            phone=False,
            made_by=area.made_by,
        )


def inspection_members(
    builder: PlanBuilder, old_areas: list[Area], new_areas: list[Area], area_people
) -> None:
    """People's Inspection Board members are elected so that each residential area is represented.

    A new area's member is the deputy head of its Front working committee; a quarter made by a later
    split adds a member unless its people carry on from the quarter it came from (already a member).
    """
    for area in old_areas:
        people = area_people[area.successor]
        start = datetime.date(2024, 7, 15)
        builder.position(people["committee:deputy"], f"{area.unit.code}:inspection", T.MEMBER, start, OLD_END)
    for area in new_areas:
        if area.valid_from != NEW_START and area.came_from is not None:
            continue
        people = area_people[area.code]
        builder.position(
            people["committee:deputy"], f"{area.unit.code}:inspection", T.MEMBER, area.valid_from, None
        )


def monitoring_boards(
    builder: PlanBuilder,
    areas: list[Area],
    area_people: dict[str, dict[str, str]],
    new_leaders: dict[str, dict[str, str]],
) -> None:
    """Community investment monitoring boards: residents of the project's area and a Front member."""
    by_code = {area.code: area for area in areas}
    for area_code, project, dates in MONITORED_PROJECTS:
        area = by_code[area_code]
        new = dates[0] is not None and dates[0] >= NEW_START
        place = area.full_label
        board = builder.org(
            f"{area.code}:monitoring",
            f"Ban Giám sát đầu tư của cộng đồng {project}, {place}",
            K.INVESTMENT_MONITORING_BOARD,
            area.unit.code,
            new=new,
            place=place,
            office=f"Nhà văn hóa {place} (địa chỉ minh họa)",
            phone=False,
            dates=dates,
        )
        people = area_people[area.code if new else area.successor]
        start, end = dates
        builder.position(people["committee:head"], board, T.HEAD, start, end)
        for kind, *_rest in ASSOCIATIONS:
            builder.position(people[f"{kind}:head"], board, T.MEMBER, start, end)
        if new:
            builder.position(new_leaders[area.unit.code]["front:member"], board, T.MEMBER, start, end)
