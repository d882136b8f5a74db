"""The La Gi demo structure as plain values, and the shapes of the demo plan.

Real names: the provinces, the town of La Gi, its nine wards and communes and the three
units formed from them on 1 July 2025. Invented (demo data): residential areas, their
names, descriptions, addresses, contacts, projects, and the 2026 split of khu phố 7 of
Phường Phước Hội into khu phố 7A and 7B (``SPLIT_*``). The invented village names are not
names of communes or wards elsewhere in the province (Tiến Lợi, Tiến Thành, Bình Hưng ... are).

The units and organizations that the reorganizations open are not written by the demo: the
plan lists the reorganizations (``ReorganizationSpec``) and marks what each one makes
(``made_by``) or ends (``ends_with``); ``organizations.seed_demo`` carries them out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from organizations.models import OrganizationKind, PositionTitle, UnitKind

from .people import PersonSpec

SEED = 2025
PASSWORD = "lagi-demo-2025"
OLD_END = datetime.date(2025, 6, 30)
NEW_START = datetime.date(2025, 7, 1)
# The invented split of one quarter of Phường Phước Hội (see ``organizations_reorganizations``).
SPLIT_AREA = "LD-PPHUOCHOI-KP07"
SPLIT_START = datetime.date(2026, 3, 1)
SPLIT_END = SPLIT_START - datetime.timedelta(days=1)
SPLIT_PARTS = (("LD-PPHUOCHOI-KP07A", "khu phố 7A"), ("LD-PPHUOCHOI-KP07B", "khu phố 7B"))
K = OrganizationKind
T = PositionTitle


@dataclass(frozen=True)
class UnitSpec:
    """A unit seeded as data; ``ends_with``: the reorganization that closes it (open until then)."""

    code: str
    name: str
    kind: str
    parent: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    is_demo: bool = False
    ends_with: str | None = None


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    unit: str
    parent: str | None
    description: str
    office_address: str
    public_contact: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    # The reorganization that closes it (open until then), or that opened it: such an organization
    # is found by name and unit, and only its public details are the demo's.
    ends_with: str | None = None
    made_by: str | None = None


@dataclass(frozen=True)
class TermSpec:
    """A term; without an ordinal, the term a reorganization started (found by its start)."""

    key: str
    organization: str
    ordinal: int | None
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class ReorganizationSpec:
    """A reorganization carried out through ``organizations.reorganizing``; units by code.

    ``after``: ``{"key", "name", "code", "kind", "parent"}`` or ``{"key", "unit"}``;
    ``areas``: area code → ``{"to", "name", "code", "kind"}``.
    """

    key: str
    kind: str
    effective: datetime.date
    basis_number: str
    basis_date: datetime.date
    basis_body: str
    note: str
    before: tuple[str, ...]
    after: tuple[dict, ...] = ()
    areas: tuple[tuple[str, dict], ...] = ()
    shares: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PositionSpec:
    person: str
    organization: str
    title: str
    start: datetime.date
    end: datetime.date | None
    term: str | None = None
    decision_number: str = ""


@dataclass(frozen=True)
class AccountSpec:
    username: str
    person: str | None
    covers: str
    is_staff: bool = False
    unit_scopes: tuple[tuple[str, str], ...] = ()
    org_scopes: tuple[tuple[str, str], ...] = ()


@dataclass
class DemoPlan:
    units: list[UnitSpec] = field(default_factory=list)
    organizations: list[OrgSpec] = field(default_factory=list)
    terms: list[TermSpec] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)
    positions: list[PositionSpec] = field(default_factory=list)
    accounts: list[AccountSpec] = field(default_factory=list)
    reorganizations: list[ReorganizationSpec] = field(default_factory=list)


# ---------------------------------------------------------------- structure
@dataclass(frozen=True)
class CommuneLevel:
    code: str
    short: str  # "Phước Hội"
    kind: str  # ward / commune
    area_names: tuple[str, ...]  # residential areas, invented
    successor: str | None = None

    @property
    def label(self) -> str:
        """``phường Phước Hội`` / ``xã Tân Hải``, as it follows an organization's name."""
        return f"{'phường' if self.kind == UnitKind.WARD else 'xã'} {self.short}"

    @property
    def name(self) -> str:
        return self.label[0].upper() + self.label[1:]


