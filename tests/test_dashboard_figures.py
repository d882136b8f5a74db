"""The figures tab of the cadre dashboard (``/cadre/?tab=figures``, portal/dashboard_figures.py).

On the province made for the report tests (tests/reports_common.py), seen on 20/03/2026: the
headline of March against February and the trends of the twelve months worked out by hand, each
month the figure of its monthly report, a ward cadre's figures without the other ward's; the page
draws each trend as an SVG with a title beside a table of the same numbers, says which way each
headline figure moved in words, and links the numbers to the inbox. The query counts are in
tests/test_dashboard_queries.py.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from activities.models import Commitment, VisitDetails
from organizations.scoping import scope_for
from portal import views_dashboard
from portal.dashboard_figures import HEADLINE, TRENDS, dashboard_figures
from reports.compute import build_report
from reports.dashboard import last_months
from reports.periods import CALENDAR, FIFTEENTH, Period
from tests.factories import ConcernFactory, ScopeFactory
from tests.helpers import ENGLISH
from tests.reports_common import activity, make_town

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 3, 20)  # March 2026 so far, against February; the trends from April 2025
FIGURES = reverse("cadre:dashboard") + "?tab=figures"


@pytest.fixture(autouse=True)
def calendar_months(settings):
    settings.REPORT_PERIOD_CUTOFF = CALENDAR


@pytest.fixture
def town():
    """The report tests' province, with a visit in Phường Bình this month (another ward's work for
    a cadre of Phường An) and an overdue commitment in each ward."""
    town = make_town()
    activity(
        "visit",
        D(2026, 3, 5),
        town["binh"],
        town["front_binh"],
        VisitDetails,
        residential_area=town["binh1"],
        households_visited=2,
    )
    for ward in (town["an"], town["binh"]):
        Commitment.objects.create(unit=ward, text="Test commitment", deadline=D(2026, 3, 1))
    return town


@pytest.fixture
def province_cadre(town):
    return ScopeFactory(unit=town["province"]).user


@pytest.fixture
def ward_cadre(town):
    return ScopeFactory(unit=town["an"]).user


def headline_of(context) -> dict:
    return {line.indicator.key: (line.current, line.previous) for line in context["headline"]}


def trend_of(context, key: str) -> list:
    (chart,) = [chart for chart in context["trends"].charts if chart.key == key]
    return chart.values


# --- the numbers ------------------------------------------------------------------------------------


def test_the_headline_is_this_month_against_the_month_before(province_cadre):
    context = dashboard_figures(province_cadre, today=TODAY)
    assert context["figures_period"] == Period.of_month(2026, 3, CALENDAR)
    assert context["figures_previous"] == Period.of_month(2026, 2, CALENDAR)
    assert headline_of(context) == {
        "visits": (1, 1),  # Bình on 05/03; An on 10/02
        "households_reached": (0, 2),  # households 1 and 4 visited in February
        "concerns_raised": (2, 1),
        "concerns_answered": (1, 0),  # received on 10/03, answered on 14/03
        "concerns_overdue": (1, 0),  # An's, due on 01/03
        "concerns_answer_days": (Decimal(4), None),
        "voter_contacts": (0, 1),
        "dialogues": (1, 0),
        "mediation_success_rate": (None, Decimal("50.0")),
        "support_value": (500_000, 2_000_000),
        "members_joined": (0, 1),
    }
    assert [line.indicator.key for line in context["headline"]] == list(HEADLINE)
    assert context["report_url"] == reverse("reports:report") + "?kind=month&year=2026&number=3"


def test_each_line_says_which_way_it_moved(province_cadre):
    with translation.override("en"):
        context = dashboard_figures(province_cadre, today=TODAY)
        lines = {line.indicator.key: line for line in context["headline"]}
        raised, support = lines["concerns_raised"], lines["support_value"]
        assert (raised.direction, raised.difference_shown) == ("up", "1")
        assert raised.change == "1 more than the month before"
        assert (support.direction, support.change) == ("down", "1,500,000 VND less than the month before")
        assert lines["members_joined"].change == "1 fewer than the month before"
        assert (lines["visits"].direction, lines["visits"].change) == ("same", "the same as the month before")
        assert lines["concerns_answer_days"].direction == ""  # nothing answered in February
        assert lines["mediation_success_rate"].direction == ""  # no mediation in March


def test_the_trends_are_the_last_twelve_months(province_cadre):
    context = dashboard_figures(province_cadre, today=TODAY)
    months = context["trends"].months
    assert months[0] == Period.of_month(2025, 4, CALENDAR) and months[-1] == Period.of_month(
        2026, 3, CALENDAR
    )
    #                                       Apr … Oct 2025   Nov Dec   Jan Feb Mar 2026
    assert trend_of(context, "visits") == [0] * 7 + [1, 0] + [1, 1, 1]
    assert trend_of(context, "concerns_raised") == [0] * 7 + [1, 1] + [2, 1, 2]
    assert trend_of(context, "concerns_answered") == [0] * 7 + [0, 0] + [1, 0, 1]


def test_each_month_is_the_figure_of_its_monthly_report(province_cadre):
    context = dashboard_figures(province_cadre, today=TODAY)
    scope = scope_for(province_cadre)
    for index, month in enumerate(context["trends"].months):
        report = build_report(scope=scope, period=month, indicators=TRENDS, today=TODAY)
        for key in TRENDS:
            assert trend_of(context, key)[index] == report.total(key), (key, month.label)
    # The headline's month is the trends' last.
    headline = headline_of(context)
    assert [headline[key][0] for key in TRENDS] == [trend_of(context, key)[-1] for key in TRENDS]


def test_a_ward_cadre_sees_only_their_ward(ward_cadre, town):
    context = dashboard_figures(ward_cadre, today=TODAY)
    headline = headline_of(context)
    assert headline["visits"] == (0, 1)  # not Bình's visit of 05/03
    assert headline["concerns_raised"] == (0, 1)
    assert headline["dialogues"] == (0, 0)
    assert trend_of(context, "visits") == [0] * 7 + [1, 0] + [1, 1, 0]
    assert trend_of(context, "concerns_raised") == [0] * 7 + [1, 0] + [2, 1, 0]
    assert [row.area.pk for row, _label in context["coverage_rows"]] == [town["an1"].pk, town["an2"].pk]
    # What was recorded at the ward itself: its overdue concern and commitment, none of Bình's.
    assert [(row.concerns, row.commitments, row.concerns_url) for row in context["overdue_rows"]] == [
        (1, 1, "")
    ]
    categories = {row.category.value: row.total for row in context["categories"]}
    assert sum(categories.values()) == 4  # An's four concerns since 01/04/2025


def test_concerns_by_category_and_status_link_to_the_inbox(province_cadre):
    context = dashboard_figures(province_cadre, today=TODAY)
    rows = {row.category.value: row for row in context["categories"]}
    cells = {cell.status.value: cell for cell in rows["infrastructure"].cells}
    assert (cells["answered"].count, cells["duplicate"].count, rows["infrastructure"].total) == (2, 1, 3)
    assert rows["infrastructure"].groups == [0, 2, 1]  # awaiting, answered, closed without an answer
    assert rows["environment"].groups == [0, 3, 0]
    assert rows["land_housing"].groups == [1, 0, 0]
    assert cells["answered"].url == (
        reverse("concerns:inbox")
        + "?category=infrastructure&status=answered&received_after=2025-04-01&received_before=2026-03-20"
    )


def test_overdue_by_unit_links_each_ward_to_its_overdue_work(province_cadre, town):
    rows = {row.label: row for row in dashboard_figures(province_cadre, today=TODAY)["overdue_rows"]}
    an, binh = rows["Phường An"], rows["Phường Bình"]
    assert (an.concerns, an.commitments, binh.concerns, binh.commitments) == (1, 1, 0, 1)
    assert an.concerns_url == reverse("concerns:inbox") + f"?overdue=on&unit={town['an'].pk}&view=now"
    assert (
        binh.commitments_url == reverse("commitments:list") + f"?overdue=on&unit={town['binh'].pk}&view=now"
    )


def test_hot_spots_and_coverage_come_from_their_own_rules(ward_cadre, town, settings):
    settings.HOTSPOT_THRESHOLD = 2
    for _concern in range(2):
        ConcernFactory(unit=town["an"], residential_area=town["an2"], received_on=D(2026, 3, 10))
    context = dashboard_figures(ward_cadre, today=TODAY)
    (spot,) = context["hotspots"]
    assert (spot.place, spot.count) == (town["an2"], 2)
    shares = [(label, row.coverage.share) for row, label in context["coverage_rows"]]
    assert shares == [("Khu phố An 1", Decimal("20.0")), ("Khu phố An 2", Decimal("5.0"))]


def test_only_the_largest_hot_spots_are_listed(ward_cadre, town, settings, monkeypatch):
    from portal import dashboard_figures as figures

    monkeypatch.setattr(figures, "HOTSPOTS_SHOWN", 2)
    settings.HOTSPOT_THRESHOLD = 2
    for area, count in ((town["an1"], 4), (town["an2"], 3), (town["an"], 2)):
        for _concern in range(count):
            ConcernFactory(unit=town["an"], residential_area=area, received_on=D(2026, 3, 10))
    context = dashboard_figures(ward_cadre, today=TODAY)
    assert [spot.count for spot in context["hotspots"]] == [4, 3]
    assert (context["hotspots_count"], context["hotspot_largest"]) == (3, 4)


def test_the_months_follow_the_15th_cut_off(settings):
    settings.REPORT_PERIOD_CUTOFF = FIFTEENTH
    months = last_months(TODAY, 12)
    assert months[-1] == Period.of_month(2026, 4, FIFTEENTH)  # 15/03–14/04: today is the 20th
    assert months[0] == Period.of_month(2025, 5, FIFTEENTH)
    for before, after in zip(months, months[1:], strict=False):
        assert after.start == before.end + datetime.timedelta(days=1)


# --- the page ---------------------------------------------------------------------------------------


@pytest.fixture
def figures_page(client, province_cadre, monkeypatch):
    """The figures tab as the province's cadre sees it on 20/03/2026, in English."""
    monkeypatch.setattr(views_dashboard, "timezone", SimpleNamespace(localdate=lambda: TODAY))
    client.force_login(province_cadre)
    response = client.get(FIGURES, **ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def _svg(html: str, key: str) -> str:
    found = re.search(
        rf'<svg class="chart-columns"[^>]*aria-labelledby="trend-{key}-title[^>]*>(.*?)</svg>', html, re.S
    )
    assert found, f"no chart of {key}"
    return found.group(0)


def test_every_trend_is_an_svg_with_its_title_beside_a_table_of_the_same_numbers(figures_page):
    table = re.search(r'<table[^>]*id="trends-table".*?</table>', figures_page, re.S).group(0)
    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", table, re.S)
    assert [label.strip() for label, _cells in rows][:2] == ["4/2025", "5/2025"]
    assert rows[-1][0].strip() == "3/2026 (so far)"
    columns = list(
        zip(*[re.findall(r'<td class="text-end">([^<]*)</td>', cells) for _label, cells in rows], strict=True)
    )
    for index, key in enumerate(TRENDS):
        svg = _svg(figures_page, key)
        assert 'role="img"' in svg and 'viewBox="0 0 360 170"' in svg
        assert re.search(
            rf'<title id="trend-{key}-title">[^<]+ by month, Month 4/2025 – Month 3/2026</title>', svg
        )
        assert re.findall(r'<text class="chart-value"[^>]*>([^<]*)</text>', svg) == list(columns[index])
    assert list(columns[0]) == ["0"] * 7 + ["1", "0", "1", "1", "1"]


def test_the_headline_moves_are_told_in_words_not_only_by_arrows(figures_page):
    assert (
        '<span aria-hidden="true">▲ 1</span><span class="visually-hidden">1 more than the month before</span>'
        in figures_page
    )
    assert "1,500,000 VND less than the month before" in figures_page
    assert f'href="{reverse("reports:report")}?kind=month&amp;year=2026&amp;number=3"' in figures_page
    assert "Open the full report" in figures_page


def test_the_tables_link_to_the_inbox_and_the_coverage_page(figures_page, town):
    assert (
        f'href="{reverse("concerns:inbox")}?overdue=on&amp;unit={town["an"].pk}&amp;view=now"' in figures_page
    )
    assert f'href="{reverse("cadre:coverage")}"' in figures_page
    assert 'id="categories-table"' in figures_page and 'id="coverage-table"' in figures_page
    # Bars beside numbers are hidden from screen readers; their numbers are in the cells.
    assert re.search(r'<svg class="chart-bar"[^>]*aria-hidden="true"', figures_page)


def test_the_work_tab_stays_the_start_page(login_as):
    html = login_as("cadre_ward").get(reverse("cadre:dashboard")).content.decode()
    assert 'id="concerns-panels"' in html and 'id="figures-headline"' not in html
    assert f'href="{FIGURES}"' in html.replace("&amp;", "&")
    figures = login_as("cadre_ward").get(FIGURES).content.decode()
    assert 'id="figures-headline"' in figures and 'id="concerns-panels"' not in figures
    assert 'aria-current="page" href="' + FIGURES in figures.replace("&amp;", "&")


def test_an_account_without_a_scope_has_no_figures_tab(no_scope_client):
    html = no_scope_client.get(FIGURES).content.decode()
    assert (
        'id="no-scope"' in html and 'id="figures-headline"' not in html and 'id="dashboard-tabs"' not in html
    )
