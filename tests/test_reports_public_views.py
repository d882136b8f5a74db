"""The residents' report pages (reports/views_public.py, reports/public.py): a unit's figures of a
year with the small counts hidden, read from the HTML a visitor gets; which units and years have a
page (404 otherwise); no internal figure, no name or phone; cached for anonymous visitors; the same
queries at 5 and 500 records; linked from the unit's page, the list and the sitemap.
"""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity
from concerns.models import Concern
from core import caching
from reports import public
from reports.indicators import INDICATORS, SMALL_COUNT
from reports.periods import FIFTEENTH, PeriodKind
from reports.suppression import Line, Suppression
from tests.factories import ConcernFactory, UnitFactory
from tests.helpers import assert_one_h1_and_title, unit
from tests.test_reports_public_suppression import reader_solutions

pytestmark = pytest.mark.django_db

D = datetime.date
RESIDENT = "RESIDENT-NAME-PUBLIC-REPORT"
PHONE = "0912 000 777"


@pytest.fixture(autouse=True)
def local_cache(settings):
    """A cache of this test's own, so that only the pages' queries are counted."""
    backend = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "public-reports"}}
    empty_caches()
    yield
    empty_caches()


def empty_caches():
    cache.clear()
    caching.forget_local_cache()


def last_year() -> int:
    return timezone.localdate().year - 1


def report_url(unit_pk: int, year: int) -> str:
    return reverse("reports_public:unit_year", args=[unit_pk, year])


@pytest.fixture
def ward():
    """A ward (of a province) with two residential areas; in last year's March, area One had 2 land
    concerns and 7 others, area Two 4 on the environment and 5 others, the ward itself 3 on
    infrastructure."""
    province = UnitFactory(name="Tỉnh Thử Công Khai", kind="province")
    made = UnitFactory(name="Phường Thử Công Khai", parent=province)
    one = UnitFactory(name="Khu phố Một", kind="quarter", parent=made)
    two = UnitFactory(name="Khu phố Hai", kind="quarter", parent=made)
    day = D(last_year(), 3, 10)
    for area, category, count in (
        (one, "land_housing", 2),
        (one, "other", 7),
        (two, "environment", 4),
        (two, "other", 5),
        (None, "infrastructure", 3),
    ):
        for _n in range(count):
            ConcernFactory(
                unit=made,
                residential_area=area,
                category=category,
                received_on=day,
                resident_name=RESIDENT,
                resident_phone=PHONE,
            )
    return SimpleNamespace(province=province, ward=made, one=one, two=two)


def page(client, url: str, language: str = "en") -> str:
    with translation.override(language):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert_one_h1_and_title(html)
    return html