PROVINCE_OLD = "BT"
PROVINCE_NEW = "LD"
TOWN = "BT-LAGI"
NEW_LAGI = "LD-PLAGI"
NEW_PHUOCHOI = "LD-PPHUOCHOI"
NEW_TANHAI = "LD-XTANHAI"

_QUARTERS = tuple(f"khu phố {n}" for n in range(1, 5))
OLD_UNITS = (
    CommuneLevel("LG-PH", "Phước Hội", UnitKind.WARD, _QUARTERS, NEW_PHUOCHOI),
    CommuneLevel("LG-PL", "Phước Lộc", UnitKind.WARD, _QUARTERS, NEW_PHUOCHOI),
    CommuneLevel("LG-TA", "Tân An", UnitKind.WARD, _QUARTERS, NEW_LAGI),
    CommuneLevel("LG-TT", "Tân Thiện", UnitKind.WARD, _QUARTERS, NEW_LAGI),
    CommuneLevel("LG-BT", "Bình Tân", UnitKind.WARD, _QUARTERS, NEW_LAGI),
    CommuneLevel(
        "LG-TH", "Tân Hải", UnitKind.COMMUNE, ("thôn Hải An", "thôn Hải Bình", "thôn Hải Hòa"), NEW_TANHAI
    ),
    CommuneLevel(
        "LG-TTI",
        "Tân Tiến",
        UnitKind.COMMUNE,
        ("thôn Tiến Đạt", "thôn Tiến Phát", "thôn Tiến Hòa"),
        NEW_TANHAI,
    ),
    CommuneLevel(
        "LG-TB", "Tân Bình", UnitKind.COMMUNE, ("thôn Bình Đức", "thôn Bình Hòa", "thôn Bình Minh"), NEW_LAGI
    ),
    CommuneLevel(
        "LG-TP",
        "Tân Phước",
        UnitKind.COMMUNE,
        ("thôn Phước An", "thôn Phước Lâm", "thôn Phước Thịnh"),
        NEW_PHUOCHOI,
    ),
)
NEW_UNITS = (
    CommuneLevel(NEW_LAGI, "La Gi", UnitKind.WARD, ()),
    CommuneLevel(NEW_PHUOCHOI, "Phước Hội", UnitKind.WARD, ()),
    CommuneLevel(NEW_TANHAI, "Tân Hải", UnitKind.COMMUNE, ()),
)
OLD_BY_CODE = {u.code: u for u in OLD_UNITS}
NEW_BY_CODE = {u.code: u for u in NEW_UNITS}


def area_kind(unit: CommuneLevel) -> str:
    return UnitKind.QUARTER if unit.kind == UnitKind.WARD else UnitKind.VILLAGE


def _area_code(unit_code: str, area_name: str, index: int) -> str:
    if area_name.startswith("khu phố"):
        return f"{unit_code}-KP{index:02d}"
    return f"{unit_code}-T{index:02d}"


@dataclass(frozen=True)
class Area:
    code: str
    label: str  # "khu phố 1"
    unit: CommuneLevel
    successor: str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    made_by: str | None = None  # the reorganization that opened it
    came_from: str | None = None  # the area whose people carry on in it
    trade: str = ""  # of the farmers' group; an area with one has women's groups too

    @property
    def has_groups(self) -> bool:
        return bool(self.trade)

    @property
    def full_label(self) -> str:
        return f"{self.label}, {self.unit.label}"

    @property
    def name(self) -> str:
        return self.label[0].upper() + self.label[1:]


def merger_key(code: str) -> str:
    """The key of the 2025 reorganization that formed (or ended) the unit ``code``."""
    return f"2025:{code}"


