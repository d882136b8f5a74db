"""The figures of the reports (reports/indicators.py, sources/, layout.py, compute.py).

On a province made for the test (tests/reports_common.py): every indicator against the number
worked out by hand, each ward's row, the period before and the same period last year; the total of
a sum is the sum of the rows, a ratio is recomputed from the summed parts (never the mean of the
rows' percentages) and a median is that of all the records. On the demo's reorganization of La Gi:
"as it was" and "as it is now" give the same grand total for 2021–2026, with the nine old wards and
communes as rows one way and the three units of today the other; and the reader's scope bounds it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from organizations.lineage import View
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import scope_for
from reports.compute import CURRENT, LAST_YEAR, PREVIOUS, build_report
from reports.indicators import INDICATORS, SMALL_COUNT, Privacy, Rollup, median, ratio
from reports.periods import CALENDAR, Period
from reports.sources.worklog import commitment_records
from tests.factories import ActivityFactory, ConcernFactory, OrganizationFactory, UnitFactory
from tests.helpers import unit
from tests.reports_common import (
    EXPECTED,
    EXPECTED_LAST_YEAR,
    EXPECTED_PREVIOUS,
    EXPECTED_ROWS,
    QUARTER,
    TODAY,
    make_town,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NOW, WAS = View.AS_IT_IS, View.AS_IT_WAS
PERIOD_2021_2026 = Period.between(D(2021, 1, 1), D(2026, 12, 31))
OLD_UNITS = ("LG-PH", "LG-PL", "LG-TA", "LG-TT", "LG-BT", "LG-TH", "LG-TTI", "LG-TB", "LG-TP")
NEW_UNITS = ("LD-PLAGI", "LD-PPHUOCHOI", "LD-XTANHAI")


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def province_report(town):
    return build_report(scope=None, unit=town["province"], period=QUARTER, today=TODAY)


def row_of(report, unit_pk):
    (found,) = [row for row in report.rows if row.row.unit_id == unit_pk and not row.row.is_self]
    return found


# --- every indicator on hand-made data --------------------------------------------------------------


def test_every_indicator_has_its_expected_number(province_report):
    assert set(EXPECTED) == set(INDICATORS), "add the expected number of every new indicator"
    found = {key: province_report.total(key) for key in INDICATORS}
    wrong = {key: (found[key], EXPECTED[key]) for key in INDICATORS if found[key] != EXPECTED[key]}
    assert not wrong, f"(found, expected): {wrong}"


def test_each_ward_has_its_row(town, province_report):
    an, binh = row_of(province_report, town["an"].pk), row_of(province_report, town["binh"].pk)
    for key, (in_an, in_binh) in EXPECTED_ROWS.items():
        assert (an.value(key), binh.value(key)) == (in_an, in_binh), key
    assert [row.label for row in province_report.rows] == ["Phường An", "Phường Bình"]


def test_the_period_before_and_the_same_period_last_year(province_report):
    assert province_report.periods[PREVIOUS] == Period.of_quarter(2025, 4, CALENDAR)
    assert province_report.periods[LAST_YEAR] == Period.of_quarter(2025, 1, CALENDAR)
    for key, expected in EXPECTED_PREVIOUS.items():
        assert province_report.total(key, PREVIOUS) == expected, key
    for key, expected in EXPECTED_LAST_YEAR.items():
        assert province_report.total(key, LAST_YEAR) == expected, key


# --- how the figures add up ---------------------------------------------------------------------------


def test_the_total_of_a_sum_is_the_sum_of_the_rows(province_report):
    for column in (CURRENT, PREVIOUS, LAST_YEAR):
        for key, indicator in INDICATORS.items():
            if indicator.rollup in (Rollup.SUM, Rollup.LATEST):
                rows = sum(row.value(key, column) or 0 for row in province_report.rows)
                assert province_report.total(key, column) == rows, (key, column)


def test_a_ratio_is_recomputed_from_the_summed_parts(province_report):
    for column in (CURRENT, PREVIOUS, LAST_YEAR):
        for key, indicator in INDICATORS.items():
            if indicator.rollup != Rollup.RATIO:
                continue
            numerator, denominator = indicator.parts
            parts = [row.figures[column].parts for row in province_report.rows]
            expected = ratio(
                sum(p.get(numerator, 0) for p in parts), sum(p.get(denominator, 0) for p in parts)
            )
            assert province_report.total(key, column) == expected, (key, column)
    # Never the mean of the rows: 66.7% and 0% of the wards make 50%, not 33.3%.
    rows = [row.value("mediation_success_rate") for row in province_report.rows]
    assert province_report.total("mediation_success_rate") == Decimal("50.0") != sum(rows) / len(rows)


def test_a_median_is_that_of_all_the_records():
    assert median({4: 1, 10: 1, 30: 1}) == Decimal("10")
    assert median({10: 1, 30: 1}) == Decimal("20")
    assert median({1: 3, 100: 1}) == Decimal("1")
    assert median({1: 2, 3: 2}) == Decimal("2")
    assert median({2: 1, 3: 1}) == Decimal("2.5")
    assert median({}) is None and median(None) is None


def test_ratios_without_a_denominator_are_empty():
    assert ratio(3, 0) is None
    assert ratio(1, 3) == Decimal("33.3")
    assert ratio(2, 3) == Decimal("66.7")


# --- what the report covers -----------------------------------------------------------------------------


def test_a_ward_report_has_a_row_per_quarter_and_one_for_the_ward_itself(town):
    with translation.override("en"):
        report = build_report(scope=None, unit=town["an"], period=QUARTER, today=TODAY)
    labels = [row.label for row in report.rows]
    assert labels[0] == "Recorded at phường An itself"
    assert labels[1:] == ["Khu phố An 1", "Khu phố An 2"]
    assert report.total("activities") == EXPECTED_ROWS["activities"][0]
    assert row_of(report, town["an1"].pk).value("households_reached") == 2
    assert row_of(report, town["an1"].pk).value("concerns_raised") == 2


def test_an_organization_report_covers_its_branches(town):
    report = build_report(scope=None, organization=town["union_an"], period=QUARTER, today=TODAY)
    assert report.by == "organization"
    assert report.total("members") == 2 and report.total("members_joined") == 1
    assert report.total("models_recognised") == 1 and report.total("articles_published") == 1
    # The households of an area have no organization: not a zero, no figure.
    assert report.total("households_reached") is None
    branch = [row for row in report.rows if row.row.organization_id == town["branch_an1"].pk]
    assert branch and branch[0].value("members") == 2


def test_work_planned_ahead_is_not_counted_before_it_is_done(town):
    ActivityFactory(kind="visit", date=D(2026, 3, 25), unit=town["an"], organizations=[town["front_an"]])
    before = build_report(scope=None, unit=town["province"], period=QUARTER, today=D(2026, 3, 20))
    after = build_report(scope=None, unit=town["province"], period=QUARTER, today=TODAY)
    assert after.total("visits") == before.total("visits") + 1


def test_only_the_asked_indicators_are_read(town):
    with CaptureQueriesContext(connection) as context:
        report = build_report(
            scope=None, unit=town["province"], period=QUARTER, indicators=["visits"], today=TODAY
        )
    assert report.total("visits") == 2
    assert [i.key for i in report.indicators] == ["visits"]
    # The units, the activities (one query for the three periods), the report's unit and its committee.
    assert len(context.captured_queries) == 4


def test_the_query_count_does_not_depend_on_the_number_of_records(town):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            build_report(scope=None, unit=town["province"], period=QUARTER, today=TODAY)
        return len(context.captured_queries)

    few = count()
    units = [town["an"], town["binh"]]
    ActivityFactory._meta.model.objects.bulk_create(
        [ActivityFactory.build(kind="visit", date=D(2026, 2, 1), unit=units[n % 2]) for n in range(300)]
    )
    assert count() == few


def _every_figure(report) -> list:
    """Each indicator's figure in the three columns of the total and of every row."""
    columns = (CURRENT, PREVIOUS, LAST_YEAR)
    totals = [(key, column, report.total(key, column)) for key in INDICATORS for column in columns]
    rows = [
        (row.label, key, column, row.value(key, column))
        for row in report.rows
        for key in INDICATORS
        for column in columns
    ]
    return totals + rows


