"""What the members tests share: a made-up ward with two quarters, its Women's Union with a branch in
each quarter and its Red Cross; members made in bulk; register sheets written with openpyxl."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook

from members.member_sheet import COLUMNS
from members.models import Member, Membership
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, User
from tests.factories import OrganizationFactory, ScopeFactory, UnitFactory

D = datetime.date
HEADERS = [names[0] for names in COLUMNS.values()]
JOINED = D(2024, 1, 1)


@dataclass
class Ward:
    ward: AdministrativeUnit
    area1: AdministrativeUnit
    area2: AdministrativeUnit
    women: Organization
    branch1: Organization
    branch2: Organization
    red_cross: Organization
    youth: Organization
    writer: User


def made_up_ward(name: str = "Phường Thử") -> Ward:
    ward = UnitFactory(name=name, kind="ward")
    area1 = UnitFactory(name="Khu phố Một", kind="quarter", parent=ward)
    area2 = UnitFactory(name="Khu phố Hai", kind="quarter", parent=ward)
    women = OrganizationFactory(name=f"Hội Phụ nữ {name}", kind=OrganizationKind.WOMENS_UNION, unit=ward)
    branch1 = OrganizationFactory(
        name="Chi hội Phụ nữ khu phố Một", kind=OrganizationKind.WOMENS_UNION, unit=area1, parent=women
    )
    branch2 = OrganizationFactory(
        name="Chi hội Phụ nữ khu phố Hai", kind=OrganizationKind.WOMENS_UNION, unit=area2, parent=women
    )
    red_cross = OrganizationFactory(
        name=f"Hội Chữ thập đỏ {name}", kind=OrganizationKind.RED_CROSS, unit=ward
    )
    youth = OrganizationFactory(name=f"Đoàn {name}", kind=OrganizationKind.YOUTH_UNION, unit=ward)
    writer = ScopeFactory(unit=ward, access="write").user
    return Ward(ward, area1, area2, women, branch1, branch2, red_cross, youth, writer)


def add_members(
    organization: Organization,
    area: AdministrativeUnit,
    count: int,
    *,
    joined: datetime.date = JOINED,
    left: datetime.date | None = None,
    reason: str = "",
    gender: str = "female",
    birth_year: int = 1980,
    ethnicity: str = "kinh",
    prefix: str = "Thử",
) -> list[Membership]:
    members = Member.objects.bulk_create(
        [
            Member(
                full_name=f"{prefix} {n}",
                birth_year=birth_year,
                gender=gender,
                ethnicity=ethnicity,
                residential_area=area,
            )
            for n in range(count)
        ]
    )
    return Membership.objects.bulk_create(
        [
            Membership(
                member=m, organization=organization, joined_on=joined, left_on=left, leave_reason=reason
            )
            for m in members
        ]
    )


def sheet_bytes(rows: list[list], headers: list[str] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(
    name: str = "Lê Thị Mới",
    year: int | str = 1985,
    *,
    branch: str = "Khu phố Một",
    card: str = "",
    joined: str | D = "08/03/2021",
    left: str = "",
    reason: str = "",
    area: str = "",
    phone: str = "",
    gender: str = "Nữ",
) -> list:
    """A sheet row in the order of ``HEADERS``."""
    return [name, year, gender, "Kinh", area, phone, branch, card, joined, left, reason]