class TableParser(HTMLParser):
    """The report's tables: for each, the column that adds up a row and each row's cells
    (column → (state, text))."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "public-report" in (attrs.get("class") or ""):
            self._table = self.tables[attrs["id"]] = {"row_total": attrs.get("data-row-total"), "rows": {}}
        elif tag == "tr" and self._table is not None and "data-row" in attrs:
            self._row = self._table["rows"][attrs["data-row"]] = {}
        elif tag == "td" and self._row is not None:
            self._cell = [attrs["data-column"], attrs["data-state"], ""]

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            column, state, text = self._cell
            self._row[column] = (state, text.strip())
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "table":
            self._table = None


def tables_of(html: str) -> dict[str, dict]:
    parser = TableParser()
    parser.feed(html)
    return parser.tables


# --- the figures -------------------------------------------------------------------------------------


def test_the_page_shows_fewer_than_3_and_the_small_one_cannot_be_worked_out(client, ward):
    html = page(client, report_url(ward.ward.pk, last_year()))

    categories = tables_of(html)["table-concerns-breakdown"]
    assert categories["row_total"] == "concerns_raised"
    rows = categories["rows"]
    one = rows[f"unit:{ward.one.pk}"]
    assert one["concerns_land_housing"] == ("small", f"fewer than {SMALL_COUNT}")
    assert one["concerns_other"][0] == "hidden"  # the 7: 9 minus it would give the 2
    assert one["concerns_raised"] == ("shown", "9")
    assert "fewer than 3" in html and "hidden so that a count below 3" in html

    # The reader's attack: every row and column of the table adds up (a row left out is all zeros).
    columns = [column for column in one if column != "concerns_raised"]
    values, small, hidden, sensitive = {}, set(), set(), set()
    for row_key, cells in rows.items():
        for column, (state, text) in cells.items():
            key = (row_key, column)
            values[key] = int(text) if state == "shown" else 0
            (small if state == "small" else hidden if state == "hidden" else set()).add(key)
            if column != "concerns_raised":
                sensitive.add(key)
    below = [row_key for row_key in rows if row_key != "total"]
    lines = [Line(tuple((row_key, c) for c in columns), (row_key, "concerns_raised")) for row_key in rows]
    lines += [
        Line(tuple((r, column) for r in below), ("total", column)) for column in (*columns, "concerns_raised")
    ]
    for line in lines:
        assert sum(cell in small or cell in hidden for cell in line.cells) != 1, line
    shown = Suppression(frozenset(small), frozenset(hidden))
    solutions = list(reader_solutions(values, shown, sensitive, lines, ceiling=21))
    assert solutions
    assert {solution[(f"unit:{ward.one.pk}", "concerns_land_housing")] for solution in solutions} == {1, 2}


def test_the_page_is_in_vietnamese_with_its_note(client, ward):
    html = page(client, report_url(ward.ward.pk, last_year()), language="vi")
    with translation.override("vi"):
        marker = public.fewer_than()
    assert marker in html
    assert 'class="table-responsive"' in html


def test_no_internal_figure_and_no_name_or_phone_is_shown(client, ward):
    overdue = ConcernFactory(
        unit=ward.ward,
        residential_area=ward.one,
        category="other",
        received_on=D(last_year(), 1, 5),
        forwarded_on=D(last_year(), 1, 6),
        due_date=D(last_year(), 2, 1),
        status="forwarded",
    )
    html = page(client, report_url(ward.ward.pk, last_year()))

    internal = [key for key, indicator in INDICATORS.items() if indicator.privacy == "internal"]
    assert internal == ["concerns_overdue", "opinions_overdue"]
    for key in internal:
        assert f'data-column="{key}"' not in html
        assert str(INDICATORS[key].label) not in html
    assert overdue.summary not in html
    assert RESIDENT not in html and PHONE not in html and PHONE.replace(" ", "") not in html


def test_the_rows_of_a_province_open_the_pages_of_its_units(client, ward):
    html = page(client, report_url(ward.province.pk, last_year()))

    assert f'href="{report_url(ward.ward.pk, last_year())}"' in html
    assert ward.ward.name in html
    # A residential area is a row of its ward's page, never a page of its own.
    assert client.get(report_url(ward.one.pk, last_year())).status_code == 404


# --- which pages exist -------------------------------------------------------------------------------


def test_unknown_units_and_years_without_figures_are_404(client, ward):
    ended = UnitFactory(name="Xã Đã Sáp Nhập", valid_from=D(2021, 1, 1), valid_to=D(2023, 6, 30))
    assert client.get(report_url(ended.pk, 2023)).status_code == 200
    today = timezone.localdate()
    for url in (
        report_url(999_999, last_year()),  # no such unit
        report_url(ended.pk, 2020),  # before it existed
        report_url(ended.pk, 2024),  # after it ended
        report_url(ward.ward.pk, public.FIRST_YEAR - 1),  # before the public figures start
        report_url(ward.ward.pk, today.year + 1),  # in the future
        report_url(ward.one.pk, last_year()),  # a residential area
    ):
        assert client.get(url).status_code == 404, url


def test_the_current_year_is_labelled_provisional_or_has_no_page_yet(client, ward):
    today = timezone.localdate()
    chosen = public.public_year(today.year, today)
    response = client.get(report_url(ward.ward.pk, today.year), HTTP_ACCEPT_LANGUAGE="en")
    if chosen is None:  # the first quarter has not ended
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200 and not chosen.final
    assert "Provisional figures" in html and "so far" in html
    assert chosen.period.end < today


@pytest.mark.parametrize(
    ("today", "year", "expected"),
    [
        (D(2026, 2, 10), 2025, (PeriodKind.YEAR, D(2025, 12, 31), True)),
        (D(2026, 2, 10), 2026, None),  # no quarter of 2026 has ended
        (D(2026, 4, 1), 2026, (PeriodKind.QUARTER, D(2026, 3, 31), False)),
        (D(2026, 7, 1), 2026, (PeriodKind.HALF, D(2026, 6, 30), False)),
        (D(2026, 12, 31), 2026, (PeriodKind.NINE_MONTHS, D(2026, 9, 30), False)),
        (D(2027, 1, 1), 2026, (PeriodKind.YEAR, D(2026, 12, 31), True)),
        (D(2026, 2, 10), 2027, None),
        (D(2026, 2, 10), 2019, None),  # before the public figures start
    ],
)
def test_a_year_is_final_once_ended_and_so_far_up_to_its_last_completed_quarter(today, year, expected):
    chosen = public.public_year(year, today)
    found = None if chosen is None else (chosen.period.kind, chosen.period.end, chosen.final)
    assert found == expected


def test_with_the_15th_cut_off_a_year_ends_on_14_december(settings):
    settings.REPORT_PERIOD_CUTOFF = FIFTEENTH
    assert public.public_year(2026, D(2026, 12, 14)).final is False
    assert public.public_year(2026, D(2026, 12, 15)).final is True
    assert public.public_year(2027, D(2026, 12, 20)) is None  # its first quarter ends on 14/03/2027


def test_a_unit_has_the_years_it_existed_in(ward):
    today = D(2026, 12, 6)
    formed = UnitFactory(valid_from=D(2025, 7, 1))
    ended = UnitFactory(valid_from=None, valid_to=D(2025, 6, 30))

    assert [(y.year, y.final) for y in public.years_of(formed, today)] == [(2026, False), (2025, True)]
    assert [y.year for y in public.years_of(ended, today)] == [2025, 2024, 2023, 2022, 2021, 2020]
    assert public.years_of(ward.one, today) == []


# --- cache and queries -----------------------------------------------------------------------------------


def add_records(ward, count: int) -> None:
    """``count`` concerns and activities of last year in the ward's areas, in bulk."""
    day = D(last_year(), 5, 5)
    Concern.objects.bulk_create(
        ConcernFactory.build(
            unit=ward.ward,
            residential_area=(ward.one, ward.two)[n % 2],
            category=("land_housing", "health", "other")[n % 3],
            received_on=day,
        )
        for n in range(count)
    )
    Activity.objects.bulk_create(
        Activity(kind="visit", date=day, unit=ward.ward, place="Nhà văn hóa", summary=f"Thăm {n}")
        for n in range(count)
    )


