"""The report page of the cadres (/cadre/reports/): what it shows, whose figures, its short lists of
units and organizations, its exports read back (the same numbers as the page), text that would run
as a formula in a spreadsheet, and its number of queries at 50 and at 5,000 activities."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.sheets import neutralised
from organizations.models import Organization
from reports.forms import MAX_OPTIONS
from reports.indicators import INDICATORS, Section
from reports.periods import Period
from tests.factories import OrganizationFactory
from tests.helpers import unit
from tests.reports_common import bulk_visits

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = reverse("reports:report")
AUTHORITIES = reverse("reports:authorities")
QUARTER = {"kind": "quarter", "year": "2026", "number": "1"}
INJECTION = "=cmd|' /C calc'!A0"


def farmers_of_phuoc_hoi() -> Organization:
    return Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")


# --- the page --------------------------------------------------------------------------------------


def test_the_page_shows_the_report_of_the_cadres_scope(login_as):
    response = login_as("cadre_ward").get(URL, QUARTER)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.period == Period.of_quarter(2026, 1)
    assert report.subject.unit == unit("LD-PPHUOCHOI")
    html = response.content.decode()
    assert re.search(r"<h1[^>]*>Report: Q1 2026</h1>", html)
    assert "<title>Report: Q1 2026 ·" in html
    assert "Ủy ban MTTQ Việt Nam phường Phước Hội" in html  # the issuing committee of the letterhead
    assert "No.: …/BC-MTTQ" in html and "Phước Hội, " in html
    assert 'href="/static/css/report-print.css"' in html
    assert html.count('class="table-responsive"') == 2 * len(Section)
    # The answers by authority come after the report: htmx loads them, a link opens them.
    authorities = response.context["authorities_url"]
    assert authorities.startswith(AUTHORITIES + "?") and f"unit={report.subject.unit.pk}" in authorities
    assert f'hx-get="{authorities.replace("&", "&amp;")}"' in html
    visits = report.total("visits")
    assert re.search(
        rf'data-indicator="visits">.*?<td class="text-end text-nowrap">{visits}</td>', html, re.S
    )


def test_the_page_without_parameters_shows_this_year_as_it_is_now(login_as):
    response = login_as("cadre_area").get(URL)
    report = response.context["report"]
    assert report.period.kind == "year" and report.view == "now"
    assert report.groups == ("Tỉnh Lâm Đồng", "Thị xã La Gi")
    assert 'name="view" value="now"' in response.content.decode()


def test_an_account_without_a_scope_is_told_so(no_scope_client):
    response = no_scope_client.get(URL)
    assert response.status_code == 200
    assert response.context["report"].rows == ()
    assert 'id="report-no-scope"' in response.content.decode()
    assert 'id="report-xlsx"' not in response.content.decode()


def test_a_unit_row_opens_that_units_report(login_as):
    client = login_as("cadre_area")
    response = client.get(URL, QUARTER)
    la_gi = unit("LD-PLAGI")
    assert f"unit={la_gi.pk}" in response.content.decode()
    opened = client.get(URL, {**QUARTER, "unit": la_gi.pk})
    assert opened.context["report"].subject.unit == la_gi


def test_the_answers_by_authority_of_the_reports_units(login_as):
    from concerns.models import Concern
    from organizations.models import Authority

    ward = unit("LD-PPHUOCHOI")
    authority = Authority.objects.create(name="Ban Quản lý dự án thử", kind="other", answer_days=10)
    day = datetime.date(2026, 2, 2)
    Concern.objects.create(
        unit=ward,
        category="infrastructure",
        summary="Đèn đường hỏng",
        received_on=day,
        status="forwarded",
        authority=authority,
        forwarded_on=day,
        due_date=day + datetime.timedelta(days=10),
    )
    Concern.objects.create(
        unit=unit("LD-PLAGI"),
        category="infrastructure",
        summary="Another ward's",
        received_on=day,
        status="forwarded",
        authority=authority,
        forwarded_on=day,
        due_date=day + datetime.timedelta(days=10),
    )

    client = login_as("cadre_ward")
    page = client.get(client.get(URL, QUARTER).context["authorities_url"])
    part = client.get(client.get(URL, QUARTER).context["authorities_url"], headers={"HX-Request": "true"})

    for response in (page, part):
        assert response.status_code == 200
        assert "HX-Request" in response["Vary"]
        [row] = [row for row in response.context["authority_answers"] if row.authority == authority]
        assert (row.figures.sent, row.figures.answered, row.figures.overdue) == (1, 0, 1)
        assert authority.get_absolute_url() in response.content.decode()
    # Loaded into the report page: the table alone, in place of the link; opened: a page of its own.
    assert part.content.decode().lstrip().startswith('<div id="report-authorities-answers">')
    assert "<html" not in part.content.decode()
    html = page.content.decode()
    assert re.search(r"<h1[^>]*>Answers by authority</h1>", html) and "Phường Phước Hội" in html
    assert 'id="report-authorities-back"' in html


def test_a_period_with_nothing_sent_says_so(login_as):
    client = login_as("cadre_ward")
    response = client.get(AUTHORITIES, {"unit": unit("LD-PPHUOCHOI").pk, "kind": "year", "year": "2001"})
    assert response.status_code == 200
    assert response.context["authority_answers"] == []
    assert 'id="report-authorities-none"' in response.content.decode()


def test_the_answers_by_authority_need_a_unit_and_a_valid_period(login_as):
    client = login_as("cadre_ward")
    ward = unit("LD-PPHUOCHOI").pk
    for query in (
        {"kind": "year", "year": "2026"},  # no unit
        {"unit": ward, "kind": "month", "year": "2026", "number": "13"},
        {"unit": ward, "organization": farmers_of_phuoc_hoi().pk},
    ):
        response = client.get(AUTHORITIES, query)
        assert response.status_code == 302
        assert response["Location"].startswith(URL + "?")  # where the form says what is wrong
    assert client.get(AUTHORITIES, {"unit": unit("LD-PLAGI").pk}).status_code == 404


def test_an_organizations_report_has_no_answers_by_authority(login_as):
    response = login_as("cadre_ward").get(URL, {**QUARTER, "organization": farmers_of_phuoc_hoi().pk})
    assert response.context["report"].subject.organization is not None
    assert response.context["authorities_url"] == ""
    assert 'id="report-authorities"' not in response.content.decode()


def test_another_scopes_unit_or_organization_is_a_404(login_as):
    client = login_as("cadre_ward")
    assert client.get(URL, {"unit": unit("LD-PLAGI").pk}).status_code == 404
    assert client.get(URL, {"unit": "not-a-number"}).status_code == 404
    assert client.get(URL, {"unit": unit("LD-PLAGI").pk, "format": "csv"}).status_code == 404
    women = login_as("cadre_women")
    assert women.get(URL, {"organization": farmers_of_phuoc_hoi().pk}).status_code == 404
    assert women.get(URL, {"unit": unit("LD-PLAGI").pk}).status_code == 404


def test_mistakes_are_listed_and_no_report_is_made(login_as):
    response = login_as("cadre_ward").get(URL, {"kind": "custom", "start": "2026-03-01", "end": "2026-02-01"})
    assert response.status_code == 200
    assert response.context["report"] is None
    html = response.content.decode()
    assert 'id="error-summary"' in html and "The end date cannot be before the start date." in html
    response = login_as("cadre_ward").get(URL, {"kind": "month", "year": "2026", "number": "13"})
    assert response.context["report"] is None
    both = login_as("cadre_ward").get(
        URL, {"unit": unit("LD-PPHUOCHOI").pk, "organization": farmers_of_phuoc_hoi().pk}
    )
    assert both.context["report"] is None


def test_a_term_and_a_range_of_dates(login_as):
    client = login_as("cadre_ward")
    term = client.get(URL, {"kind": "term", "year": "2026"}).context["report"].period
    assert (term.start, term.end) == (datetime.date(2025, 7, 1), datetime.date(2030, 6, 30))
    dates = client.get(URL, {"kind": "custom", "year": "2026", "start": "2026-03-01", "end": "2026-04-14"})
    assert dates.context["report"].period == Period.between(
        datetime.date(2026, 3, 1), datetime.date(2026, 4, 14)
    )


def test_the_organization_report_of_a_union_cadre(login_as):
    response = login_as("cadre_women").get(URL, QUARTER)
    report = response.context["report"]
    assert report.by == "organization"
    assert report.subject.name == "Hội Liên hiệp Phụ nữ phường La Gi"
    assert "By branch" in response.content.decode()


@pytest.mark.parametrize("username", ["admin", "cadre_area", "cadre_ward"])
def test_the_unit_and_organization_lists_stay_short(login_as, username):
    """Every unit and organization the reader sees may be chosen, but a long list is a chooser
    that renders only the chosen option (organizations.choosers)."""
    content = login_as(username).get(URL).content.decode()
    for name in ("unit", "organization"):
        select = re.search(rf'<select name="{name}".*?</select>', content, re.S).group(0)
        assert 0 < select.count("<option") <= MAX_OPTIONS, name


def test_the_chosen_unit_is_offered_even_deep_down(login_as):
    area = unit("LD-PPHUOCHOI-KP01")
    form = login_as("cadre_area").get(URL, {"unit": area.pk}).context["form"]
    assert area.pk in [value for value, _label in form.fields["unit"].choices]


# --- exports ----------------------------------------------------------------------------------------


def sheet_lines(sheet) -> dict[str, list]:
    """Indicator label → the three values of the section's first table."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(index for index, row in enumerate(rows) if row[0] == "Indicator")
    lines = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        lines[row[0]] = list(row[2:5])
    return lines


