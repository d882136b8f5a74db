"""The periods reports cover: a month, a quarter, six months (the first six are the sơ kết), nine
months, a year (the tổng kết), a term of office of the Front committee, or any range of days.

Where a period starts and ends depends on the cut-off, ``settings.REPORT_PERIOD_CUTOFF``:

- ``calendar`` (the default): a month runs from its first to its last day;
- ``15th``: a month runs from the 15th of the month before to the 14th, as reports close under
  Decree 09/2019/NĐ-CP, so month 3/2026 is 15/02/2026–14/03/2026 and the year 2026 is
  15/12/2025–14/12/2026.

A ``Period`` is its kind and its first and last day (both included). Its label is read from the
last day, since the month a 15th-cut period closes in is its month. ``previous()`` and
``same_last_year()`` move the half-open range [start, end + 1 day) by whole months: that keeps the
cut-off a period was made with and the end of February in a leap year right, without having to
know which cut-off made it.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.formatting import quarter

CALENDAR = "calendar"
FIFTEENTH = "15th"
CUTOFFS = (CALENDAR, FIFTEENTH)
# The 5-year blocks used for a term when the unit's Front committee has no term recorded: 2024–2029,
# 2029–2034 and so on (and 2019–2024 before).
TERM_ANCHOR_YEAR = 2024
TERM_YEARS = 5
ONE_DAY = datetime.timedelta(days=1)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Six months")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")
    TERM = "term", _("Term of office")
    CUSTOM = "custom", _("Dates of your choice")


# How far ``previous()`` moves each kind, in months.
_STEP_MONTHS = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF: 6,
    PeriodKind.NINE_MONTHS: 12,
    PeriodKind.YEAR: 12,
    PeriodKind.TERM: 12 * TERM_YEARS,
}
# The highest number of each numbered kind (month 1–12, quarter 1–4, half 1–2).
NUMBERS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}


def current_cutoff() -> str:
    return settings.REPORT_PERIOD_CUTOFF


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months, on the same day of the month or the last one (31/03 → 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_start(year: int, month: int, cutoff: str) -> datetime.date:
    """The first day of reporting month ``month`` of ``year``."""
    if cutoff == FIFTEENTH:
        return add_months(datetime.date(year, month, 15), -1)
    return datetime.date(year, month, 1)


def month_end(year: int, month: int, cutoff: str) -> datetime.date:
    """The last day of reporting month ``month`` of ``year``."""
    if cutoff == FIFTEENTH:
        return datetime.date(year, month, 14)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _shift(start: datetime.date, end: datetime.date, months: int) -> tuple[datetime.date, datetime.date]:
    return add_months(start, months), add_months(end + ONE_DAY, months) - ONE_DAY


@dataclass(frozen=True)
class Period:
    """A reporting period: its kind and its first and last day, both included.

    ``years`` names a term of office (2024, 2029); the other kinds are named by their last day.
    """

    kind: str
    start: datetime.date
    end: datetime.date
    years: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    # -- making periods

    @classmethod
    def of_months(cls, kind: str, year: int, first: int, last: int, cutoff: str | None = None) -> Period:
        cutoff = cutoff or current_cutoff()
        return cls(kind, month_start(year, first, cutoff), month_end(year, last, cutoff))

    @classmethod
    def of_month(cls, year: int, month: int, cutoff: str | None = None) -> Period:
        return cls.of_months(PeriodKind.MONTH, year, month, month, cutoff)

    @classmethod
    def of_quarter(cls, year: int, number: int, cutoff: str | None = None) -> Period:
        return cls.of_months(PeriodKind.QUARTER, year, 3 * number - 2, 3 * number, cutoff)

    @classmethod
    def of_half(cls, year: int, number: int = 1, cutoff: str | None = None) -> Period:
        return cls.of_months(PeriodKind.HALF, year, 6 * number - 5, 6 * number, cutoff)

    @classmethod
    def of_nine_months(cls, year: int, cutoff: str | None = None) -> Period:
        return cls.of_months(PeriodKind.NINE_MONTHS, year, 1, 9, cutoff)

    @classmethod
    def of_year(cls, year: int, cutoff: str | None = None) -> Period:
        return cls.of_months(PeriodKind.YEAR, year, 1, 12, cutoff)

    @classmethod
    def of_term_block(cls, year: int, cutoff: str | None = None) -> Period:
        """The 5-year block (2024–2029 and so on) that ``year`` falls in."""
        cutoff = cutoff or current_cutoff()
        first = TERM_ANCHOR_YEAR + (year - TERM_ANCHOR_YEAR) // TERM_YEARS * TERM_YEARS
        last = first + TERM_YEARS
        start = month_start(first, 1, cutoff)
        return cls(PeriodKind.TERM, start, month_end(last - 1, 12, cutoff), years=(first, last))

    @classmethod
    def of_term(cls, start: datetime.date, end: datetime.date | None) -> Period:
        """A term of office as recorded (``Term``): five years from its start when it has no end."""
        if end is None:
            end = add_months(start, 12 * TERM_YEARS) - ONE_DAY
        return cls(PeriodKind.TERM, start, end, years=(start.year, (end + ONE_DAY).year))

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> Period:
        return cls(PeriodKind.CUSTOM, start, end)

    # -- what it is

    @property
    def label(self) -> str:
        """``Tháng 3/2026``, ``Quý I/2026``, ``6 tháng đầu năm 2026``, ``Năm 2026``, ``Nhiệm kỳ
        2024–2029``, ``Từ 01/03/2026 đến 14/04/2026``."""
        end = self.end
        if self.kind == PeriodKind.MONTH:
            return pgettext("reporting period", "Month %(month)s/%(year)s") % {
                "month": end.month,
                "year": end.year,
            }
        if self.kind == PeriodKind.QUARTER:
            return quarter((end.month + 2) // 3, end.year)
        if self.kind == PeriodKind.HALF:
            if end.month <= 6:
                return gettext("First 6 months of %(year)s") % {"year": end.year}
            return gettext("Second 6 months of %(year)s") % {"year": end.year}
        if self.kind == PeriodKind.NINE_MONTHS:
            return gettext("First 9 months of %(year)s") % {"year": end.year}
        if self.kind == PeriodKind.YEAR:
            return gettext("Year %(year)s") % {"year": end.year}
        if self.kind == PeriodKind.TERM:
            first, last = self.years or (self.start.year, end.year)
            return gettext("Term %(first)s–%(last)s") % {"first": first, "last": last}
        return gettext("From %(start)s to %(end)s") % {
            "start": date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }

    @property
    def title(self) -> str:
        """The title of a report of this period: a six-month review (sơ kết), an annual or a term
        review (tổng kết), or a report."""
        if self.kind == PeriodKind.HALF and self.end.month <= 6:
            return gettext("Six-month review report: %(period)s") % {"period": self.label}
        if self.kind == PeriodKind.YEAR:
            return gettext("Annual review report: %(period)s") % {"period": self.label}
        if self.kind == PeriodKind.TERM:
            return gettext("Term review report: %(period)s") % {"period": self.label}
        return gettext("Report: %(period)s") % {"period": self.label}

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def q(self, field: str) -> Q:
        """The records whose date ``field`` lies in the period."""
        return Q(**{f"{field}__range": (self.start, self.end)})

    # -- the periods it is compared with

    def previous(self) -> Period:
        """The period of the same kind just before: the month, quarter or six months before, the
        nine months or the year before, the term before; a range of dates is followed by the same
        number of days before it."""
        if self.kind == PeriodKind.CUSTOM:
            return Period(self.kind, self.start - datetime.timedelta(days=self.days), self.start - ONE_DAY)
        months = _STEP_MONTHS[self.kind]
        years = None
        if self.years is not None:
            years = (self.years[0] - months // 12, self.years[1] - months // 12)
        return Period(self.kind, *_shift(self.start, self.end, -months), years=years)

    def same_last_year(self) -> Period:
        """The same dates a year earlier. A term or a range of dates has no "same period" of its
        own a year before, so it becomes a range of dates."""
        start, end = _shift(self.start, self.end, -12)
        if self.kind in (PeriodKind.TERM, PeriodKind.CUSTOM):
            return Period(PeriodKind.CUSTOM, start, end)
        return Period(self.kind, start, end)


def containing(kind: str, day: datetime.date, cutoff: str | None = None) -> Period:
    """The period of ``kind`` (not a term or a range) that ``day`` falls in."""
    cutoff = cutoff or current_cutoff()
    year, month = day.year, day.month
    if cutoff == FIFTEENTH and day.day >= 15:  # from the 15th on, the next reporting month
        later = add_months(datetime.date(year, month, 1), 1)
        year, month = later.year, later.month
    if kind == PeriodKind.MONTH:
        return Period.of_month(year, month, cutoff)
    if kind == PeriodKind.QUARTER:
        return Period.of_quarter(year, (month + 2) // 3, cutoff)
    if kind == PeriodKind.HALF:
        return Period.of_half(year, 1 if month <= 6 else 2, cutoff)
    if kind == PeriodKind.NINE_MONTHS:
        return Period.of_nine_months(year, cutoff)
    return Period.of_year(year, cutoff)


def term_period(year: int, *, unit=None, organization=None, cutoff: str | None = None) -> Period:
    """The term of office ``year`` falls in: the term recorded for the Front committee of ``unit``
    (or for ``organization``) in force in that year, else the 5-year block (one query)."""
    from organizations.models import OrganizationKind, Term

    terms = Term.objects.none()
    if organization is not None:
        terms = Term.objects.filter(organization=organization)
    elif unit is not None:
        terms = Term.objects.filter(
            organization__unit=unit, organization__kind=OrganizationKind.FRONT_COMMITTEE
        )
    day = datetime.date(year, 7, 1)
    term = (
        terms.filter(start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("-start", "-pk")
        .values_list("start", "end")
        .first()
    )
    if term is not None:
        return Period.of_term(*term)
    return Period.of_term_block(year, cutoff)
