"""The "5,000-row member register" line of the benchmarks: how long importing a register sheet takes.

Run inside ``manage.py shell`` on a seeded database (the bench's, or the demo's):

    DEBUG=1 .venv/bin/python manage.py shell -c "from bench.member_import import main; main()"

Outside the timing, a ward is made with two residential areas and a Women's Union with a branch in
each, a cadre who keeps it, and a sheet of ``rows`` members is written with openpyxl; then the
check of every row and the import (``members.services.import_member_sheet``) are timed. Everything
is made and imported in one transaction that is rolled back, so the database is left as it was.
Target: under 10 s for 5,000 rows (the unit tests pin the number of queries instead).
"""

from __future__ import annotations

import datetime
import json
import time
from io import BytesIO

from django.db import transaction

ROWS = 5_000
MAX_SECONDS = 10.0


class _RolledBack(Exception):
    pass


def _sheet(rows: int) -> bytes:
    from openpyxl import Workbook

    from members.member_sheet import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([names[0] for names in COLUMNS.values()])
    for n in range(rows):
        branch = ("Khu phố Đo 1", "Khu phố Đo 2")[n % 2]
        joined = datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 2000)
        sheet.append(
            [
                f"Hội viên Đo {n}",
                1950 + n % 50,
                "Nữ",
                "Kinh",
                "",
                "",
                branch,
                f"ĐO-{n:05d}",
                joined,
                None,
                None,
            ]
        )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(rows: int = ROWS) -> dict:
    from members.member_sheet import proposed_mapping, read_headers
    from members.services import import_member_sheet, upload_member_sheet
    from organizations.models import AdministrativeUnit, Organization, Scope, User
    from organizations.reach import rebuild_reach

    content = _sheet(rows)
    result: dict = {}
    try:
        with transaction.atomic():
            start = datetime.date(2020, 1, 1)
            ward = AdministrativeUnit.objects.create(
                code="BENCH-M", name="Phường Đo", kind="ward", valid_from=start
            )
            union = Organization.objects.create(name="Hội LHPN phường Đo", kind="womens_union", unit=ward)
            for n in (1, 2):
                area = AdministrativeUnit.objects.create(
                    code=f"BENCH-M-{n}", name=f"Khu phố Đo {n}", kind="quarter", parent=ward, valid_from=start
                )
                Organization.objects.create(
                    name=f"Chi hội Phụ nữ khu phố Đo {n}", kind="womens_union", unit=area, parent=union
                )
            rebuild_reach(unit_ids=[ward.pk], organization_ids=[union.pk])
            cadre = User.objects.create(username="bench-members")
            Scope.objects.create(user=cadre, unit=ward, access="write")
            member_import = upload_member_sheet(
                actor=cadre, organization=union, content=content, file_name="do.xlsx"
            )
            header_row, cells = read_headers(content)
            began = time.perf_counter()
            done = import_member_sheet(
                actor=cadre,
                member_import=member_import,
                header_row=header_row,
                mapping=proposed_mapping(cells),
            )
            result = {"rows": rows, "seconds": round(time.perf_counter() - began, 2), "saved": done.saved}
            raise _RolledBack
    except _RolledBack:
        pass
    return result


def main(rows: int = ROWS) -> None:
    result = measure(rows)
    result["target_seconds"] = MAX_SECONDS
    result["passed"] = bool(result.get("saved")) and result["seconds"] < MAX_SECONDS
    print(json.dumps(result))
