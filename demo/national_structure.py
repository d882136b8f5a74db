"""The structure of the national data set (``grow_national``), built in memory with its ids and
written in bulk (``demo.bulk``).

- **Units**: provinces at the top (the demo has no country unit), the wards and communes spread
  over them unevenly (about a quarter wards), the residential areas spread over those (a ward's
  are quarters, *khu phố N*; a commune's villages, *thôn …*), every one with at least one below.
- **Organizations**: in each province and each ward or commune the Fatherland Front committee
  and the five socio-political organizations (Women's Union, Farmers' Association, Youth Union,
  Veterans' Association and the Trade Union), a commune's organization a branch of its
  province's of the same kind; in each residential area the Front working committee, a mediation
  team and two branches: the Women's Union's everywhere, and the Farmers' Association's in a
  village or the Youth Union's in a quarter, each a branch of its commune's organization.
- **Authorities**: the People's Committee, People's Council and police of every ward, commune and
  province.

Everything exists from ``FOUNDED`` (before the work log starts) and has not ended: no
reorganization, so a unit's unit of today (``current_unit``) is itself. Codes start with
``QG`` and the number of the run (``QG2-07-0123-004``), so the units of a second run never meet
the first run's or the La Gi demo's; ids follow the tables' largest. Names are invented
(``demo.national_names``) and carry the load-test mark; every row carries the demo flag.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from organizations.authority_names import authority_name
from organizations.models import (
    AdministrativeUnit,
    Authority,
    AuthorityKind,
    Organization,
    OrganizationKind,
    UnitKind,
)

from .bulk import Table, move_sequence, next_id
from .bulk_worklog import MARK, Dated, Stretch
from .national_names import NameDrawer
from .structure import ASSOCIATIONS, NEW_ONLY_ASSOCIATIONS

K = OrganizationKind
A = AuthorityKind
FOUNDED = datetime.date(2019, 1, 1)
CODE_PREFIX = "QG"
CODE_LENGTH = AdministrativeUnit._meta.get_field("code").max_length
WARD_SHARE = 0.25
# The busiest wards and communes log this many times the work of a quiet one.
BUSIEST = 20
UNIONS = (K.WOMENS_UNION, K.FARMERS_ASSOCIATION, K.YOUTH_UNION, K.VETERANS_ASSOCIATION, K.TRADE_UNION)
UNION_NAMES = {kind: name for kind, name, *_rest in ASSOCIATIONS} | {
    K.TRADE_UNION: dict(NEW_ONLY_ASSOCIATIONS)[K.TRADE_UNION]
}
PROVINCE_UNION_NAMES = UNION_NAMES | {K.TRADE_UNION: "Liên đoàn Lao động"}
BRANCH_NAMES = {kind: branch for kind, _name, branch, *_rest in ASSOCIATIONS}
FRONT_NAME = "Ủy ban MTTQ Việt Nam"
WORKING_COMMITTEE_NAME = "Ban Công tác Mặt trận"
MEDIATION_TEAM_NAME = "Tổ hòa giải"
# The authorities of a unit and their days to answer.
COMMUNE_AUTHORITIES = ((A.PEOPLES_COMMITTEE, 30), (A.PEOPLES_COUNCIL, 30), (A.POLICE, 30))
PROVINCE_AUTHORITIES = ((A.PEOPLES_COMMITTEE, 30), (A.PEOPLES_COUNCIL, 45), (A.POLICE, 30))


def named(label: str) -> str:
    """A unit's name from its label in a sentence: ``xã Phú Lâm`` → ``Xã Phú Lâm (dữ liệu đo tải)``."""
    return f"{label[:1].upper()}{label[1:]} {MARK}"


@dataclass(slots=True)
class Area:
    pk: int
    code: str
    label: str  # "khu phố 3", "thôn Hòa Vân"
    kind: str
    committee: int = 0
    team: int = 0
    branches: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Commune:
    pk: int
    code: str
    label: str  # "phường Phú Lâm", "xã Hòa Vân"
    kind: str
    weight: int  # how busy it is: how many times the work log's draw lists it
    areas: list[Area] = field(default_factory=list)
    front: int = 0
    unions: dict[str, int] = field(default_factory=dict)
    authorities: list[Dated] = field(default_factory=list)


@dataclass(slots=True)
class Province:
    pk: int
    code: str
    label: str  # "tỉnh Hòa Vân"
    communes: list[Commune] = field(default_factory=list)
    front: int = 0
    unions: dict[str, int] = field(default_factory=dict)
    authorities: list[Dated] = field(default_factory=list)


