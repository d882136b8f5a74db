"""The town and commune-level bodies of the demo plan, with their leaders and terms.

The Front committee of thị xã La Gi (until the merger), and in each ward and commune, old
and new, the Front committee, the member associations and the People's Inspection Board.
The new units carry on the people of the old ones they were formed from: the old Front
chairs become the new chair and vice-chair, the old association chairs the new leaders.
"""

from __future__ import annotations

import datetime

from organizations.models import UnitKind

from .organizations_plan import PlanBuilder
from .structure import (
    ASSOCIATIONS,
    FRONT_TERM_ORDINALS,
    NEW_ONLY_ASSOCIATIONS,
    NEW_START,
    OLD_END,
    TOWN,
    CommuneLevel,
    K,
    T,
    five_years_on,
    merger_key,
)


def town_front(builder: PlanBuilder) -> dict[str, str]:
    """The Front committee of thị xã La Gi (until the merger); returns the people keys of its leaders."""
    office = "Trụ sở Ủy ban MTTQ Việt Nam thị xã La Gi, số 2 đường Thống Nhất (địa chỉ minh họa)"
    org = builder.org(
        f"{TOWN}:front",
        "Ủy ban MTTQ Việt Nam thị xã La Gi",
        K.FRONT_COMMITTEE,
        TOWN,
        new=False,
        place="thị xã La Gi",
        office=office,
    )
    # The town was created in 2005: its Front committee is in its 4th and 5th terms (2019, 2024).
    first_ordinal, second_ordinal = FRONT_TERM_ORDINALS["town"]
    first = builder.term(org, first_ordinal, datetime.date(2019, 7, 10), datetime.date(2024, 6, 30))
    second = builder.term(
        org, second_ordinal, datetime.date(2024, 7, 1), five_years_on(datetime.date(2024, 7, 1))
    )
    people = {
        "chair": builder.person(f"{TOWN}:front:chair", TOWN, born=(1965, 1972)),
        "vice1": builder.person(f"{TOWN}:front:vice1", TOWN, born=(1970, 1980)),
        "vice2": builder.person(f"{TOWN}:front:vice2", TOWN, gender="female", born=(1975, 1985)),
    }
    for term, start, end in (
        (first, datetime.date(2019, 7, 10), datetime.date(2024, 6, 30)),
        (second, datetime.date(2024, 7, 1), OLD_END),
    ):
        builder.position(people["chair"], org, T.CHAIR, start, end, term)
        builder.position(people["vice1"], org, T.VICE_CHAIR, start, end, term)
    builder.position(people["vice2"], org, T.VICE_CHAIR, datetime.date(2024, 7, 1), OLD_END, second)
    return people