def same(found, expected) -> bool:
    if expected is None:
        return found in (None, "")
    return float(found) == float(expected)


def test_the_xlsx_export_has_the_numbers_of_the_page(login_as):
    client = login_as("cadre_area")
    report = client.get(URL, QUARTER).context["report"]
    response = client.get(URL, {**QUARTER, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="report-20260101-20260331.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [str(section.label)[:31] for section in Section]
    for section, sheet in zip(Section, workbook.worksheets, strict=True):
        assert sheet["B3"].is_date and sheet["B3"].value.date() == report.period.start
        assert sheet["B4"].value.date() == report.period.end
        lines = sheet_lines(sheet)
        for indicator in (i for i in INDICATORS.values() if i.section == section):
            values = lines[str(indicator.label)]
            for column, value in enumerate(values):
                assert same(value, report.total(indicator.key, column)), (indicator.key, column)
                assert value is None or isinstance(value, int | float)
        assert sheet.column_dimensions["A"].width > 30
    # The table by unit: a row per unit, then the total.
    work_log = workbook.worksheets[0]
    labels = [row[0] for row in work_log.iter_rows(values_only=True)]
    assert "Total" in labels and "Phường Phước Hội" in labels


def test_the_csv_export_has_the_numbers_of_the_page(login_as):
    client = login_as("cadre_ward")
    report = client.get(URL, QUARTER).context["report"]
    response = client.get(URL, {**QUARTER, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, lines = rows[0], rows[1:]
    assert header[:4] == ["Section", "Indicator", "Unit", "Unit"]
    by_label = {str(indicator.label): indicator for indicator in INDICATORS.values()}
    row_by_label = {row.label: row for row in report.rows}
    assert len(lines) == len(INDICATORS) * (1 + len(report.rows))
    for _section, label, _measure, row_label, *values in lines:
        indicator = by_label[label]
        for column, value in enumerate(values):
            if row_label == "Total":
                expected = report.total(indicator.key, column)
            else:
                expected = row_by_label[row_label].value(indicator.key, column)
            assert same(value, expected), (label, row_label, column)


def test_text_that_would_run_as_a_formula_is_neutralised(login_as):
    farmers = farmers_of_phuoc_hoi()
    OrganizationFactory(name=INJECTION, unit=unit("LD-PPHUOCHOI-KP01"), kind=farmers.kind, parent=farmers)
    client = login_as("cadre_ward")
    query = {**QUARTER, "organization": farmers.pk}
    csv_text = client.get(URL, {**query, "format": "csv"}).content.decode("utf-8-sig")
    labels = {row[3] for row in csv.reader(io.StringIO(csv_text))}
    assert "'" + INJECTION in labels and INJECTION not in labels
    workbook = load_workbook(io.BytesIO(client.get(URL, {**query, "format": "xlsx"}).content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    injected = [cell for cell in cells if isinstance(cell.value, str) and INJECTION in cell.value]
    assert injected and all(cell.value == "'" + INJECTION and cell.data_type == "s" for cell in injected)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralised(text):
    assert neutralised(text) == "'" + text
    assert neutralised("Khu phố 1") == "Khu phố 1"
    assert neutralised(-1) == -1 and neutralised(None) is None


# --- queries ----------------------------------------------------------------------------------------


def make_activities(count: int) -> None:
    bulk_visits(unit("LD-PPHUOCHOI"), count, first_day=datetime.date(2026, 1, 1), days=80)


@pytest.mark.parametrize("count", [50, 5000])
def test_the_query_count_is_pinned_whatever_the_number_of_activities(
    login_as, django_assert_num_queries, count
):
    client = login_as("cadre_ward")
    make_activities(count)
    client.get(URL, QUARTER)  # warm-up (content types, translations)
    # session, user, scope (its rows, the reach below them: 2); the form's short lists of units and
    # organizations (2); the report (three periods: the quarter, the one before, the same quarter of
    # 2025): the units (1); one query each for the activities, the concerns received, the concerns
    # overdue, the days to answer them, the commitments, the supervisions, the recommendations, the
    # inspections, the monitoring sessions and their findings, the articles, the fund's receipts and
    # spending, the houses and the models (15); a query a period for the households reached and the
    # household figures (6), the members, new members and departures (9) and the loans (3); the
    # report's unit and its Front committee (2). The answers by authority come in a request of
    # their own (below).
    with django_assert_num_queries(42):
        response = client.get(URL, QUARTER)
    assert response.context["report"].total("visits") >= count


@pytest.mark.parametrize("count", [50, 5000])
def test_the_answers_by_authority_cost_the_same_whatever_the_number_of_concerns(
    login_as, django_assert_num_queries, count
):
    from concerns.models import Concern
    from organizations.models import Authority

    client = login_as("cadre_ward")
    ward = unit("LD-PPHUOCHOI")
    authority = Authority.objects.create(name="Ban Quản lý dự án thử", kind="other", answer_days=10)
    day = datetime.date(2026, 2, 2)
    Concern.objects.bulk_create(
        Concern(
            unit=ward,
            category="infrastructure",
            summary=f"Đèn đường hỏng {number}",
            tracking_code=f"T{number:07d}",
            received_on=day,
            status="forwarded",
            authority=authority,
            forwarded_on=day,
            due_date=day + datetime.timedelta(days=10),
        )
        for number in range(count)
    )
    query = {**QUARTER, "unit": ward.pk}
    client.get(AUTHORITIES, query)  # warm-up
    # session, user, scope (its rows, the reach below them: 2); the unit; the form's short lists
    # (the unit's field checks its choice: 1); the counts with the delays and the authorities' names (2).
    with django_assert_num_queries(7):
        response = client.get(AUTHORITIES, query)
    [row] = [row for row in response.context["authority_answers"] if row.authority == authority]
    assert row.figures.sent == count