@pytest.mark.parametrize("subject", ["province", "union_an"])
@pytest.mark.parametrize("today", [TODAY, D(2026, 3, 20)])  # a period that has ended, one that has not
def test_periods_apart_are_counted_by_period_with_the_same_figures(town, monkeypatch, subject, today):
    """The quarter, the one before and the same quarter a year earlier share no day: a source that
    can groups its records by the period they are in (``sources.common.aggregate``'s ``each``). Its
    figures are those of the query that asks every part of every period of each record."""
    from reports.sources import common

    chosen = {"organization" if subject == "union_an" else "unit": town[subject]}
    grouped = build_report(scope=None, period=QUARTER, today=today, **chosen)
    monkeypatch.setattr(common, "_apart", lambda periods: False)
    asked = build_report(scope=None, period=QUARTER, today=today, **chosen)
    assert _every_figure(grouped) == _every_figure(asked)
    assert sum(1 for *_key, value in _every_figure(grouped) if value) > 20  # figures, not zeros
    # A median's histogram grouped by the report's row in the database, or by each unit.
    monkeypatch.setattr(common, "ROWS_IN_DATABASE", 0)
    by_unit = build_report(scope=None, period=QUARTER, today=today, **chosen)
    assert _every_figure(by_unit) == _every_figure(grouped)


