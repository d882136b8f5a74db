"""Reading the Bank for Social Policies' sheet of loan figures (XLSX) and checking every row.

One row is one group's figures for one lending programme on one date; the columns are found by
their headers (the bank's Vietnamese ones, or the English ones of the portal's example sheet):

======================  ===============  ===========================================
header                  English header   what it holds
======================  ===============  ===========================================
Mã tổ                   Group code       the group's code on the bank's sheets
Ngày                    Date             the date of the figures (a date cell or dd/mm/yyyy)
Chương trình            Programme        the lending programme (its name or code)
Dư nợ                   Outstanding      outstanding balance, in đồng
Nợ quá hạn              Overdue          overdue, in đồng (part of the balance)
Nợ khoanh               Frozen           frozen, in đồng (part of the balance)
Số hộ vay               Borrowers        households with a loan
======================  ===============  ===========================================

Every row is checked before anything is saved, and every mistake is reported with its row and
column: an unknown group (or one the cadre may not change), a missing or unreadable value, a
negative amount, overdue or frozen above the balance, a date in the future or outside the
group's life, the same group, date and programme twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.search import normalize
from core.sheets import RowError, parse_date

from .models import LendingProgramme

MAX_ROWS = 50_000
# The columns, each with the headers it may have (compared without diacritics or case).
COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("Mã tổ", "Group code"),
    "date": ("Ngày", "Ngày số liệu", "Date"),
    "programme": ("Chương trình", "Chương trình cho vay", "Programme"),
    "outstanding": ("Dư nợ", "Outstanding"),
    "overdue": ("Nợ quá hạn", "Overdue"),
    "frozen": ("Nợ khoanh", "Frozen"),
    "borrowers": ("Số hộ vay", "Borrowers"),
}
AMOUNTS = ("outstanding", "overdue", "frozen", "borrowers")
# The programmes as the bank's sheet names them.
BANK_PROGRAMME_NAMES = {
    LendingProgramme.POOR: "Hộ nghèo",
    LendingProgramme.NEAR_POOR: "Hộ cận nghèo",
    LendingProgramme.ESCAPED_POVERTY: "Hộ mới thoát nghèo",
    LendingProgramme.STUDENTS: "Học sinh sinh viên",
    LendingProgramme.JOBS: "Giải quyết việc làm",
    LendingProgramme.WATER: "Nước sạch và vệ sinh môi trường nông thôn",
    LendingProgramme.DIFFICULT_AREAS: "Sản xuất kinh doanh vùng khó khăn",
    LendingProgramme.HOUSING: "Nhà ở xã hội",
    LendingProgramme.OTHER: "Chương trình khác",
}
_PROGRAMMES = {normalize(name): code for code, name in BANK_PROGRAMME_NAMES.items()} | {
    normalize(code): code for code in LendingProgramme.values
}


@dataclass(frozen=True)
class SheetRow:
    row: int
    group_code: str
    date: datetime.date
    programme: str
    outstanding: int
    overdue: int
    frozen: int
    borrowers: int


@dataclass
class ReadSheet:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class KnownGroup:
    """What the check needs of a group the cadre may change."""

    pk: int
    founded_on: datetime.date
    closed_on: datetime.date | None


def _header_positions(header_row: tuple) -> dict[str, int]:
    wanted = {normalize(name): key for key, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(header_row):
        key = wanted.get(normalize(str(cell))) if cell not in (None, "") else None
        if key and key not in found:
            found[key] = index
    return found


def _whole_number(value) -> int | None:
    """An amount typed as a number, or as text with Vietnamese or English grouping."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip().replace(" ", "").replace(".", "").replace(",", "")
    if text.startswith("-") and text[1:].isdigit():
        return -int(text[1:])
    return int(text) if text.isdigit() else None


def read_sheet(upload: BinaryIO, groups: dict[str, KnownGroup]) -> ReadSheet:
    """Every row of the first worksheet, checked; the rows are kept only if none has an error."""
    result = ReadSheet()
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.errors.append(RowError(0, "", "", _("The file is not an Excel workbook (.xlsx).")))
        return result
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header_number, positions = 0, {}
        for number, values in enumerate(rows, start=1):
            positions = _header_positions(values)
            if "group" in positions:
                header_number = number
                break
            if number >= 10:
                break
        missing = [COLUMNS[key][0] for key in COLUMNS if key not in positions]
        if not header_number or missing:
            result.errors.append(
                RowError(
                    header_number,
                    "",
                    "",
                    _("The sheet has no column %(columns)s.") % {"columns": ", ".join(missing)},
                )
            )
            return result
        _check_rows(rows, header_number, positions, groups, result)
    finally:
        workbook.close()
    if result.errors:
        result.rows = []
    return result


def _check_rows(rows, header_number: int, positions: dict[str, int], groups, result: ReadSheet) -> None:
    today = timezone.localdate()
    seen: dict[tuple[str, datetime.date, str], int] = {}
    headers = {key: COLUMNS[key][0] for key in COLUMNS}
    letters = {key: get_column_letter(index + 1) for key, index in positions.items()}

    for number, values in enumerate(rows, start=header_number + 1):
        cells = {key: (values[index] if index < len(values) else None) for key, index in positions.items()}
        if all(value in (None, "") for value in cells.values()):
            continue
        if number - header_number > MAX_ROWS:
            result.errors.append(
                RowError(number, "", "", _("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS})
            )
            return

        def error(key: str, message: str, number: int = number) -> None:
            result.errors.append(RowError(number, letters[key], headers[key], message))

        errors_before = len(result.errors)
        code = str(cells["group"] or "").strip()
        group = groups.get(code)
        if not code:
            error("group", _("The group code is missing."))
        elif group is None:
            error("group", _("No group you may change has the code %(code)s.") % {"code": code})
        date = parse_date(cells["date"]) if cells["date"] not in (None, "") else None
        if date is None:
            error("date", _("Enter the date as dd/mm/yyyy."))
        elif date > today:
            error("date", _("The date %(date)s is in the future.") % {"date": f"{date:%d/%m/%Y}"})
        elif group is not None and date < group.founded_on:
            error("date", _("The group was founded after this date."))
        elif group is not None and group.closed_on and date > group.closed_on:
            error("date", _("The group was closed before this date."))
        programme = _PROGRAMMES.get(normalize(str(cells["programme"] or "")))
        if programme is None:
            error("programme", _("Unknown lending programme."))
        amounts: dict[str, int] = {}
        for key in AMOUNTS:
            raw = cells[key]
            value = 0 if raw in (None, "") else _whole_number(raw)
            if value is None:
                error(key, _("Enter a whole number."))
            elif value < 0:
                error(key, _("An amount cannot be negative."))
            else:
                amounts[key] = value
        if "outstanding" in amounts:
            if amounts.get("overdue", 0) > amounts["outstanding"]:
                error("overdue", _("The overdue amount is above the outstanding balance."))
            if amounts.get("frozen", 0) > amounts["outstanding"]:
                error("frozen", _("The frozen amount is above the outstanding balance."))
        if code and date and programme:
            first = seen.setdefault((code, date, programme), number)
            if first != number:
                error(
                    "programme",
                    _("The same group, date and programme are on row %(row)s already.") % {"row": first},
                )
        if len(result.errors) == errors_before:
            result.rows.append(SheetRow(number, code, date, programme, **amounts))