def commune_level(
    builder: PlanBuilder,
    unit: CommuneLevel,
    *,
    new: bool,
    predecessors: list[dict[str, str]] | None = None,
    town: dict[str, str] | None = None,
) -> dict[str, str]:
    """The unit's Front committee, associations and inspection board with their leaders.

    Returns the people keys of the leaders (``front:chair``, ``womens_union:chair`` ...).
    """
    end = None if new else OLD_END
    office = builder.office(unit, new)
    code = unit.code
    leaders: dict[str, str] = {}
    predecessors = predecessors or []

    # The new unit's Front committee, associations and board are opened by the 2025 merger.
    made_by = merger_key(code) if new else None
    front = builder.org(
        f"{code}:front",
        f"Ủy ban MTTQ Việt Nam {unit.label}",
        K.FRONT_COMMITTEE,
        code,
        new=new,
        place=unit.label,
        office=office,
        made_by=made_by,
    )
    associations: dict[str, str] = {}
    for kind, name, _branch, (ordinals, term_start), new_end_year in ASSOCIATIONS:
        org = builder.org(
            f"{code}:{kind}",
            f"{name} {unit.label}",
            kind,
            code,
            new=new,
            place=unit.label,
            office=office,
            made_by=made_by,
        )
        associations[kind] = org
        if new:
            term = builder.term(org, None, NEW_START, datetime.date(new_end_year, 12, 31))
            term_start = NEW_START
        else:
            ordinal = ordinals[0] if unit.kind == UnitKind.WARD else ordinals[1]
            term = builder.term(org, ordinal, term_start, five_years_on(term_start))
        female = kind == K.WOMENS_UNION
        born = (
            (1993, 2001)
            if kind == K.YOUTH_UNION
            else (1952, 1968)
            if kind == K.VETERANS_ASSOCIATION
            else (1968, 1988)
        )
        gender = "female" if female else ("male" if kind == K.VETERANS_ASSOCIATION else None)
        pred_chairs = [p[f"{kind}:chair"] for p in predecessors]
        if pred_chairs:
            chair = pred_chairs[0]
            vices = pred_chairs[1:3]
        else:
            chair = builder.person(f"{code}:{kind}:chair", code, gender=gender, born=born)
            vices = [builder.person(f"{code}:{kind}:vice", code, gender=gender, born=born)]
        title_chair = T.SECRETARY if kind == K.YOUTH_UNION else T.CHAIR
        title_vice = T.DEPUTY_SECRETARY if kind == K.YOUTH_UNION else T.VICE_CHAIR
        builder.position(chair, org, title_chair, term_start, end, term)
        for vice in vices:
            builder.position(vice, org, title_vice, term_start, end, term)
        leaders[f"{kind}:chair"] = chair

    # Front committee: old units had the 2019–2024 term and the 2024 term cut short by the merger;
    # the new units start the 2025–2030 term.
    if new:
        term = builder.term(front, None, NEW_START, datetime.date(2030, 6, 30))
        if town is not None:
            chair, vice_fulltime = town["chair"], town["vice1"]
        else:
            chair = predecessors[0]["front:chair"]
            vice_fulltime = predecessors[1]["front:chair"]
        builder.position(chair, front, T.CHAIR, NEW_START, None, term)
        builder.position(vice_fulltime, front, T.VICE_CHAIR, NEW_START, None, term)
        # Since July 2025 the heads of the member organizations are vice-chairs of the Front committee.
        for kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION):
            builder.position(leaders[f"{kind}:chair"], front, T.VICE_CHAIR, NEW_START, None, term)
        member = builder.person(f"{code}:front:member", code, born=(1985, 1995))
        builder.position(member, front, T.MEMBER, NEW_START, None, term)
        leaders.update({"front:chair": chair, "front:vice": vice_fulltime, "front:member": member})
        for kind, name in NEW_ONLY_ASSOCIATIONS:
            org = builder.org(
                f"{code}:{kind}",
                f"{name} {unit.label}",
                kind,
                code,
                new=True,
                place=unit.label,
                office=office,
            )
            born = (1945, 1958) if kind == K.ELDERLY_ASSOCIATION else (1965, 1990)
            org_chair = builder.person(f"{code}:{kind}:chair", code, born=born)
            org_vice = builder.person(f"{code}:{kind}:vice", code, born=born)
            builder.position(org_chair, org, T.CHAIR, NEW_START, None)
            builder.position(org_vice, org, T.VICE_CHAIR, NEW_START, None)
    else:
        first_ordinal, second_ordinal = FRONT_TERM_ORDINALS[unit.kind]
        first = builder.term(front, first_ordinal, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31))
        second = builder.term(front, second_ordinal, datetime.date(2024, 6, 1), datetime.date(2029, 5, 31))
        chair = builder.person(f"{code}:front:chair", code, born=(1965, 1978))
        vice = builder.person(f"{code}:front:vice", code, born=(1970, 1985))
        retired = builder.person(f"{code}:front:vice_retired", code, born=(1955, 1962))
        for term, t_start, t_end in (
            (first, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31)),
            (second, datetime.date(2024, 6, 1), OLD_END),
        ):
            builder.position(chair, front, T.CHAIR, t_start, t_end, term)
            builder.position(vice, front, T.VICE_CHAIR, t_start, t_end, term)
        builder.position(
            retired, front, T.VICE_CHAIR, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31), first
        )
        # The heads of the Women's Union and the Farmers' Association sit on the Front committee.
        for kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION):
            builder.position(
                leaders[f"{kind}:chair"], front, T.MEMBER, datetime.date(2024, 6, 1), OLD_END, second
            )
        leaders.update({"front:chair": chair, "front:vice": vice})

    board = builder.org(
        f"{code}:inspection",
        f"Ban Thanh tra nhân dân {unit.label}",
        K.INSPECTION_BOARD,
        code,
        new=new,
        place=unit.label,
        office=office,
        made_by=made_by,
    )
    board_start = NEW_START if new else datetime.date(2024, 7, 15)
    if new:
        head = builder.person(f"{code}:inspection:head", code, born=(1960, 1975))
        deputy = predecessors[0]["inspection:head"]
    else:
        head = builder.person(f"{code}:inspection:head", code, born=(1958, 1975))
        deputy = builder.person(f"{code}:inspection:deputy", code, born=(1965, 1985))
    builder.position(head, board, T.HEAD, board_start, end)
    builder.position(deputy, board, T.DEPUTY_HEAD, board_start, end)
    leaders["inspection:head"] = head
    return leaders