def test_opinions_and_questions_are_counted_by_how_they_were_answered(town):
    an, binh = town["an"], town["binh"]
    common = {"category": "infrastructure", "received_on": D(2026, 2, 10)}
    ConcernFactory(
        unit=an,
        source="voter_contact",
        answered_on_spot=True,
        answered_on=D(2026, 2, 10),
        status="answered",
        **common,
    )
    ConcernFactory(
        unit=an,
        source="voter_contact",
        forwarded_on=D(2026, 2, 11),
        due_date=D(2026, 3, 1),
        answered_on=D(2026, 3, 20),
        status="answered",
        **common,
    )
    ConcernFactory(
        unit=binh,
        source="dialogue",
        forwarded_on=D(2026, 2, 11),
        due_date=D(2026, 3, 1),
        status="forwarded",
        **common,
    )

    report = build_report(scope=None, unit=town["province"], period=QUARTER, today=TODAY)

    assert report.total("opinions_recorded") == 3
    assert report.total("opinions_answered_on_spot") == 1
    assert report.total("opinions_answered") == 2
    assert report.total("opinions_overdue") == 1  # the dialogue's question, due on 01/03/2026
    assert report.total("concerns_raised") == EXPECTED["concerns_raised"] + 3
    assert [row_of(report, ward.pk).value("opinions_recorded") for ward in (an, binh)] == [2, 1]


def test_the_commitments_are_read_in_one_place():
    records, kept = commitment_records()
    assert records.model._meta.app_label == "activities"
    assert records.filter(kept).count() <= records.count()


def test_small_counts_are_hidden_from_public_pages(town):
    report = build_report(scope=None, unit=town["province"], period=QUARTER, today=TODAY)
    totals = report.totals[CURRENT]
    assert INDICATORS["mediations"].privacy == Privacy.SMALL_COUNT
    assert SMALL_COUNT == 3  # issue #12: one and two are hidden, three is shown
    assert report.total("mediations") == 4 >= SMALL_COUNT
    assert totals.publishable(INDICATORS["mediations"])
    assert totals.publishable(INDICATORS["mediation_success_rate"])  # four cases behind it
    assert not totals.publishable(INDICATORS["concerns_overdue"])  # internal
    assert totals.publishable(INDICATORS["visits"])
    assert totals.publishable(INDICATORS["support_recipients"])  # fourteen recipients
    assert report.publishable("visits") and not report.publishable("petitions")  # two petitions
    an, binh = row_of(report, town["an"].pk), row_of(report, town["binh"].pk)
    assert report.publishable("mediations", row=an)  # three cases
    assert not report.publishable("mediations", row=binh)  # one case
    assert not report.publishable("mediation_success_rate", row=binh)  # one case behind it
    assert INDICATORS["concerns_land_housing"].privacy == Privacy.SMALL_COUNT  # a kind, in one area


