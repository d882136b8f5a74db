"""A report as a spreadsheet: XLSX (one sheet per section, numbers as numbers, dates as dates) or
CSV (UTF-8 with a byte-order mark, so that Excel reads the Vietnamese; one line per indicator and
row). The figures are the page's (``reports.tables``); every text cell goes through
``core.sheets.neutralised``, since a unit's, an organization's or a title's name is typed by people.
"""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.sheets import neutralised
from organizations.fields import VIEW_CHOICES

from .compute import Report
from .sources import UNIT
from .tables import SectionTable, section_tables

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
# Characters a sheet's title may not hold, and its longest length.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_LENGTH = 31


def file_name(report: Report, extension: str) -> str:
    period = report.period
    return f"report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def column_headings(report: Report) -> list[str]:
    """This period, the period before, the same period last year, each with its label."""
    names = (gettext("This period"), gettext("Previous period"), gettext("Same period last year"))
    return [f"{name} ({period.label})" for name, period in zip(names, report.periods, strict=True)]


def view_label(report: Report) -> str:
    return str(dict(VIEW_CHOICES).get(report.view, ""))


def _sheet_title(label: str, used: set[str]) -> str:
    title = _SHEET_TITLE_FORBIDDEN.sub(" ", str(label))[:_SHEET_TITLE_LENGTH].strip() or "Sheet"
    base, number = title, 2
    while title in used:
        suffix = f" {number}"
        title = base[: _SHEET_TITLE_LENGTH - len(suffix)] + suffix
        number += 1
    used.add(title)
    return title


def xlsx_response(report: Report) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in section_tables(report):
        _write_section(workbook.create_sheet(_sheet_title(table.label, used)), report, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), file_name(report, "xlsx"))


def _write_section(sheet, report: Report, table: SectionTable) -> None:
    bold = Font(bold=True)
    sheet.append([neutralised(report.period.title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([neutralised(report.subject.name), neutralised(report.subject.issuer)])
    sheet.append([gettext("From"), report.period.start])
    sheet.append([gettext("To"), report.period.end])
    sheet.append([gettext("View the units"), neutralised(view_label(report))])
    for row in (3, 4):
        sheet.cell(row=row, column=2).number_format = DATE_FORMAT
    sheet.append([])
    sheet.append([neutralised(str(table.label))])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(
        [
            gettext("Indicator"),
            pgettext("unit of measure", "Unit"),
            *map(neutralised, column_headings(report)),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for line in table.lines:
        indicator = line.indicator
        sheet.append([str(indicator.label), str(indicator.measure_label), *line.values])
    sheet.append([])
    heading = gettext("By unit") if report.by == UNIT else gettext("By branch")
    sheet.append([f"{heading} ({report.period.label})"])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(
        [
            gettext("Unit") if report.by == UNIT else gettext("Organization"),
            *(str(i.label) for i in table.columns),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in table.rows:
        sheet.append([neutralised(row.label), *row.values])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.column_dimensions["A"].width = 52
    sheet.column_dimensions["B"].width = 16
    for index in range(3, max(5, len(table.columns) + 1) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22


def csv_response(report: Report) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(
        [
            gettext("Section"),
            gettext("Indicator"),
            pgettext("unit of measure", "Unit"),
            gettext("Unit") if report.by == UNIT else gettext("Organization"),
            *column_headings(report),
        ]
    )
    for table in section_tables(report):
        for line in table.lines:
            indicator = line.indicator
            first = [str(table.label), str(indicator.label), str(indicator.measure_label)]
            writer.writerow([*map(neutralised, [*first, gettext("Total")]), *map(_text, line.values)])
            for row in report.rows:
                values = [figures.value(indicator) for figures in row.figures]
                writer.writerow([*map(neutralised, [*first, row.label]), *map(_text, values)])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, file_name(report, "csv"))


def _text(value) -> str:
    return "" if value is None else str(value)
