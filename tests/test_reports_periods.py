"""The periods of the reports (reports/periods.py): every kind with both cut-offs, the period before
and the same period a year earlier, leap years, the labels, the term of office from the Front
committee's terms or in 5-year blocks, and the setting that chooses the cut-off."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from lagi_portal.settings import env_choice
from reports.periods import (
    CALENDAR,
    FIFTEENTH,
    Period,
    PeriodKind,
    add_months,
    containing,
    term_period,
)
from tests.factories import OrganizationFactory, TermFactory, UnitFactory

D = datetime.date


def dates(period: Period) -> tuple[datetime.date, datetime.date]:
    return period.start, period.end


# --- every kind, both cut-offs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "calendar", "fifteenth"),
    [
        (
            lambda c: Period.of_month(2026, 3, c),
            (D(2026, 3, 1), D(2026, 3, 31)),
            (D(2026, 2, 15), D(2026, 3, 14)),
        ),
        (
            lambda c: Period.of_month(2026, 1, c),
            (D(2026, 1, 1), D(2026, 1, 31)),
            (D(2025, 12, 15), D(2026, 1, 14)),
        ),
        (
            lambda c: Period.of_quarter(2026, 1, c),
            (D(2026, 1, 1), D(2026, 3, 31)),
            (D(2025, 12, 15), D(2026, 3, 14)),
        ),
        (
            lambda c: Period.of_quarter(2026, 3, c),
            (D(2026, 7, 1), D(2026, 9, 30)),
            (D(2026, 6, 15), D(2026, 9, 14)),
        ),
        (
            lambda c: Period.of_half(2026, 1, c),
            (D(2026, 1, 1), D(2026, 6, 30)),
            (D(2025, 12, 15), D(2026, 6, 14)),
        ),
        (
            lambda c: Period.of_half(2026, 2, c),
            (D(2026, 7, 1), D(2026, 12, 31)),
            (D(2026, 6, 15), D(2026, 12, 14)),
        ),
        (
            lambda c: Period.of_nine_months(2026, c),
            (D(2026, 1, 1), D(2026, 9, 30)),
            (D(2025, 12, 15), D(2026, 9, 14)),
        ),
        (
            lambda c: Period.of_year(2026, c),
            (D(2026, 1, 1), D(2026, 12, 31)),
            (D(2025, 12, 15), D(2026, 12, 14)),
        ),
        (
            lambda c: Period.of_term_block(2026, c),
            (D(2024, 1, 1), D(2028, 12, 31)),
            (D(2023, 12, 15), D(2028, 12, 14)),
        ),
    ],
    ids=[
        "month",
        "january",
        "quarter",
        "third-quarter",
        "first-half",
        "second-half",
        "nine-months",
        "year",
        "term",
    ],
)
def test_every_kind_with_both_cutoffs(make, calendar, fifteenth):
    assert dates(make(CALENDAR)) == calendar
    assert dates(make(FIFTEENTH)) == fifteenth


def test_the_cutoff_comes_from_the_setting(settings):
    settings.REPORT_PERIOD_CUTOFF = FIFTEENTH
    assert dates(Period.of_month(2026, 3)) == (D(2026, 2, 15), D(2026, 3, 14))
    assert dates(Period.of_year(2026)) == (D(2025, 12, 15), D(2026, 12, 14))
    settings.REPORT_PERIOD_CUTOFF = CALENDAR
    assert dates(Period.of_month(2026, 3)) == (D(2026, 3, 1), D(2026, 3, 31))


def test_a_range_of_dates_is_taken_as_it_is():
    period = Period.between(D(2026, 3, 1), D(2026, 4, 14))
    assert (period.kind, *dates(period), period.days) == (
        PeriodKind.CUSTOM,
        D(2026, 3, 1),
        D(2026, 4, 14),
        45,
    )
    with pytest.raises(ValueError):
        Period.between(D(2026, 4, 14), D(2026, 3, 1))


# --- previous() and same_last_year() -----------------------------------------------------------------


@pytest.mark.parametrize("cutoff", [CALENDAR, FIFTEENTH])
@pytest.mark.parametrize(
    ("make", "previous"),
    [
        (lambda c: Period.of_month(2026, 3, c), lambda c: Period.of_month(2026, 2, c)),
        (lambda c: Period.of_month(2026, 1, c), lambda c: Period.of_month(2025, 12, c)),
        (lambda c: Period.of_quarter(2026, 1, c), lambda c: Period.of_quarter(2025, 4, c)),
        (lambda c: Period.of_half(2026, 1, c), lambda c: Period.of_half(2025, 2, c)),
        (lambda c: Period.of_half(2026, 2, c), lambda c: Period.of_half(2026, 1, c)),
        (lambda c: Period.of_nine_months(2026, c), lambda c: Period.of_nine_months(2025, c)),
        (lambda c: Period.of_year(2026, c), lambda c: Period.of_year(2025, c)),
        (lambda c: Period.of_term_block(2026, c), lambda c: Period.of_term_block(2020, c)),
    ],
    ids=["month", "january", "quarter", "first-half", "second-half", "nine-months", "year", "term"],
)
def test_previous_is_the_period_of_the_same_kind_just_before(make, previous, cutoff):
    period = make(cutoff)
    before = period.previous()
    assert before == previous(cutoff)
    assert before.kind == period.kind
    if period.kind != PeriodKind.NINE_MONTHS:  # nine months follow the nine months of the year before
        assert before.end + datetime.timedelta(days=1) == period.start


@pytest.mark.parametrize("cutoff", [CALENDAR, FIFTEENTH])
@pytest.mark.parametrize(
    ("make", "a_year_before"),
    [
        (lambda c: Period.of_month(2026, 3, c), lambda c: Period.of_month(2025, 3, c)),
        (lambda c: Period.of_quarter(2026, 2, c), lambda c: Period.of_quarter(2025, 2, c)),
        (lambda c: Period.of_half(2026, 1, c), lambda c: Period.of_half(2025, 1, c)),
        (lambda c: Period.of_nine_months(2026, c), lambda c: Period.of_nine_months(2025, c)),
        (lambda c: Period.of_year(2026, c), lambda c: Period.of_year(2025, c)),
    ],
    ids=["month", "quarter", "half", "nine-months", "year"],
)
def test_same_last_year_is_the_same_period_a_year_before(make, a_year_before, cutoff):
    assert make(cutoff).same_last_year() == a_year_before(cutoff)


def test_a_range_is_followed_by_as_many_days_before_and_a_year_before():
    period = Period.between(D(2026, 3, 1), D(2026, 4, 14))
    assert dates(period.previous()) == (D(2026, 1, 15), D(2026, 2, 28))
    assert period.previous().days == period.days
    assert dates(period.same_last_year()) == (D(2025, 3, 1), D(2025, 4, 14))
    assert period.same_last_year().kind == PeriodKind.CUSTOM


def test_a_term_a_year_before_is_a_range_of_dates():
    term = Period.of_term(D(2025, 7, 1), D(2030, 6, 30))
    assert dates(term.same_last_year()) == (D(2024, 7, 1), D(2029, 6, 30))
    assert term.same_last_year().kind == PeriodKind.CUSTOM
    assert term.previous().years == (2020, 2025)


# --- leap years ---------------------------------------------------------------------------------------


def test_february_of_a_leap_year_and_the_year_after():
    february = Period.of_month(2024, 2, CALENDAR)
    assert dates(february) == (D(2024, 2, 1), D(2024, 2, 29))
    assert dates(february.same_last_year()) == (D(2023, 2, 1), D(2023, 2, 28))
    assert dates(Period.of_month(2025, 2, CALENDAR).same_last_year()) == (D(2024, 2, 1), D(2024, 2, 29))
    assert dates(Period.of_month(2024, 3, CALENDAR).previous()) == (D(2024, 2, 1), D(2024, 2, 29))


def test_the_15th_cut_off_across_a_leap_february():
    march = Period.of_month(2024, 3, FIFTEENTH)
    assert dates(march) == (D(2024, 2, 15), D(2024, 3, 14))
    assert march.days == 29
    assert Period.of_month(2023, 3, FIFTEENTH).days == 28
    assert dates(march.previous()) == (D(2024, 1, 15), D(2024, 2, 14))


def test_a_range_from_the_29th_of_february():
    period = Period.between(D(2024, 2, 29), D(2024, 3, 10))
    assert dates(period.same_last_year()) == (D(2023, 2, 28), D(2023, 3, 10))
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


# --- the period of a day ------------------------------------------------------------------------------


def test_the_period_a_day_falls_in():
    assert containing(PeriodKind.MONTH, D(2026, 3, 20), CALENDAR) == Period.of_month(2026, 3, CALENDAR)
    assert containing(PeriodKind.MONTH, D(2026, 3, 20), FIFTEENTH) == Period.of_month(2026, 4, FIFTEENTH)
    assert containing(PeriodKind.MONTH, D(2026, 3, 14), FIFTEENTH) == Period.of_month(2026, 3, FIFTEENTH)
    assert containing(PeriodKind.YEAR, D(2026, 12, 20), FIFTEENTH) == Period.of_year(2027, FIFTEENTH)
    assert containing(PeriodKind.QUARTER, D(2026, 5, 2), CALENDAR) == Period.of_quarter(2026, 2, CALENDAR)
    assert containing(PeriodKind.HALF, D(2026, 8, 2), CALENDAR) == Period.of_half(2026, 2, CALENDAR)
    assert D(2026, 3, 14) in Period.of_month(2026, 3, FIFTEENTH)
    assert D(2026, 3, 15) not in Period.of_month(2026, 3, FIFTEENTH)


# --- labels -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cutoff", [CALENDAR, FIFTEENTH])
def test_labels_in_english(cutoff):
    with translation.override("en"):
        assert Period.of_month(2026, 3, cutoff).label == "Month 3/2026"
        assert Period.of_month(2026, 1, cutoff).label == "Month 1/2026"
        assert Period.of_quarter(2026, 1, cutoff).label == "Q1 2026"
        assert Period.of_half(2026, 1, cutoff).label == "First 6 months of 2026"
        assert Period.of_half(2026, 2, cutoff).label == "Second 6 months of 2026"
        assert Period.of_nine_months(2026, cutoff).label == "First 9 months of 2026"
        assert Period.of_year(2026, cutoff).label == "Year 2026"
        assert Period.of_term_block(2026, cutoff).label == "Term 2024–2029"
    with translation.override("en"):
        assert Period.between(D(2026, 3, 1), D(2026, 4, 14)).label == "From 01/03/2026 to 14/04/2026"


def test_titles_name_the_six_month_and_annual_reviews():
    with translation.override("en"):
        assert Period.of_half(2026, 1).title == "Six-month review report: First 6 months of 2026"
        assert Period.of_year(2026).title == "Annual review report: Year 2026"
        assert Period.of_term_block(2026).title == "Term review report: Term 2024–2029"
        assert Period.of_quarter(2026, 1).title == "Report: Q1 2026"


def test_vietnamese_labels_of_the_catalogue():
    """The labels the catalogue already translates (the new ones are in the translations to merge)."""
    with translation.override("vi"):
        assert Period.of_quarter(2026, 1).label == "Quý I/2026"
        assert Period.of_half(2026, 1).label == "6 tháng đầu năm 2026"
        assert Period.of_year(2026).label == "Năm 2026"


# --- terms of office ----------------------------------------------------------------------------------


def test_five_year_blocks_when_no_term_is_recorded():
    for year, expected in [
        (2024, (2024, 2029)),
        (2028, (2024, 2029)),
        (2029, (2029, 2034)),
        (2023, (2019, 2024)),
    ]:
        assert Period.of_term_block(year, CALENDAR).years == expected


@pytest.mark.django_db
def test_the_term_of_the_units_front_committee_when_one_is_recorded():
    ward = UnitFactory()
    committee = OrganizationFactory(unit=ward, kind="front_committee")
    TermFactory(organization=committee, ordinal=12, start=D(2019, 10, 1), end=D(2024, 9, 30))
    TermFactory(organization=committee, ordinal=13, start=D(2024, 10, 1), end=None)
    term = term_period(2026, unit=ward)
    assert (term.kind, *dates(term), term.years) == (
        PeriodKind.TERM,
        D(2024, 10, 1),
        D(2029, 9, 30),
        (2024, 2029),
    )
    earlier = term_period(2021, unit=ward)
    assert (dates(earlier), earlier.years) == ((D(2019, 10, 1), D(2024, 9, 30)), (2019, 2024))
    # Another organization's terms do not count; without a term, the block.
    OrganizationFactory(unit=ward, kind="womens_union")
    assert term_period(2026, unit=UnitFactory()) == Period.of_term_block(2026)


@pytest.mark.django_db
def test_the_demo_ward_has_its_2025_2030_term():
    from tests.helpers import unit

    with translation.override("en"):
        assert term_period(2026, unit=unit("LD-PPHUOCHOI")).label == "Term 2025–2030"


# --- the setting --------------------------------------------------------------------------------------


def test_the_cutoff_setting_is_read_strictly(monkeypatch):
    monkeypatch.delenv("REPORT_PERIOD_CUTOFF", raising=False)
    assert env_choice("REPORT_PERIOD_CUTOFF", CALENDAR, (CALENDAR, FIFTEENTH)) == CALENDAR
    monkeypatch.setenv("REPORT_PERIOD_CUTOFF", " 15TH ")
    assert env_choice("REPORT_PERIOD_CUTOFF", CALENDAR, (CALENDAR, FIFTEENTH)) == FIFTEENTH
    monkeypatch.setenv("REPORT_PERIOD_CUTOFF", "")
    assert env_choice("REPORT_PERIOD_CUTOFF", CALENDAR, (CALENDAR, FIFTEENTH)) == CALENDAR
    monkeypatch.setenv("REPORT_PERIOD_CUTOFF", "fortnightly")
    with pytest.raises(ImproperlyConfigured, match="REPORT_PERIOD_CUTOFF"):
        env_choice("REPORT_PERIOD_CUTOFF", CALENDAR, (CALENDAR, FIFTEENTH))