SPLIT_KEY = f"2026:{SPLIT_AREA}"


def residential_areas() -> tuple[list[Area], list[Area]]:
    """Old residential areas and the new ones; each new area takes over exactly one old area."""
    old: list[Area] = []
    new: list[Area] = []
    counters: dict[str, int] = dict.fromkeys(NEW_BY_CODE, 0)
    for unit in OLD_UNITS:
        new_unit = NEW_BY_CODE[unit.successor]
        for index, label in enumerate(unit.area_names, start=1):
            counters[new_unit.code] += 1
            number = counters[new_unit.code]
            # A ward's areas are quarters (khu phố), renumbered in the new ward; a commune keeps its villages.
            new_label = f"khu phố {number}" if new_unit.kind == UnitKind.WARD else label
            code = f"{new_unit.code}-{'KP' if new_unit.kind == UnitKind.WARD else 'T'}{number:02d}"
            old_code = _area_code(unit.code, label, index)
            # Invented: the first quarter or the "… An" village has groups under its branches.
            trade = ""
            if label.endswith((" 1", "An")):
                trade = "nuôi trồng thủy sản" if unit.kind == UnitKind.COMMUNE else "trồng thanh long"
            new_area = Area(
                code,
                new_label,
                new_unit,
                valid_from=NEW_START,
                valid_to=SPLIT_END if code == SPLIT_AREA else None,
                made_by=merger_key(new_unit.code),
                came_from=old_code,
                trade=trade,
            )
            new.append(new_area)
            old.append(Area(old_code, label, unit, successor=code, valid_to=OLD_END, trade=trade))
    return old, new


def split_parts(new_areas: list[Area]) -> list[Area]:
    """The two quarters the invented 2026 split makes of ``SPLIT_AREA``; the first carries its people on."""
    (split,) = [area for area in new_areas if area.code == SPLIT_AREA]
    return [
        Area(
            code,
            label,
            split.unit,
            valid_from=SPLIT_START,
            made_by=SPLIT_KEY,
            came_from=split.code if index == 0 else None,
            trade=split.trade,
        )
        for index, (code, label) in enumerate(SPLIT_PARTS)
    ]


# ---------------------------------------------------------------- organizations
# The old units' terms are numbered as the units' age allows: the five wards were created with
# the town of La Gi in 2005 (their bodies are in their 4th or 5th term by the 2020s), the four
# communes are older. A term is named by its five years (Khóa IV, nhiệm kỳ 2021–2026) even when
# the 2025 merger cut it short: the positions in it end on 30 June 2025, the term keeps its years.
ASSOCIATIONS = (
    # kind, unit-level name, branch name, old term ((ordinal in a ward, in a commune), start), new term end
    (K.WOMENS_UNION, "Hội Liên hiệp Phụ nữ", "Chi hội Phụ nữ", ((4, 9), datetime.date(2021, 6, 15)), 2026),
    (K.FARMERS_ASSOCIATION, "Hội Nông dân", "Chi hội Nông dân", ((4, 8), datetime.date(2023, 5, 20)), 2028),
    (K.YOUTH_UNION, "Đoàn TNCS Hồ Chí Minh", "Chi đoàn", ((5, 10), datetime.date(2022, 9, 10)), 2027),
    (
        K.VETERANS_ASSOCIATION,
        "Hội Cựu chiến binh",
        "Chi hội Cựu chiến binh",
        ((4, 7), datetime.date(2022, 4, 25)),
        2027,
    ),
)
# The Front committees' terms before the merger: (first, second) ordinals of the town, a ward, a commune.
FRONT_TERM_ORDINALS = {"town": (4, 5), UnitKind.WARD: (4, 5), UnitKind.COMMUNE: (11, 12)}


def five_years_on(start: datetime.date) -> datetime.date:
    """The last day of a five-year term that starts on ``start``."""
    return start.replace(year=start.year + 5) - datetime.timedelta(days=1)


