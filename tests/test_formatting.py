"""Numbers, money, percent, quarters, terms of office and unit names as a Front office writes them
(``core.formatting`` and its template filters), in Vietnamese and in English."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from core import formatting
from organizations.models import OrganizationKind, PositionTitle
from organizations.models.titles import BRANCH, GROUP, UNIT, position_title_label, term_label

K = OrganizationKind
T = PositionTitle


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


# --- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "vietnamese", "english"),
    [
        (5_000_000, "5.000.000 đồng", "5,000,000 VND"),
        (28_500_000_000, "28.500.000.000 đồng", "28,500,000,000 VND"),
        (400_000, "400.000 đồng", "400,000 VND"),
        (0, "0 đồng", "0 VND"),
    ],
)
def test_money(amount, vietnamese, english):
    with translation.override("vi"):
        assert formatting.money(amount) == vietnamese
    with translation.override("en"):
        assert formatting.money(amount) == english


def test_money_of_nothing_is_empty(vi):
    assert formatting.money(None) == "" and formatting.money("") == ""


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [(70, "70%", "70%"), (100, "100%", "100%"), (Decimal("12.5"), "12,5%", "12.5%"), (0, "0%", "0%")],
)
def test_percent_has_no_space_before_the_sign(value, vietnamese, english):
    with translation.override("vi"):
        assert formatting.percent(value) == vietnamese
    with translation.override("en"):
        assert formatting.percent(value) == english


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (145.5, "145,5 m²", "145.5 m²"),
        (Decimal("145.50"), "145,5 m²", "145.5 m²"),
        (Decimal("100.0"), "100 m²", "100 m²"),
        (Decimal("12500.25"), "12.500,25 m²", "12,500.25 m²"),
    ],
)
def test_decimals_and_areas(value, vietnamese, english):
    with translation.override("vi"):
        assert formatting.area_m2(value) == vietnamese
    with translation.override("en"):
        assert formatting.area_m2(value) == english


def test_whole_numbers_are_grouped(vi):
    assert formatting.number(1234) == "1.234"
    assert formatting.number(301) == "301"
    with translation.override("en"):
        assert formatting.number(1234) == "1,234"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("value", [0, 7, -7, 999, 1000, -1000, 123_456, -1_234_567, 28_500_000_000])
def test_a_whole_number_reads_as_django_groups_it(language, value):
    """Whole numbers are written without ``number_format``: the same text as through it."""
    with translation.override(language):
        assert formatting.number(value) == number_format(Decimal(value), force_grouping=True)
        assert formatting.number(Decimal(value)) == formatting.number(value)


@pytest.mark.parametrize(
    ("number", "vietnamese", "english"),
    [
        (1, "Quý I/2026", "Q1 2026"),
        (2, "Quý II/2026", "Q2 2026"),
        (3, "Quý III/2026", "Q3 2026"),
        (4, "Quý IV/2026", "Q4 2026"),
    ],
)
def test_quarters(number, vietnamese, english):
    with translation.override("vi"):
        assert formatting.quarter(number, 2026) == vietnamese
    with translation.override("en"):
        assert formatting.quarter(number, 2026) == english


@pytest.mark.parametrize(
    ("number", "letters"), [(1, "I"), (4, "IV"), (5, "V"), (9, "IX"), (12, "XII"), (14, "XIV"), (40, "XL")]
)
def test_roman_numerals(number, letters):
    assert formatting.roman(number) == letters


def test_terms_of_office_are_named_by_their_years():
    start, end = datetime.date(2024, 6, 1), datetime.date(2029, 5, 31)
    with translation.override("vi"):
        assert term_label(12, start, end) == "Khóa XII, nhiệm kỳ 2024–2029"
        assert term_label(1, start, None) == "Khóa I, nhiệm kỳ từ năm 2024"
    with translation.override("en"):
        assert term_label(12, start, end) == "Term XII, 2024–2029"


# --- unit names inside a sentence -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "in_text"),
    [
        ("Phường Phước Hội", "phường Phước Hội"),
        ("Xã Tân Hải", "xã Tân Hải"),
        ("Khu phố 3", "khu phố 3"),
        ("Thôn Hải Bình", "thôn Hải Bình"),
        ("Tỉnh Lâm Đồng", "tỉnh Lâm Đồng"),
        ("Thị xã La Gi", "thị xã La Gi"),
        ("Tổ dân phố 5", "tổ dân phố 5"),
        ("phường La Gi", "phường La Gi"),
        # A numbered administrative unit keeps its capital (Decree 30/2020: Phường 15, Quận 8).
        ("Phường 15", "Phường 15"),
        # Not a unit's common noun: left as it is.
        ("Xây dựng nhà văn hóa", "Xây dựng nhà văn hóa"),
        ("Ủy ban MTTQ Việt Nam phường La Gi", "Ủy ban MTTQ Việt Nam phường La Gi"),
        ("", ""),
    ],
)
def test_a_unit_name_inside_a_sentence_is_lower_case(name, in_text):
    assert formatting.unit_in_text(name) == in_text


def test_a_place_label_keeps_the_first_capital_and_lowers_the_rest():
    assert formatting.place("Khu phố 2", "Phường Phước Hội") == "Khu phố 2, phường Phước Hội"
    assert formatting.place("Phường La Gi", "Tỉnh Lâm Đồng") == "Phường La Gi, tỉnh Lâm Đồng"
    assert formatting.place("khu phố 3", "", "Phường La Gi") == "Khu phố 3, phường La Gi"
    assert formatting.place("Hội trường UBND phường Phước Hội", "Phường Phước Hội") == (
        "Hội trường UBND phường Phước Hội, phường Phước Hội"
    )
    assert formatting.place() == ""


def test_the_template_filters_write_the_same(vi):
    template = Template(
        "{% load core_format %}{{ amount|money }} · {{ progress|percent }} · {{ land|area_m2 }} · "
        "{{ count|number }} · đại diện {{ area|in_text }} · {% place area unit %}"
    )
    html = template.render(
        Context(
            {
                "amount": 5_000_000,
                "progress": 70,
                "land": Decimal("145.5"),
                "count": 1234,
                "area": "Khu phố 3",
                "unit": "Phường La Gi",
            }
        )
    )
    assert html == "5.000.000 đồng · 70% · 145,5 m² · 1.234 · đại diện khu phố 3 · Khu phố 3, phường La Gi"


def test_the_oversight_vnd_filter_writes_dong(vi):
    html = Template("{% load oversight_tags %}{{ amount|vnd }} · {{ land|area_m2 }}").render(
        Context({"amount": 1_500_000, "land": 12.5})
    )
    assert html == "1.500.000 đồng · 12,5 m²"


# --- titles by the kind of body ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind", "tier", "label"),
    [
        (T.HEAD, K.FRONT_WORKING_COMMITTEE, UNIT, "Trưởng ban"),
        (T.DEPUTY_HEAD, K.FRONT_WORKING_COMMITTEE, UNIT, "Phó Trưởng ban"),
        (T.MEMBER, K.FRONT_WORKING_COMMITTEE, UNIT, "Thành viên"),
        (T.HEAD, K.INSPECTION_BOARD, UNIT, "Trưởng ban"),
        (T.DEPUTY_HEAD, K.INVESTMENT_MONITORING_BOARD, UNIT, "Phó Trưởng ban"),
        (T.MEMBER, K.INSPECTION_BOARD, UNIT, "Thành viên"),
        (T.HEAD, K.MEDIATION_TEAM, UNIT, "Tổ trưởng"),
        (T.MEMBER, K.MEDIATION_TEAM, UNIT, "Thành viên"),
        (T.HEAD, K.WOMENS_UNION, BRANCH, "Chi hội trưởng"),
        (T.DEPUTY_HEAD, K.FARMERS_ASSOCIATION, BRANCH, "Chi hội phó"),
        (T.HEAD, K.WOMENS_UNION, GROUP, "Tổ trưởng"),
        (T.SECRETARY, K.YOUTH_UNION, BRANCH, "Bí thư"),
        (T.HEAD, K.YOUTH_UNION, BRANCH, "Bí thư"),
        (T.DEPUTY_SECRETARY, K.YOUTH_UNION, UNIT, "Phó Bí thư"),
        (T.CHAIR, K.FRONT_COMMITTEE, UNIT, "Chủ tịch"),
        (T.VICE_CHAIR, K.FRONT_COMMITTEE, UNIT, "Phó Chủ tịch"),
        (T.MEMBER, K.FRONT_COMMITTEE, UNIT, "Ủy viên"),
        (T.MEMBER, K.WOMENS_UNION, UNIT, "Ủy viên"),
        (T.CHAIR, K.VETERANS_ASSOCIATION, UNIT, "Chủ tịch"),
    ],
)
def test_a_title_is_named_by_the_body(vi, title, kind, tier, label):
    assert position_title_label(title, kind, tier=tier) == label


def test_no_title_shows_as_a_bare_head(vi):
    for kind in K.values:
        for tier in (UNIT, BRANCH, GROUP):
            for title in (T.HEAD, T.DEPUTY_HEAD):
                assert position_title_label(title, kind, tier=tier) not in ("Trưởng", "Phó Trưởng"), (
                    kind,
                    tier,
                )
