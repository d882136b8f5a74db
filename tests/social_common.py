"""Helpers of the social tests: bank sheets written with openpyxl, groups and houses made for a test."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from social.models import GroupRating, SavingsGroup

HEADERS = ("Mã tổ", "Ngày", "Chương trình", "Dư nợ", "Nợ quá hạn", "Nợ khoanh", "Số hộ vay")
TITLE = "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI – DƯ NỢ ỦY THÁC QUA TỔ TIẾT KIỆM VÀ VAY VỐN (minh họa)"


def sheet_bytes(rows: Iterable[Sequence], *, headers: Sequence[str] = HEADERS, title: bool = True) -> bytes:
    """An XLSX workbook as the bank sends it: a title row, the headers, one row per group and programme."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Du no")
    if title:
        sheet.append([TITLE])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "du-no.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def area_and_union(area_code: str = "LD-PLAGI-KP01", kind: str = OrganizationKind.WOMENS_UNION):
    """A residential area of the demo and its branch of an association (Chi hội ... khu phố 1)."""
    area = AdministrativeUnit.objects.get(code=area_code)
    branch = Organization.objects.filter(unit=area, kind=kind, parent__unit=area.parent).first()
    return area, branch


def make_groups(count: int, *, prefix: str = "T", area_code: str = "LD-PLAGI-KP01", kind=None) -> list:
    area, branch = area_and_union(area_code, kind or OrganizationKind.WOMENS_UNION)
    return SavingsGroup.objects.bulk_create(
        [
            SavingsGroup(
                code=f"{prefix}{number:05d}",
                name=f"Tổ thử {number}",
                unit=area,
                association=branch,
                members=30,
                founded_on=datetime.date(2018, 1, 1),
                rating=GroupRating.GOOD,
            )
            for number in range(count)
        ]
    )
