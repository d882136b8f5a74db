"""The La Gi demo data as plain values: units, organizations, terms, people, positions, accounts.

The structure follows the 2025 reorganization (nine wards/communes of thị xã La Gi, Bình
Thuận, merged on 1 July 2025 into three units of Lâm Đồng; see ``demo_structure``).
People and their positions are invented and marked as demo data. ``build_plan`` is
deterministic: the same seed gives the same plan, so seeding twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

from organizations.models import Access, UnitKind

from .people import PeopleMaker, ascii_slug
from .structure import (
    ASSOCIATIONS,
    DECISION_ISSUERS,
    DEMO_NOTE,
    DESCRIPTIONS,
    MONITORED_PROJECTS,
    NEW_LAGI,
    NEW_ONLY_ASSOCIATIONS,
    NEW_PHUOCHOI,
    NEW_START,
    NEW_TANHAI,
    NEW_UNITS,
    OLD_END,
    OLD_UNITS,
    PROVINCE_NEW,
    PROVINCE_OLD,
    SEED,
    STREETS,
    TOWN,
    AccountSpec,
    Area,
    CommuneLevel,
    DemoPlan,
    K,
    OrgSpec,
    PositionSpec,
    T,
    TermSpec,
    UnitSpec,
    area_kind,
    residential_areas,
)


class PlanBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.people_maker = PeopleMaker(self.rng)
        self.plan = DemoPlan()
        self.office_number = 100
        self.org_kinds: dict[str, str] = {}

    # -- helpers
    def unit(self, spec: UnitSpec) -> None:
        self.plan.units.append(spec)

    def contact(self, org_slug: str, *, new: bool, phone: bool) -> str:
        """An office contact: the office phone and e-mail, or only an e-mail for residential-area bodies."""
        if not phone:
            return f"E-mail: {org_slug}@example.vn"
        self.office_number += 1
        area_code = "0263" if new else "0252"
        return f"Văn phòng: {area_code} 3 870 {self.office_number:03d} · {org_slug}@example.vn"

    def office(self, unit: CommuneLevel, new: bool) -> str:
        street = self.rng.choice(STREETS)
        number = self.rng.randint(1, 199)
        where = "UBND" if not new else "Trung tâm hành chính"
        return f"Trụ sở {where} {unit.label}, số {number} đường {street} (địa chỉ minh họa)"

    def org(
        self,
        key: str,
        name: str,
        kind: str,
        unit_code: str,
        *,
        new: bool,
        place: str,
        office: str,
        parent: str | None = None,
        phone: bool = True,
        dates: tuple[datetime.date | None, datetime.date | None] | None = None,
    ) -> str:
        valid_from, valid_to = dates or ((NEW_START, None) if new else (None, OLD_END))
        slug = ascii_slug(key.replace(":", " ").replace("-", " ")).replace(".", "-")
        self.plan.organizations.append(
            OrgSpec(
                key=key,
                name=name,
                kind=kind,
                unit=unit_code,
                parent=parent,
                description=DESCRIPTIONS[kind].format(place=place) + DEMO_NOTE,
                office_address=office,
                public_contact=self.contact(slug, new=new, phone=phone),
                valid_from=valid_from,
                valid_to=valid_to,
            )
        )
        self.org_kinds[key] = kind
        return key

    def term(self, org: str, ordinal: int, start: datetime.date, end: datetime.date | None) -> str:
        key = f"{org}#{ordinal}"
        spec = TermSpec(key, org, ordinal, start, end)
        self.plan.terms.append(spec)
        return key

    def person(self, key: str, unit_code: str, **kwargs) -> str:
        self.plan.people.append(self.people_maker.make(key, unit_code=unit_code, **kwargs))
        return key

    def position(
        self,
        person: str,
        org: str,
        title: str,
        start: datetime.date,
        end: datetime.date | None,
        term: str | None = None,
    ) -> None:
        decision = ""
        if term and title in (T.CHAIR, T.SECRETARY):
            issuer = DECISION_ISSUERS.get(self.org_kinds[org], "MTTQ")
            decision = f"{self.rng.randint(10, 299)}/QĐ-{issuer}"
        self.plan.positions.append(PositionSpec(person, org, title, start, end, term, decision))

    # -- the structure
    def build(self) -> DemoPlan:
        old_areas, new_areas = residential_areas()
        self.unit(UnitSpec(PROVINCE_NEW, "Tỉnh Lâm Đồng", UnitKind.PROVINCE))
        self.unit(
            UnitSpec(
                PROVINCE_OLD, "Tỉnh Bình Thuận", UnitKind.PROVINCE, successor=PROVINCE_NEW, valid_to=OLD_END
            )
        )
        for unit in NEW_UNITS:
            self.unit(UnitSpec(unit.code, unit.name, unit.kind, parent=PROVINCE_NEW, valid_from=NEW_START))
        for area in new_areas:
            self.unit(
                UnitSpec(
                    area.code,
                    area.label[0].upper() + area.label[1:],
                    area_kind(area.unit),
                    parent=area.unit.code,
                    valid_from=NEW_START,
                    is_demo=True,
                )
            )
        self.unit(UnitSpec(TOWN, "Thị xã La Gi", UnitKind.TOWN, parent=PROVINCE_OLD, valid_to=OLD_END))
        for unit in OLD_UNITS:
            self.unit(
                UnitSpec(
                    unit.code, unit.name, unit.kind, parent=TOWN, successor=unit.successor, valid_to=OLD_END
                )
            )
        for area in old_areas:
            self.unit(
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

        town_front = self.town_front()
        old_leaders = {unit.code: self.commune_level(unit, new=False) for unit in OLD_UNITS}
        area_people: dict[str, dict[str, str]] = {}
        for area in old_areas:
            area_people[area.successor] = self.residential_area(area, new=False, people=None)
        new_leaders = {}
        for unit in NEW_UNITS:
            predecessors = [old_leaders[u.code] for u in OLD_UNITS if u.successor == unit.code]
            town = town_front if unit.code == NEW_LAGI else None
            new_leaders[unit.code] = self.commune_level(unit, new=True, predecessors=predecessors, town=town)
        for area in new_areas:
            self.residential_area(area, new=True, people=area_people[area.code])
        self.inspection_members(old_areas, new_areas, area_people)
        self.monitoring_boards(old_areas + new_areas, area_people, new_leaders)
        self.accounts(town_front, new_leaders)
        self.home_units()
        return self.plan

    def home_units(self) -> None:
        """A person's home unit is the unit of the organization of their latest position."""
        org_unit = {org.key: org.unit for org in self.plan.organizations}
        latest: dict[str, PositionSpec] = {}
        for position in self.plan.positions:
            if position.person not in latest or position.start > latest[position.person].start:
                latest[position.person] = position
        self.plan.people = [
            replace(p, unit_code=org_unit[latest[p.key].organization]) if p.key in latest else p
            for p in self.plan.people
        ]

    def town_front(self) -> dict[str, str]:
        office = "Trụ sở Ủy ban MTTQ Việt Nam thị xã La Gi, số 2 đường Thống Nhất (địa chỉ minh họa)"
        org = self.org(
            f"{TOWN}:front",
            "Ủy ban MTTQ Việt Nam thị xã La Gi",
            K.FRONT_COMMITTEE,
            TOWN,
            new=False,
            place="thị xã La Gi",
            office=office,
        )
        first = self.term(org, 11, datetime.date(2019, 7, 10), datetime.date(2024, 6, 30))
        second = self.term(org, 12, datetime.date(2024, 7, 1), OLD_END)
        people = {
            "chair": self.person(f"{TOWN}:front:chair", TOWN, born=(1965, 1972)),
            "vice1": self.person(f"{TOWN}:front:vice1", TOWN, born=(1970, 1980)),
            "vice2": self.person(f"{TOWN}:front:vice2", TOWN, gender="female", born=(1975, 1985)),
        }
        for term, start, end in (
            (first, datetime.date(2019, 7, 10), datetime.date(2024, 6, 30)),
            (second, datetime.date(2024, 7, 1), OLD_END),
        ):
            self.position(people["chair"], org, T.CHAIR, start, end, term)
            self.position(people["vice1"], org, T.VICE_CHAIR, start, end, term)
        self.position(people["vice2"], org, T.VICE_CHAIR, datetime.date(2024, 7, 1), OLD_END, second)
        return people

    def commune_level(
        self,
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
        office = self.office(unit, new)
        code = unit.code
        leaders: dict[str, str] = {}
        predecessors = predecessors or []

        front = self.org(
            f"{code}:front",
            f"Ủy ban MTTQ Việt Nam {unit.label}",
            K.FRONT_COMMITTEE,
            code,
            new=new,
            place=unit.label,
            office=office,
        )
        associations: dict[str, str] = {}
        for kind, name, _branch, (ordinal, term_start), new_end_year in ASSOCIATIONS:
            org = self.org(
                f"{code}:{kind}", f"{name} {unit.label}", kind, code, new=new, place=unit.label, office=office
            )
            associations[kind] = org
            if new:
                term = self.term(org, 1, NEW_START, datetime.date(new_end_year, 12, 31))
                term_start = NEW_START
            else:
                term = self.term(org, ordinal, term_start, OLD_END)
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
                chair = self.person(f"{code}:{kind}:chair", code, gender=gender, born=born)
                vices = [self.person(f"{code}:{kind}:vice", code, gender=gender, born=born)]
            title_chair = T.SECRETARY if kind == K.YOUTH_UNION else T.CHAIR
            title_vice = T.DEPUTY_SECRETARY if kind == K.YOUTH_UNION else T.VICE_CHAIR
            self.position(chair, org, title_chair, term_start, end, term)
            for vice in vices:
                self.position(vice, org, title_vice, term_start, end, term)
            leaders[f"{kind}:chair"] = chair

        # Front committee: old units had the 2019–2024 term and the 2024 term cut short by the merger;
        # the new units start the 2025–2030 term.
        if new:
            term = self.term(front, 1, NEW_START, datetime.date(2030, 6, 30))
            if town is not None:
                chair, vice_fulltime = town["chair"], town["vice1"]
            else:
                chair = predecessors[0]["front:chair"]
                vice_fulltime = predecessors[1]["front:chair"]
            self.position(chair, front, T.CHAIR, NEW_START, None, term)
            self.position(vice_fulltime, front, T.VICE_CHAIR, NEW_START, None, term)
            # Since July 2025 the heads of the member organizations are vice-chairs of the Front committee.
            for kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION):
                self.position(leaders[f"{kind}:chair"], front, T.VICE_CHAIR, NEW_START, None, term)
            member = self.person(f"{code}:front:member", code, born=(1985, 1995))
            self.position(member, front, T.MEMBER, NEW_START, None, term)
            leaders.update({"front:chair": chair, "front:vice": vice_fulltime, "front:member": member})
            for kind, name in NEW_ONLY_ASSOCIATIONS:
                org = self.org(
                    f"{code}:{kind}",
                    f"{name} {unit.label}",
                    kind,
                    code,
                    new=True,
                    place=unit.label,
                    office=office,
                )
                born = (1945, 1958) if kind == K.ELDERLY_ASSOCIATION else (1965, 1990)
                org_chair = self.person(f"{code}:{kind}:chair", code, born=born)
                org_vice = self.person(f"{code}:{kind}:vice", code, born=born)
                self.position(org_chair, org, T.CHAIR, NEW_START, None)
                self.position(org_vice, org, T.VICE_CHAIR, NEW_START, None)
        else:
            first = self.term(front, 8, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31))
            second = self.term(front, 9, datetime.date(2024, 6, 1), OLD_END)
            chair = self.person(f"{code}:front:chair", code, born=(1965, 1978))
            vice = self.person(f"{code}:front:vice", code, born=(1970, 1985))
            retired = self.person(f"{code}:front:vice_retired", code, born=(1955, 1962))
            for term, t_start, t_end in (
                (first, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31)),
                (second, datetime.date(2024, 6, 1), OLD_END),
            ):
                self.position(chair, front, T.CHAIR, t_start, t_end, term)
                self.position(vice, front, T.VICE_CHAIR, t_start, t_end, term)
            self.position(
                retired, front, T.VICE_CHAIR, datetime.date(2019, 6, 20), datetime.date(2024, 5, 31), first
            )
            # The heads of the Women's Union and the Farmers' Association sit on the Front committee.
            for kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION):
                self.position(
                    leaders[f"{kind}:chair"], front, T.MEMBER, datetime.date(2024, 6, 1), OLD_END, second
                )
            leaders.update({"front:chair": chair, "front:vice": vice})

        board = self.org(
            f"{code}:inspection",
            f"Ban Thanh tra nhân dân {unit.label}",
            K.INSPECTION_BOARD,
            code,
            new=new,
            place=unit.label,
            office=office,
        )
        board_start = NEW_START if new else datetime.date(2024, 7, 15)
        if new:
            head = self.person(f"{code}:inspection:head", code, born=(1960, 1975))
            deputy = predecessors[0]["inspection:head"]
        else:
            head = self.person(f"{code}:inspection:head", code, born=(1958, 1975))
            deputy = self.person(f"{code}:inspection:deputy", code, born=(1965, 1985))
        self.position(head, board, T.HEAD, board_start, end)
        self.position(deputy, board, T.DEPUTY_HEAD, board_start, end)
        leaders["inspection:head"] = head
        return leaders

    def residential_area(self, area: Area, *, new: bool, people: dict[str, str] | None) -> dict[str, str]:
        """The area's Front working committee, association branches and mediation team.

        A new area takes over one old area: the same people carry on in the new structure.
        """
        unit_code = area.unit.code
        start_default = NEW_START if new else datetime.date(2022, 3, 1)
        end = None if new else OLD_END
        office = f"Nhà văn hóa {area.full_label} (địa chỉ minh họa)"
        place = area.full_label
        if people is None:
            people = {
                "committee:head": self.person(f"{area.code}:committee:head", area.code, born=(1955, 1975)),
                "committee:deputy": self.person(
                    f"{area.code}:committee:deputy", area.code, born=(1965, 1985)
                ),
                "mediation:head": self.person(f"{area.code}:mediation:head", area.code, born=(1950, 1970)),
            }
            for kind, *_rest in ASSOCIATIONS:
                gender = (
                    "female"
                    if kind == K.WOMENS_UNION
                    else ("male" if kind == K.VETERANS_ASSOCIATION else None)
                )
                born = (
                    (1995, 2004)
                    if kind == K.YOUTH_UNION
                    else (1950, 1968)
                    if kind == K.VETERANS_ASSOCIATION
                    else (1965, 1990)
                )
                people[f"{kind}:head"] = self.person(
                    f"{area.code}:{kind}:head", area.code, gender=gender, born=born
                )

        committee = self.org(
            f"{area.code}:committee",
            f"Ban Công tác Mặt trận {place}",
            K.FRONT_WORKING_COMMITTEE,
            area.code,
            new=new,
            place=place,
            office=office,
            phone=False,
        )
        self.position(people["committee:head"], committee, T.HEAD, start_default, end)
        self.position(people["committee:deputy"], committee, T.DEPUTY_HEAD, start_default, end)
        for kind, _name, branch_name, *_rest in ASSOCIATIONS:
            branch = self.org(
                f"{area.code}:{kind}",
                f"{branch_name} {place}",
                kind,
                area.code,
                new=new,
                place=place,
                office=office,
                parent=f"{unit_code}:{kind}",
                phone=False,
            )
            head_title = T.SECRETARY if kind == K.YOUTH_UNION else T.HEAD
            self.position(people[f"{kind}:head"], branch, head_title, start_default, end)
            # Branch heads are members of the area's Front working committee.
            self.position(people[f"{kind}:head"], committee, T.MEMBER, start_default, end)
            if new and kind in (K.WOMENS_UNION, K.FARMERS_ASSOCIATION):
                gender = "female" if kind == K.WOMENS_UNION else None
                deputy = self.person(
                    f"{area.code}:{kind}:deputy", area.code, gender=gender, born=(1975, 1995)
                )
                self.position(deputy, branch, T.DEPUTY_HEAD, NEW_START, None)
            if area.label.endswith(" 1") or area.label.endswith("An"):
                self.groups(area, kind, branch, new=new, place=place, office=office)
        mediation = self.org(
            f"{area.code}:mediation",
            f"Tổ hòa giải {place}",
            K.MEDIATION_TEAM,
            area.code,
            new=new,
            place=place,
            office=office,
            phone=False,
        )
        self.position(people["mediation:head"], mediation, T.HEAD, start_default, end)
        self.position(people["committee:deputy"], mediation, T.MEMBER, start_default, end)
        return people

    def groups(self, area: Area, kind: str, branch: str, *, new: bool, place: str, office: str) -> None:
        if kind == K.WOMENS_UNION:
            for number in (1, 2):
                self.org(
                    f"{area.code}:women_group{number}",
                    f"Tổ phụ nữ số {number} {place}",
                    kind,
                    area.code,
                    new=new,
                    place=place,
                    office=office,
                    parent=branch,
                    phone=False,
                )
        elif kind == K.FARMERS_ASSOCIATION:
            trade = "nuôi trồng thủy sản" if area.unit.kind == UnitKind.COMMUNE else "trồng thanh long"
            self.org(
                f"{area.code}:farmers_group",
                f"Tổ hội nghề nghiệp {trade} {place}",
                kind,
                area.code,
                new=new,
                place=place,
                office=office,
                parent=branch,
                phone=False,
            )

    def inspection_members(self, old_areas: list[Area], new_areas: list[Area], area_people) -> None:
        """People's Inspection Board members are elected so that each residential area is represented."""
        for areas, new in ((old_areas, False), (new_areas, True)):
            for area in areas:
                people = area_people[area.successor if not new else area.code]
                start = NEW_START if new else datetime.date(2024, 7, 15)
                self.position(
                    people["committee:deputy"],
                    f"{area.unit.code}:inspection",
                    T.MEMBER,
                    start,
                    None if new else OLD_END,
                )

    def monitoring_boards(
        self,
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
            board = self.org(
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
            self.position(people["committee:head"], board, T.HEAD, start, end)
            for kind, *_rest in ASSOCIATIONS:
                self.position(people[f"{kind}:head"], board, T.MEMBER, start, end)
            if new:
                self.position(new_leaders[area.unit.code]["front:member"], board, T.MEMBER, start, end)

    def accounts(self, town: dict[str, str], new_leaders: dict[str, dict[str, str]]) -> None:
        all_area = (
            (TOWN, Access.WRITE),
            (NEW_LAGI, Access.WRITE),
            (NEW_PHUOCHOI, Access.WRITE),
            (NEW_TANHAI, Access.WRITE),
        )
        viewer = self.person(f"{NEW_LAGI}:front:office", NEW_LAGI, born=(1990, 1998))
        self.position(viewer, f"{NEW_LAGI}:front", T.MEMBER, NEW_START, None, f"{NEW_LAGI}:front#1")
        self.plan.accounts = [
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


def build_plan() -> DemoPlan:
    return PlanBuilder().build()