# The unit; the table of units, the sources (activities, commitments, households reached and their
# figures for the year and the year before, concerns, days to answer, supervisions,
# recommendations, inspections, monitoring, findings, articles, members at two dates and
# joined/left, loans at two dates, the Fund's receipts and spending, houses, models); the report's
# unit and its Front committee; the units of the rows.
EXPECTED_QUERIES = {"list": 1, "unit_year": 31}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUERIES))
def test_query_counts_are_the_same_at_5_and_500_records(client, ward, django_assert_num_queries, name):
    url = reverse(f"reports_public:{name}", args=[ward.ward.pk, last_year()] if name == "unit_year" else [])
    add_records(ward, 5)
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        small = client.get(url)
    add_records(ward, 495)
    empty_caches()
    with django_assert_num_queries(EXPECTED_QUERIES[name]):
        large = client.get(url)
    assert small.status_code == large.status_code == 200


def test_anonymous_visitors_get_the_page_from_the_cache_and_cadres_a_fresh_one(
    client, ward, demo_user, django_assert_num_queries
):
    url = report_url(ward.ward.pk, last_year())
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]

    client.force_login(demo_user("cadre_area"))
    response = client.get(url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


# --- links -------------------------------------------------------------------------------------------------


def test_the_list_the_unit_page_and_the_sitemap_lead_to_the_pages(client, ward):
    year_url = report_url(ward.ward.pk, last_year())

    listed = page(client, reverse("reports_public:list"))
    assert f'href="{year_url}"' in listed
    assert f'href="{report_url(ward.one.pk, last_year())}"' not in listed

    unit_page = page(client, reverse("public:unit_detail", args=[ward.ward.pk]))
    assert f'href="{year_url}"' in unit_page

    sitemap = client.get(reverse("portal:sitemap_section", args=["reports"])).content.decode()
    assert f"http://testserver{year_url}</loc>" in sitemap
    assert f"http://testserver{reverse('reports_public:list')}</loc>" in sitemap


def test_a_demo_ward_s_page_works_on_its_demo_data(client):
    phuoc_hoi = unit("LD-PPHUOCHOI")
    html = page(client, report_url(phuoc_hoi.pk, last_year()))

    assert re.search(r'<div class="table-responsive"[^>]*>\s*<table', html)
    assert phuoc_hoi.name in html