@dataclass
class NationalStructure:
    run: int
    provinces: list[Province]

    @property
    def prefix(self) -> str:
        return f"{CODE_PREFIX}{self.run}"

    def communes(self) -> Iterator[Commune]:
        for province in self.provinces:
            yield from province.communes

    def areas(self) -> Iterator[tuple[Commune, Area]]:
        for commune in self.communes():
            for area in commune.areas:
                yield commune, area

    def places(self) -> dict[int, str]:
        """Each ward's, commune's and area's place as a sentence names it (``khu phố 3, phường Phú Lâm``)."""
        found: dict[int, str] = {}
        for commune in self.communes():
            found[commune.pk] = commune.label
            for area in commune.areas:
                found[area.pk] = f"{area.label}, {commune.label}"
        return found


def spread(total: int, weights: list[float]) -> list[int]:
    """``total`` things over parts of these weights, every part at least one (largest remainders)."""
    rest = total - len(weights)
    shares = [rest * weight / sum(weights) for weight in weights]
    counts = [1 + int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda n: shares[n] - int(shares[n]), reverse=True)
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


class _Ids:
    def __init__(self, first: int) -> None:
        self.next = first

    def __call__(self) -> int:
        self.next += 1
        return self.next - 1


def next_run() -> int:
    """The number of this run: one more than the largest in the provinces' codes."""
    codes = AdministrativeUnit.objects.filter(code__startswith=CODE_PREFIX, kind=UnitKind.PROVINCE)
    runs = [0]
    for code in codes.values_list("code", flat=True):
        number = code[len(CODE_PREFIX) :].partition("-")[0]
        if number.isdigit():
            runs.append(int(number))
    return max(runs) + 1


def build(*, run: int, provinces: int, communes: int, areas: int, rng: random.Random) -> NationalStructure:
    """The structure in memory, with the ids the tables will give next."""
    if not 1 <= provinces <= communes <= areas:
        raise ValueError(
            "there must be at least one province, a ward or commune in each province "
            "and a residential area in each ward or commune"
        )
    unit_id, org_id, authority_id = (
        _Ids(next_id(model)) for model in (AdministrativeUnit, Organization, Authority)
    )
    names = NameDrawer(rng)
    structure = NationalStructure(run, [])
    per_province = spread(communes, [rng.uniform(0.4, 2.5) for _ in range(provinces)])
    weights = [rng.uniform(0.3, 2.5) for _ in range(communes)]
    per_commune = iter(spread(areas, weights))
    number = 0
    for index, (name, count) in enumerate(zip(names.provinces(provinces), per_province, strict=True), 1):
        province = Province(unit_id(), f"{structure.prefix}-{index:02d}", f"tỉnh {name}")
        structure.provinces.append(province)
        for commune_name in names.siblings(count):
            number += 1
            ward = rng.random() < WARD_SHARE
            commune = Commune(
                unit_id(),
                f"{province.code}-{number:04d}",
                f"{'phường' if ward else 'xã'} {commune_name}",
                UnitKind.WARD if ward else UnitKind.COMMUNE,
                min(BUSIEST, int(rng.paretovariate(1.5))),
            )
            province.communes.append(commune)
            size = next(per_commune)
            labels = (
                [f"khu phố {n}" for n in range(1, size + 1)]
                if ward
                else [f"thôn {village}" for village in names.siblings(size)]
            )
            kind = UnitKind.QUARTER if ward else UnitKind.VILLAGE
            commune.areas = [
                Area(unit_id(), f"{commune.code}-{n:03d}", label, kind) for n, label in enumerate(labels, 1)
            ]
    longest = max((area.code for _commune, area in structure.areas()), key=len)
    if len(longest) > CODE_LENGTH:
        raise ValueError(f"unit codes would be longer than {CODE_LENGTH} characters ({longest})")
    _organizations(structure, org_id)
    _authorities(structure, authority_id)
    return structure


def _organizations(structure: NationalStructure, org_id: _Ids) -> None:
    for province in structure.provinces:
        province.front = org_id()
        province.unions = {kind: org_id() for kind in UNIONS}
        for commune in province.communes:
            commune.front = org_id()
            commune.unions = {kind: org_id() for kind in UNIONS}
            for area in commune.areas:
                area.committee, area.team = org_id(), org_id()
                second = K.FARMERS_ASSOCIATION if area.kind == UnitKind.VILLAGE else K.YOUTH_UNION
                area.branches = {K.WOMENS_UNION: org_id(), second: org_id()}


def _authorities(structure: NationalStructure, authority_id: _Ids) -> None:
    for province in structure.provinces:
        province.authorities = [
            Dated(authority_id(), kind, province.pk, FOUNDED, None, days)
            for kind, days in PROVINCE_AUTHORITIES
        ]
        for commune in province.communes:
            commune.authorities = [
                Dated(authority_id(), kind, commune.pk, FOUNDED, None, days)
                for kind, days in COMMUNE_AUTHORITIES
            ]


