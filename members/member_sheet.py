"""Reading a member register sheet (XLSX) and checking every row, with the columns the cadre mapped.

One row is one member of an association or of one of its branches. The columns are proposed from
their headers (the Vietnamese ones of the registers, or the English ones of the example sheet) and
the cadre confirms or changes them on the mapping screen:

=================  =================  ======================================================
header             English header     what it holds
=================  =================  ======================================================
Họ và tên          Full name          required
Năm sinh           Year of birth      a year (1900 to this year)
Giới tính          Gender             Nam / Nữ / Khác
Dân tộc            Ethnic group       Kinh, Hoa, Chăm ... (empty: Kinh; others: other group)
Khu dân cư         Residential area   the area's name ("Khu phố 1"); empty: the branch's area
Số điện thoại      Phone              10 digits
Chi hội            Branch             the branch's name or its area's; empty: the association
Số thẻ             Card number        unique to one member in the organization
Ngày vào           Joined on          required, a date cell or dd/mm/yyyy
Ngày ra            Left on            a date, or empty
Lý do ra           Reason for leaving required with the date of leaving
=================  =================  ======================================================

Every row is checked before anything is saved, and every mistake is reported with its row and
column: a missing name, an unknown branch or area, a date in the future, left before joined, a
card number used twice (in the sheet or in the register), a person who is already a member (in
the register or twice in the sheet).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from core.search import normalize
from core.sheets import RowError, parse_date
from organizations.models import Gender

from .models import Ethnicity, LeaveReason
from .models.register import YOUTH_JOIN_AGES, normalize_phone

MAX_ROWS = 50_000
HEADER_ROWS = 10
# The columns, each with its label on the mapping screen and the headers it may have.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("Họ và tên", "Full name", "Họ tên"),
    "birth_year": ("Năm sinh", "Year of birth"),
    "gender": ("Giới tính", "Gender"),
    "ethnicity": ("Dân tộc", "Ethnic group"),
    "residential_area": ("Khu dân cư", "Residential area", "Thôn, khu phố"),
    "phone": ("Số điện thoại", "Phone", "Điện thoại"),
    "branch": ("Chi hội", "Branch", "Chi đoàn"),
    "card_number": ("Số thẻ", "Card number", "Số thẻ hội viên", "Số thẻ đoàn viên"),
    "joined_on": ("Ngày vào", "Joined on", "Ngày vào hội", "Ngày vào đoàn"),
    "left_on": ("Ngày ra", "Left on"),
    "leave_reason": ("Lý do ra", "Reason for leaving"),
}
LABELS = {
    "full_name": gettext_lazy("Full name"),
    "birth_year": gettext_lazy("Year of birth"),
    "gender": gettext_lazy("Gender"),
    "ethnicity": gettext_lazy("Ethnic group"),
    "residential_area": gettext_lazy("Residential area"),
    "phone": gettext_lazy("Phone"),
    "branch": gettext_lazy("Branch"),
    "card_number": gettext_lazy("Card number"),
    "joined_on": gettext_lazy("Joined on"),
    "left_on": gettext_lazy("Left on"),
    "leave_reason": gettext_lazy("Reason for leaving"),
}
REQUIRED = ("full_name", "joined_on")
GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE, "khac": Gender.OTHER} | {
    normalize(value): value for value in Gender.values
}
REASONS = {
    "chuyen di": LeaveReason.MOVED,
    "chuyen noi o": LeaveReason.MOVED,
    "tu tran": LeaveReason.DECEASED,
    "qua doi": LeaveReason.DECEASED,
    "qua tuoi": LeaveReason.AGED_OUT,
    "qua tuoi doan": LeaveReason.AGED_OUT,
    "truong thanh doan": LeaveReason.AGED_OUT,
    "xin ra": LeaveReason.RESIGNED,
    "khac": LeaveReason.OTHER,
} | {normalize(value): value for value in LeaveReason.values}
# The groups as the registers write them (compared without diacritics or case).
ETHNICITIES = {
    normalize(name): value
    for name, value in (
        ("Kinh", Ethnicity.KINH),
        ("Hoa", Ethnicity.HOA),
        ("Chăm", Ethnicity.CHAM),
        ("Raglai", Ethnicity.RAGLAI),
        ("Ra Glai", Ethnicity.RAGLAI),
        ("Cơ Ho", Ethnicity.CO_HO),
        ("K'Ho", Ethnicity.CO_HO),
        ("Tày", Ethnicity.TAY),
        ("Nùng", Ethnicity.NUNG),
        ("Khmer", Ethnicity.KHMER),
    )
} | {normalize(value): value for value in Ethnicity.values}


@dataclass(frozen=True)
class SheetRow:
    row: int
    full_name: str
    birth_year: int | None
    gender: str
    ethnicity: str
    area_id: int
    phone: str
    organization_id: int
    card_number: str
    joined_on: datetime.date
    left_on: datetime.date | None
    leave_reason: str

    @property
    def person(self) -> tuple[str, int | None, int]:
        return person_key(self.full_name, self.birth_year, self.area_id)


@dataclass
class Register:
    """What the check needs to know of the portal: the names it accepts and who is a member already.

    ``branches`` and ``areas``: a normalised name → id; ``youth``: whether the organization is the
    Youth Union; ``cards``: card number → member id; ``people``: person key → member id;
    ``periods``: member id → (joined, left) of their memberships of the organization's kind.
    """

    branches: dict[str, int]
    areas: dict[str, int]
    branch_areas: dict[int, int]
    youth: bool = False
    cards: dict[str, int] = field(default_factory=dict)
    people: dict[tuple, int] = field(default_factory=dict)
    periods: dict[int, list[tuple[datetime.date, datetime.date | None]]] = field(default_factory=dict)


@dataclass
class ReadSheet:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def person_key(
    full_name: str, birth_year: int | None, area_id: int | None
) -> tuple[str, int | None, int | None]:
    """Who a row is: the same name (without diacritics or case), year of birth and area."""
    return (" ".join(normalize(full_name).split()), birth_year, area_id)


def _open(content: bytes):
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return None


def read_headers(content: bytes) -> tuple[int, list[str]] | None:
    """The header row's number and its cells (the first of the first rows that names a column)."""
    workbook = _open(content)
    if workbook is None:
        return None
    wanted = {normalize(name) for names in COLUMNS.values() for name in names}
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True, max_row=HEADER_ROWS)
        first: tuple[int, list[str]] | None = None
        for number, values in enumerate(rows, start=1):
            cells = ["" if value is None else str(value).strip() for value in values]
            if first is None and any(cells):
                first = (number, cells)
            if any(normalize(cell) in wanted for cell in cells if cell):
                return number, cells
        return first
    finally:
        workbook.close()


