"""What the spreadsheets (XLSX, CSV) share: for the imports, a mistake found at a row and column and a
date as cadres type it (each app reads its own columns; every import checks every row before it
saves anything); for the exports, text that a spreadsheet program must not run as a formula."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# What a spreadsheet program takes for the start of a formula (a tab or a carriage return before one
# hides it): a cell of an exported sheet that starts so is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The ways a date is typed in a cell that is not a date cell.
DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


@dataclass(frozen=True)
class RowError:
    """A mistake of a sheet: its row (0 for the whole file), column letter and header ("" for the row)."""

    row: int
    column: str
    header: str
    message: str


def parse_date(value) -> datetime.date | None:
    """A date cell, or a date typed as dd/mm/yyyy (or yyyy-mm-dd); None when it is not one."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# An uploaded sheet: an Excel workbook of at most 10 MB.
MAX_SHEET_BYTES = 10 * 1024 * 1024
XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def check_xlsx_upload(sheet):
    """The uploaded file if it is an Excel workbook (.xlsx) of at most 10 MB; a form field's error if not."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if not sheet.name.lower().endswith(".xlsx"):
        raise ValidationError(_("Choose an Excel workbook (.xlsx)."))
    if sheet.size > MAX_SHEET_BYTES:
        raise ValidationError(_("The file is too big; the limit is 10 MB."))
    return sheet


def neutralised(value):
    """A value as an exported sheet (XLSX or CSV) writes it: text that starts like a formula
    ("=cmd|…", "+1", "-2", "@SUM(…)", a tab or a carriage return) gets a leading apostrophe, so
    that a spreadsheet program shows it instead of running it; numbers, dates and other text are
    written as they are. A name or a title typed by anyone may reach an export."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