# --- as it was and as it is now, on the demo's reorganization ------------------------------------------


def both_views(**kwargs):
    return {view: build_report(period=PERIOD_2021_2026, view=view, **kwargs) for view in (NOW, WAS)}


def assert_same_totals(reports) -> None:
    now, was = reports[NOW], reports[WAS]
    different = {
        key: (now.total(key, column), was.total(key, column))
        for key in INDICATORS
        for column in (CURRENT, PREVIOUS, LAST_YEAR)
        if now.total(key, column) != was.total(key, column)
    }
    assert not different, different
    assert now.total("activities") > 0 and now.total("concerns_raised") > 0


def test_the_whole_area_has_the_same_grand_total_both_ways(demo_user):
    reports = both_views(scope=scope_for(demo_user("cadre_area")))
    assert_same_totals(reports)
    codes = {
        view: set(
            AdministrativeUnit.objects.filter(
                pk__in=[r.row.unit_id for r in report.rows if not r.row.is_self]
            ).values_list("code", flat=True)
        )
        for view, report in reports.items()
    }
    assert codes[WAS] == set(OLD_UNITS + NEW_UNITS)  # the nine of the town, then the three of today
    assert codes[NOW] == set(NEW_UNITS)
    assert reports[WAS].groups == ("Tỉnh Lâm Đồng", "Thị xã La Gi")


def test_the_administrator_sees_the_same_grand_total_both_ways(demo_user):
    reports = both_views(scope=scope_for(demo_user("admin")))
    assert_same_totals(reports)
    area = both_views(scope=scope_for(demo_user("cadre_area")))
    assert reports[NOW].total("activities") == area[NOW].total("activities")


def test_a_new_ward_as_it_was_shows_the_units_it_was_formed_from(demo_user):
    reports = both_views(scope=scope_for(demo_user("cadre_ward")), unit=unit("LD-PPHUOCHOI"))
    assert_same_totals(reports)
    itself = {
        view: {row.row.unit_id for row in report.rows if row.row.is_self} for view, report in reports.items()
    }
    assert itself[WAS] == {unit(code).pk for code in ("LG-PH", "LG-PL", "LG-TP", "LD-PPHUOCHOI")}
    assert itself[NOW] == {unit("LD-PPHUOCHOI").pk}
    areas = {
        view: {unit_parent_code(row.row.unit_id) for row in report.rows if not row.row.is_self}
        for view, report in reports.items()
    }
    assert areas[WAS] == {"LG-PH", "LG-PL", "LG-TP", "LD-PPHUOCHOI"}  # the old quarters and villages too
    assert areas[NOW] == {"LD-PPHUOCHOI"}


def unit_parent_code(pk: int) -> str:
    return AdministrativeUnit.objects.get(pk=pk).parent.code


def test_a_2023_report_shows_the_old_units_and_a_2026_report_the_new(demo_user):
    scope = scope_for(demo_user("cadre_area"))
    old = build_report(scope=scope, period=Period.of_year(2023, CALENDAR), view=WAS, today=TODAY)
    new = build_report(scope=scope, period=Period.of_year(2026, CALENDAR), view=WAS, today=TODAY)
    shown = {r.row.unit_id for r in old.rows if r.row.unit_id and not r.row.is_self and r.has_figures()}
    assert {unit(code).pk for code in OLD_UNITS} <= shown
    assert not {unit(code).pk for code in NEW_UNITS} & {r.row.unit_id for r in old.rows}
    assert {unit(code).pk for code in NEW_UNITS} <= {r.row.unit_id for r in new.rows}


