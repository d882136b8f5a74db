"""The demo register of authorities as plain values: the bodies of the La Gi area the Front sends
concerns and recommendations to, before and after 1 July 2025.

Real bodies, named as they are (the names follow ``organizations.authority_names`` where a unit
has one body of the kind), marked as demo data like every demo row; their days to answer are the
demo's. Before 1 July 2025: the People's Committee, the People's Council and the police of the
town of La Gi and of its nine wards and communes, two offices of the town's committee, the
departments, police and National Assembly delegation of Bình Thuận. Since then: those of the three
new units (made by the reorganizations, not written here: ``organizations.reorganizing`` opens
them and links the old ones to them) and of Lâm Đồng, which Bình Thuận joined.

The provincial Departments of Natural Resources and Environment became Departments of
Agriculture and Environment on 1 March 2025 [verify the date for both provinces]; the branch of
the land registration office, the electricity branch and the water company follow their province
in the register. Invented: the contractor "Công ty TNHH Xây dựng Thành Đạt" (named in a 2023
recommendation) and the dates of the town's project management board and of its successor.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from organizations.authority_names import authority_name
from organizations.models import AuthorityKind

from .structure import OLD_UNITS, PROVINCE_NEW, PROVINCE_OLD, TOWN, merger_key

A = AuthorityKind
D = datetime.date
DEPARTMENTS_MERGED = D(2025, 3, 1)
BEFORE_DEPARTMENTS_MERGED = D(2025, 2, 28)
NEW_START = D(2025, 7, 1)


@dataclass(frozen=True)
class AuthoritySpec:
    """An authority the demo writes; ``ends_with``: the reorganization that ends it (and links it to
    its successor); ``replaced_by``: the name of a successor the demo links itself."""

    name: str
    kind: str
    unit: str  # unit code
    answer_days: int = 30
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    ends_with: str | None = None
    replaced_by: str | None = None


# Names the demo's concerns and recommendations send to (see ``demo.authorities.Register``).
LAND_OFFICE = "Chi nhánh Văn phòng Đăng ký đất đai La Gi"
PROJECT_BOARD_TOWN = "Ban Quản lý dự án đầu tư xây dựng thị xã La Gi"
PROJECT_BOARD_AREA = "Ban Quản lý dự án đầu tư xây dựng khu vực La Gi"
CONTRACTOR = "Công ty TNHH Xây dựng Thành Đạt"
URBAN_OFFICE = "Phòng Quản lý đô thị thị xã La Gi"
ENVIRONMENT_OFFICE = "Phòng Tài nguyên và Môi trường thị xã La Gi"
ELECTRICITY = "Điện lực La Gi"
WATER = "Công ty Cổ phần Cấp thoát nước Bình Thuận"

_PROVINCES = {PROVINCE_OLD: "Tỉnh Bình Thuận", PROVINCE_NEW: "Tỉnh Lâm Đồng"}


def _province(code: str) -> list[AuthoritySpec]:
    old = code == PROVINCE_OLD
    ends = merger_key(PROVINCE_OLD) if old else None
    place = _PROVINCES[code]
    short = place.removeprefix("Tỉnh ")
    specs = [
        AuthoritySpec(authority_name(kind, place), kind, code, days, ends_with=ends)
        for kind, days in ((A.PEOPLES_COMMITTEE, 30), (A.POLICE, 30), (A.NA_DELEGATION, 45))
    ]
    specs += [
        AuthoritySpec(
            f"Sở Tài nguyên và Môi trường tỉnh {short}",
            A.PROVINCIAL_DEPARTMENT,
            code,
            valid_to=BEFORE_DEPARTMENTS_MERGED,
            replaced_by=f"Sở Nông nghiệp và Môi trường tỉnh {short}",
        ),
        AuthoritySpec(
            f"Sở Nông nghiệp và Môi trường tỉnh {short}",
            A.PROVINCIAL_DEPARTMENT,
            code,
            valid_from=DEPARTMENTS_MERGED,
            ends_with=ends,
        ),
        AuthoritySpec(f"Sở Xây dựng tỉnh {short}", A.PROVINCIAL_DEPARTMENT, code, 45, ends_with=ends),
    ]
    # Bodies of the area that follow their province: Bình Thuận's until 30/06/2025, then Lâm Đồng's.
    for name, kind, days in (
        (LAND_OFFICE, A.OTHER, 30),
        (ELECTRICITY, A.UTILITY, 15),
        (WATER, A.UTILITY, 15),
    ):
        if old:
            specs.append(AuthoritySpec(name, kind, code, days, ends_with=ends))
        else:
            specs.append(AuthoritySpec(name, kind, code, days, valid_from=NEW_START))
    if not old:
        specs.append(AuthoritySpec(PROJECT_BOARD_AREA, A.OTHER, code, valid_from=NEW_START))
    return specs


def _town() -> list[AuthoritySpec]:
    ends = merger_key(TOWN)
    place = "Thị xã La Gi"
    return [
        *(
            AuthoritySpec(authority_name(kind, place), kind, TOWN, ends_with=ends)
            for kind in (A.PEOPLES_COMMITTEE, A.PEOPLES_COUNCIL, A.POLICE)
        ),
        AuthoritySpec(ENVIRONMENT_OFFICE, A.COMMITTEE_OFFICE, TOWN, ends_with=ends),
        AuthoritySpec(URBAN_OFFICE, A.COMMITTEE_OFFICE, TOWN, 15, ends_with=ends),
        AuthoritySpec(PROJECT_BOARD_TOWN, A.OTHER, TOWN, ends_with=ends, replaced_by=PROJECT_BOARD_AREA),
        AuthoritySpec(CONTRACTOR, A.OTHER, TOWN, 15, ends_with=ends),
    ]


def _old_units() -> list[AuthoritySpec]:
    return [
        AuthoritySpec(authority_name(kind, unit.name), kind, unit.code, ends_with=merger_key(unit.successor))
        for unit in OLD_UNITS
        for kind in (A.PEOPLES_COMMITTEE, A.PEOPLES_COUNCIL, A.POLICE)
    ]


def authority_specs() -> list[AuthoritySpec]:
    """Every authority the demo writes itself (the new units' are made by the reorganizations)."""
    return [*_province(PROVINCE_NEW), *_province(PROVINCE_OLD), *_town(), *_old_units()]