def write(structure: NationalStructure) -> dict[str, Table]:
    """The units, organizations and authorities, each table in its transaction."""
    return {
        "units": _write_units(structure),
        "organizations": _write_organizations(structure),
        "authorities": _write_authorities(structure),
    }


def _write_units(structure: NationalStructure) -> Table:
    columns = "id code name kind parent_id valid_from valid_to current_unit_id is_demo"
    table = Table(AdministrativeUnit, columns.split())
    with table.writing():
        for province in structure.provinces:
            pk = province.pk
            table.add(
                pk, province.code, named(province.label), UnitKind.PROVINCE, None, FOUNDED, None, pk, True
            )
            for commune in province.communes:
                pk = commune.pk
                table.add(
                    pk, commune.code, named(commune.label), commune.kind, province.pk, FOUNDED, None, pk, True
                )
                for area in commune.areas:
                    pk = area.pk
                    table.add(
                        pk, area.code, named(area.label), area.kind, commune.pk, FOUNDED, None, pk, True
                    )
    move_sequence(AdministrativeUnit)
    return table


def _write_organizations(structure: NationalStructure) -> Table:
    table = Table(Organization, ["id", "name", "kind", "unit_id", "parent_id", "valid_from", "is_demo"])

    def add(pk: int, name: str, kind: str, unit: int, parent: int | None = None) -> None:
        table.add(pk, f"{name} {MARK}", kind, unit, parent, FOUNDED, True)

    with table.writing():
        for province in structure.provinces:
            add(province.front, f"{FRONT_NAME} {province.label}", K.FRONT_COMMITTEE, province.pk)
            for kind, pk in province.unions.items():
                add(pk, f"{PROVINCE_UNION_NAMES[kind]} {province.label}", kind, province.pk)
            for commune in province.communes:
                add(commune.front, f"{FRONT_NAME} {commune.label}", K.FRONT_COMMITTEE, commune.pk)
                for kind, pk in commune.unions.items():
                    add(pk, f"{UNION_NAMES[kind]} {commune.label}", kind, commune.pk, province.unions[kind])
                for area in commune.areas:
                    place = f"{area.label}, {commune.label}"
                    add(
                        area.committee,
                        f"{WORKING_COMMITTEE_NAME} {place}",
                        K.FRONT_WORKING_COMMITTEE,
                        area.pk,
                    )
                    add(area.team, f"{MEDIATION_TEAM_NAME} {place}", K.MEDIATION_TEAM, area.pk)
                    for kind, pk in area.branches.items():
                        add(pk, f"{BRANCH_NAMES[kind]} {place}", kind, area.pk, commune.unions[kind])
    move_sequence(Organization)
    return table


def _write_authorities(structure: NationalStructure) -> Table:
    table = Table(Authority, ["id", "name", "kind", "unit_id", "answer_days", "valid_from", "is_demo"])
    with table.writing():
        for province in structure.provinces:
            for unit, label in [(province, province.label)] + [(c, c.label) for c in province.communes]:
                for authority in unit.authorities:
                    name = authority_name(authority.kind, named(label))
                    table.add(
                        authority.pk, name, authority.kind, unit.pk, authority.answer_days, FOUNDED, True
                    )
    move_sequence(Authority)
    return table


class NationalPlaces:
    """The national structure as the work log's writers read it (``demo.bulk_worklog``): the same
    on every day, as nothing in it began or ended after ``FOUNDED``.

    A busy ward or commune is listed ``weight`` times among the wards, so the writers, drawing one
    from the list, put that much more work there. Its concerns go to its own authorities (listed
    twice) or to its province's, never to another province's: there are no authorities "of
    elsewhere" (``other_authorities``).
    """

    def __init__(self, structure: NationalStructure) -> None:
        communes = list(structure.communes())
        self.current: dict[int, int | None] = {commune.pk: commune.pk for commune in communes}
        stretch = Stretch(
            wards=[commune.pk for commune in communes for _ in range(commune.weight)],
            areas={commune.pk: [area.pk for area in commune.areas] for commune in communes},
        )
        for province in structure.provinces:
            for commune in province.communes:
                pk = commune.pk
                stretch.front[pk] = [commune.front]
                stretch.committees[pk] = commune.front
                stretch.associations[pk] = list(commune.unions.values())
                stretch.branches[pk] = list(commune.unions.values())
                stretch.teams[pk] = []
                stretch.local_authorities[pk] = [
                    *commune.authorities,
                    *commune.authorities,
                    *province.authorities,
                ]
                for area in commune.areas:
                    stretch.front[area.pk] = [area.committee]
                    stretch.associations[area.pk] = list(area.branches.values())
                    stretch.branches[pk] += area.branches.values()
                    stretch.teams[pk].append(area.team)
        self.stretch = stretch

    def on(self, day: datetime.date) -> Stretch:
        return self.stretch