def proposed_mapping(headers: list[str]) -> dict[str, int]:
    """Each column whose header the portal knows, by its position in the header row."""
    wanted = {normalize(name): key for key, names in COLUMNS.items() for name in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(headers):
        key = wanted.get(normalize(cell)) if cell else None
        if key and key not in found:
            found[key] = index
    return found


def _year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def read_sheet(content: bytes, header_row: int, mapping: dict[str, int], register: Register) -> ReadSheet:
    """Every row below the header, checked; the rows are kept only if none has an error."""
    result = ReadSheet()
    workbook = _open(content)
    if workbook is None:
        result.errors.append(RowError(0, "", "", _("The file is not an Excel workbook (.xlsx).")))
        return result
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True, min_row=header_row + 1)
        _Checker(mapping, register, result).check(rows, header_row)
    finally:
        workbook.close()
    if result.errors:
        result.rows = []
    return result


class _Checker:
    def __init__(self, mapping: dict[str, int], register: Register, result: ReadSheet) -> None:
        self.mapping = mapping
        self.register = register
        self.result = result
        self.today = timezone.localdate()
        self.letters = {key: get_column_letter(index + 1) for key, index in mapping.items()}
        self.cards_seen: dict[str, int] = {}
        self.people_seen: dict[tuple, int] = {}

    def check(self, rows, header_row: int) -> None:
        for number, values in enumerate(rows, start=header_row + 1):
            cells = {key: (values[i] if i < len(values) else None) for key, i in self.mapping.items()}
            if all(value in (None, "") for value in cells.values()):
                continue
            if number - header_row > MAX_ROWS:
                message = _("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS}
                self.result.errors.append(RowError(number, "", "", message))
                return
            self.check_row(number, cells)

    def error(self, number: int, key: str, message: str) -> None:
        self.result.errors.append(RowError(number, self.letters.get(key, ""), str(LABELS[key]), message))

    def text(self, cells: dict, key: str) -> str:
        value = cells.get(key)
        return "" if value is None else str(value).strip()

    def date(self, number: int, cells: dict, key: str) -> datetime.date | None:
        if cells.get(key) in (None, ""):
            return None
        value = parse_date(cells[key])
        if value is None:
            self.error(number, key, _("Enter the date as dd/mm/yyyy."))
        elif value > self.today:
            self.error(number, key, _("The date %(date)s is in the future.") % {"date": f"{value:%d/%m/%Y}"})
            return None
        return value

    def choice(self, number: int, cells: dict, key: str, choices: dict[str, str], default: str = "") -> str:
        text = self.text(cells, key)
        if not text:
            return default
        value = choices.get(normalize(text))
        if value is None:
            self.error(number, key, _("Unknown value %(value)s.") % {"value": text})
            return default
        return value

    def check_row(self, number: int, cells: dict) -> None:
        errors_before = len(self.result.errors)
        register = self.register
        name = " ".join(self.text(cells, "full_name").split())
        if not name:
            self.error(number, "full_name", _("The name is missing."))
        birth_year = None
        if self.text(cells, "birth_year"):
            birth_year = _year(cells["birth_year"])
            if birth_year is None or not 1900 <= birth_year <= self.today.year:
                self.error(number, "birth_year", _("Enter a year between 1900 and this year."))
                birth_year = None
        gender = self.choice(number, cells, "gender", GENDERS)
        ethnicity = ETHNICITIES.get(normalize(self.text(cells, "ethnicity")), Ethnicity.OTHER)
        if not self.text(cells, "ethnicity"):
            ethnicity = Ethnicity.KINH
        branch_name = self.text(cells, "branch")
        organization_id = (
            register.branches.get(normalize(branch_name)) if branch_name else register.branches[""]
        )
        if organization_id is None:
            self.error(number, "branch", _("Unknown branch %(name)s.") % {"name": branch_name})
        area_name = self.text(cells, "residential_area")
        area_id = register.areas.get(normalize(area_name)) if area_name else None
        if area_name and area_id is None:
            self.error(
                number, "residential_area", _("Unknown residential area %(name)s.") % {"name": area_name}
            )
        elif area_id is None and organization_id is not None:
            area_id = register.branch_areas.get(organization_id)
            if area_id is None:
                self.error(number, "residential_area", _("Give the residential area where the member lives."))
        phone = normalize_phone(self.text(cells, "phone"))
        if phone and not (len(phone) == 10 and phone.startswith("0") and phone.isdigit()):
            self.error(number, "phone", _("Enter a phone number of 10 digits, e.g. 0912345678."))
        joined_on = self.date(number, cells, "joined_on")
        if joined_on is None and not self.text(cells, "joined_on"):
            self.error(number, "joined_on", _("The date of joining is missing."))
        left_on = self.date(number, cells, "left_on")
        reason = self.choice(number, cells, "leave_reason", REASONS)
        if joined_on and left_on and left_on < joined_on:
            self.error(number, "left_on", _("A member cannot leave before joining."))
        if left_on and not reason:
            self.error(number, "leave_reason", _("Give the reason for leaving."))
        if reason and not self.text(cells, "left_on"):
            self.error(number, "left_on", _("Give the date of leaving."))
        if reason == LeaveReason.AGED_OUT and not register.youth:
            self.error(number, "leave_reason", _("Only Youth Union members age out."))
        if register.youth and joined_on and birth_year:
            low, high = YOUTH_JOIN_AGES
            if not low <= joined_on.year - birth_year <= high:
                self.error(number, "joined_on", _("Youth Union members join between 16 and 30 years of age."))
        card = self.text(cells, "card_number")
        person = person_key(name, birth_year, area_id)
        self.check_card(number, card, person)
        if name and joined_on and area_id:
            self.check_person(number, person, joined_on, left_on)
        if len(self.result.errors) == errors_before:
            self.result.rows.append(
                SheetRow(
                    number,
                    name,
                    birth_year,
                    gender,
                    ethnicity,
                    area_id,
                    phone,
                    organization_id,
                    card,
                    joined_on,
                    left_on,
                    reason,
                )
            )

    def check_card(self, number: int, card: str, person: tuple) -> None:
        if not card:
            return
        first = self.cards_seen.setdefault(card, number)
        if first != number:
            self.error(
                number, "card_number", _("The card number is on row %(row)s already.") % {"row": first}
            )
            return
        holder = self.register.cards.get(card)
        if holder is not None and holder != self.register.people.get(person):
            self.error(number, "card_number", _("Another member has this card number."))

    def check_person(self, number: int, person: tuple, joined_on, left_on) -> None:
        first = self.people_seen.setdefault(person, number)
        if first != number:
            self.error(number, "full_name", _("The same person is on row %(row)s already.") % {"row": first})
            return
        member_id = self.register.people.get(person)
        for start, end in self.register.periods.get(member_id, ()) if member_id else ():
            if (left_on is None or start < left_on) and (end is None or end > joined_on):
                self.error(number, "full_name", _("This person is already a member of this organization."))
                return