NEW_ONLY_ASSOCIATIONS = (
    (K.RED_CROSS, "Hội Chữ thập đỏ"),
    (K.ELDERLY_ASSOCIATION, "Hội Người cao tuổi"),
    (K.STUDY_PROMOTION, "Hội Khuyến học"),
    (K.TRADE_UNION, "Công đoàn cơ sở cơ quan"),
)
DESCRIPTIONS = {
    K.FRONT_COMMITTEE: "Tập hợp, đoàn kết các tầng lớp nhân dân; giám sát, phản biện xã hội; "
    "chăm lo đời sống nhân dân ở {place}.",
    K.WOMENS_UNION: "Đại diện, chăm lo quyền và lợi ích của phụ nữ {place}; vận động hội viên phát triển "
    "kinh tế, xây dựng gia đình hạnh phúc.",
    K.FARMERS_ASSOCIATION: "Hỗ trợ hội viên nông dân {place} về vốn, kỹ thuật sản xuất và tiêu thụ sản phẩm.",
    K.YOUTH_UNION: "Tập hợp thanh niên {place} tham gia phong trào tình nguyện, lập nghiệp "
    "và giữ gìn an ninh.",
    K.VETERANS_ASSOCIATION: "Phát huy bản chất bộ đội Cụ Hồ; hội viên cựu chiến binh {place} giúp nhau "
    "phát triển kinh tế.",
    K.RED_CROSS: "Hoạt động nhân đạo, cứu trợ và chăm sóc sức khỏe cộng đồng ở {place}.",
    K.ELDERLY_ASSOCIATION: "Chăm sóc và phát huy vai trò người cao tuổi {place}.",
    K.STUDY_PROMOTION: "Khuyến học, khuyến tài, xây dựng xã hội học tập ở {place}.",
    K.TRADE_UNION: "Công đoàn của cán bộ, công chức, người lao động các cơ quan {place}.",
    K.INSPECTION_BOARD: "Giám sát việc thực hiện chính sách, pháp luật và dân chủ ở cơ sở tại {place}.",
    K.FRONT_WORKING_COMMITTEE: "Ban Công tác Mặt trận {place}: nắm tình hình nhân dân, tổ chức Ngày hội "
    "Đại đoàn kết toàn dân tộc.",
    K.MEDIATION_TEAM: "Hòa giải các mâu thuẫn, tranh chấp nhỏ trong cộng đồng dân cư {place}.",
    K.INVESTMENT_MONITORING_BOARD: "Giám sát đầu tư của cộng đồng ở {place}.",
}
# Invented projects: (residential area, project, (board from, board to)).
MONITORED_PROJECTS = (
    (
        "LG-TT-KP02",
        "công trình nâng cấp đường nội bộ",
        (datetime.date(2023, 3, 1), datetime.date(2024, 6, 30)),
    ),
    ("LD-PLAGI-KP03", "công trình nâng cấp đường nội bộ", (datetime.date(2025, 9, 1), None)),
    ("LD-PPHUOCHOI-KP02", "công trình kè chống sạt lở bờ biển", (datetime.date(2025, 10, 15), None)),
    ("LD-XTANHAI-T02", "công trình nhà văn hóa", (datetime.date(2025, 11, 1), None)),
)
# Abbreviations in the (invented) numbers of the decisions recognising the elected heads.
DECISION_ISSUERS = {
    K.FRONT_COMMITTEE: "MTTQ",
    K.WOMENS_UNION: "HPN",
    K.FARMERS_ASSOCIATION: "HND",
    K.YOUTH_UNION: "ĐTN",
    K.VETERANS_ASSOCIATION: "CCB",
}
DEMO_NOTE = " (Dữ liệu minh họa.)"
STREETS = ("Thống Nhất", "Lê Lợi", "Nguyễn Huệ", "Trần Hưng Đạo", "Lê Duẩn", "Ngô Quyền", "Hùng Vương")