def test_a_merge_made_for_the_test_keeps_the_grand_total_both_ways():
    """Wards An and Bình of a made-up province merge into Phường Cát on 01/07/2025 (the
    reorganization of tests/reorganization_common.py): as it was the province has the three wards
    as rows, as it is now only Cát; and Cát as it was stands for An and Bình."""
    from organizations.reorganizing import apply
    from tests import reorganization_common as common
    from tests.factories import UserFactory

    t = common.make_town()
    merger = common.reorganization(
        "merge", [t["a"], t["b"]], [common.new_unit("c", "Phường Cát", "C", t["province"])]
    )
    apply(merger, actor=UserFactory(is_superuser=True, is_staff=True))
    cat = AdministrativeUnit.objects.get(code="C")
    ActivityFactory(unit=t["b"], date=D(2025, 3, 1), organizations=[t["union_b"]])
    ActivityFactory(unit=cat, date=D(2026, 2, 1), organizations=[OrganizationFactory(unit=cat)])
    province = both_views(scope=None, unit=t["province"], today=TODAY)
    assert {view: report.total("activities") for view, report in province.items()} == {NOW: 4, WAS: 4}
    rows = {
        view: {r.row.unit_id: r.value("activities") for r in report.rows} for view, report in province.items()
    }
    assert rows[WAS] == {t["a"].pk: 2, t["b"].pk: 1, cat.pk: 1}
    assert rows[NOW] == {cat.pk: 4}
    ward = both_views(scope=None, unit=cat, today=TODAY)
    assert ward[NOW].total("activities") == ward[WAS].total("activities") == 4
    itself = {r.row.unit_id: r.value("activities") for r in ward[WAS].rows if r.row.is_self}
    assert itself == {t["a"].pk: 1, t["b"].pk: 1, cat.pk: 1}  # the old wards' own records, and Cát's
    quarters = {r.label: r.value("activities") for r in ward[NOW].rows if not r.row.is_self}
    assert quarters["Khu phố 1"] == 1  # the 2023 visit of An's quarter 1, in Cát's quarter 1


# --- the reader's scope ----------------------------------------------------------------------------------


def test_a_ward_cadre_reads_only_their_ward(demo_user):
    scope = scope_for(demo_user("cadre_ward"))
    own = build_report(scope=scope, period=PERIOD_2021_2026, today=TODAY)
    chosen = build_report(scope=scope, unit=unit("LD-PPHUOCHOI"), period=PERIOD_2021_2026, today=TODAY)
    everything = build_report(scope=scope_for(demo_user("cadre_area")), period=PERIOD_2021_2026, today=TODAY)
    for key in ("activities", "concerns_raised", "fund_raised", "members"):
        assert own.total(key) == chosen.total(key) < everything.total(key)


def test_a_unit_outside_the_scope_adds_nothing(demo_user):
    """The scope cuts the units a report reads even when a caller passes another unit."""
    scope = scope_for(demo_user("cadre_ward"))
    outside = build_report(scope=scope, unit=unit("LD-PLAGI"), period=PERIOD_2021_2026, today=TODAY)
    assert outside.total("activities") == 0 and outside.rows == ()


def test_an_organization_cadre_reads_their_union_and_the_unions_it_replaced(demo_user):
    user = demo_user("cadre_women")
    report = build_report(scope=scope_for(user), period=PERIOD_2021_2026, today=TODAY)
    assert report.by == "organization"
    union = Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường La Gi", unit__code="LD-PLAGI")
    assert report.subject.organization == union
    assert report.total("members") > 0
    both = both_views(scope=scope_for(user))
    assert_same_totals(both)


def test_a_made_up_unit_without_records_reports_zeros():
    ward = UnitFactory()
    OrganizationFactory(unit=ward, kind="front_committee", name="Ủy ban MTTQ Việt Nam phường Thử")
    report = build_report(scope=None, unit=ward, period=QUARTER, today=TODAY)
    assert report.total("activities") == 0 and report.total("coverage") is None
    assert report.subject.issuer == "Ủy ban MTTQ Việt Nam phường Thử"
    assert report.subject.place == ward.name


def test_a_report_of_a_few_indicators_computes_only_their_parts(town):
    with CaptureQueriesContext(connection) as asked:
        report = build_report(
            scope=None, unit=town["province"], period=QUARTER, indicators=("concerns_raised",), today=TODAY
        )
    assert report.total("concerns_raised") == EXPECTED["concerns_raised"]
    sql = " ".join(query["sql"] for query in asked.captured_queries)
    # The concerns received in the periods are read (from the figures by half-month: the quarters
    # are whole half-months); not the overdue ones, nor the work log.
    assert "concernhalfmonth" in sql.lower()
    assert "overdue" not in sql.lower() and "workday" not in sql.lower()
    assert 'FROM "concerns_concern"' not in sql
