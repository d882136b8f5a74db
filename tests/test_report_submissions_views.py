"""Sending a report up, the pages (/cadre/reports/submissions/): the whole flow through the forms, the
page of a report sent that stays as it was sent, who reads what (another ward's draft is a 404, the
level above reads only what was sent), the overview of the level above with its late and returned
states, the link from the report page, and the number of queries of the list, a report's page and
the overview at 5 and at 50 reports or units.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from organizations.models import AdministrativeUnit, UnitKind
from reports import submissions
from reports.models import ReportSubmission, SubmissionStatus
from reports.periods import Period
from tests.factories import ActivityFactory, ScopeFactory, UnitFactory
from tests.helpers import assert_one_h1_and_title, unit
from tests.test_report_submissions_common import (
    LA_GI,
    NARRATIVE,
    PHUOC_HOI,
    compiled,
    demo_report,
    past_month,
    phuoc_hoi_front,
    row_values,
    sent,
    this_month,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = SubmissionStatus
LIST = reverse("reports:submission_list")
START = reverse("reports:submission_start")
OVERVIEW = reverse("reports:submission_overview")


def step_url(step: str, report: ReportSubmission) -> str:
    return reverse(f"reports:submission_{step}", args=[report.pk])


def period_data(period: Period) -> dict:
    return {"kind": "month", "year": period.end.year, "number": period.end.month}


def figures_html(html: str) -> str:
    """The part of a report's page that shows its figures."""
    return html[html.index('id="report-figures"') : html.index('id="submission-steps"')]


# --- the whole flow ---------------------------------------------------------------------------------


def test_a_ward_compiles_writes_signs_off_and_sends_its_report(login_as, demo_user):
    client = login_as("cadre_ward")
    period = past_month()
    response = client.post(START, {"unit": unit(PHUOC_HOI).pk} | period_data(period))
    report = ReportSubmission.objects.get(unit__code=PHUOC_HOI, period_end=period.end)
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()

    narrative = {f"narrative-{name}": text for name, text in NARRATIVE.items()}
    assert client.post(step_url("narrative", report), narrative).status_code == 302
    page = client.get(report.get_absolute_url()).content.decode()
    assert NARRATIVE["results"] in page and 'id="step-sign_off"' in page
    assert 'id="step-submit"' not in page  # not before a leader signs it off
    assert f'value="{demo_user("cadre_ward").person.full_name}"' in page  # the leader's name is offered

    sign = {
        "sign_off-number": "15/BC-MTTQ",
        "sign_off-signer_name": "Hoàng Thu Dung",
        "sign_off-signer_title": "Phó Chủ tịch",
    }
    assert client.post(step_url("sign_off", report), sign).status_code == 302
    assert client.post(step_url("submit", report), {}).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED

    html = client.get(report.get_absolute_url()).content.decode()
    assert_one_h1_and_title(html)
    assert 'href="/static/css/report-print.css"' in html
    assert "No.: 15/BC-MTTQ" in html and "Ủy ban MTTQ Việt Nam phường Phước Hội" in html
    assert "PHÓ CHỦ TỊCH" in html.upper() and "Hoàng Thu Dung" in html
    assert 'id="step-new_version"' in html and 'id="step-return"' not in html
    assert re.search(r'<h1 class="report-title">Report: ', html)


def test_the_start_form_offers_the_last_ended_month_and_the_cadres_own_units(login_as):
    response = login_as("cadre_ward").get(LIST)
    form = response.context["form"]
    last = this_month().previous()
    assert (form.initial["kind"], form.initial["year"], form.initial["number"]) == (
        "month",
        last.end.year,
        last.end.month,
    )
    assert [label.split(" – ")[0] for _pk, label in form.fields["unit"].choices][1:] == ["Phường Phước Hội"]
    assert "organization" not in form.fields
    women = login_as("cadre_women").get(START).context["form"]
    assert "unit" not in women.fields
    assert [label for _pk, label in women.fields["organization"].choices][1:] == [
        "Hội Liên hiệp Phụ nữ phường La Gi"
    ]
    area = login_as("cadre_area").get(START).context["form"]
    assert [label.split(" – ")[0] for _pk, label in area.fields["unit"].choices][1:] == ["Tỉnh Lâm Đồng"]


def test_the_report_page_links_to_compiling_its_report(login_as):
    client = login_as("cadre_ward")
    html = client.get(
        reverse("reports:report"), {"kind": "quarter", "year": "2026", "number": "2"}
    ).content.decode()
    link = re.search(r'id="report-compile" href="([^"]+)"', html)
    assert link, "the report page has no button to compile its report"
    response = client.get(link[1].replace("&amp;", "&"))
    initial = response.context["form"].initial
    assert (initial["kind"], str(initial["year"]), initial["number"], initial["unit"]) == (
        "quarter",
        "2026",
        2,
        unit(PHUOC_HOI).pk,
    )
    assert_one_h1_and_title(response.content.decode())


def test_mistakes_of_the_start_form_are_listed(login_as):
    client = login_as("cadre_ward")
    response = client.post(
        START, {"unit": unit(PHUOC_HOI).pk, "kind": "quarter", "year": "2026", "number": "7"}
    )
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    future = this_month().end + datetime.timedelta(days=40)
    response = client.post(
        START, {"unit": unit(PHUOC_HOI).pk, "kind": "month", "year": future.year, "number": future.month}
    )
    assert "This period has not begun yet." in response.content.decode()
    area = login_as("cadre_area").post(START, {"unit": unit(PHUOC_HOI).pk} | period_data(past_month()))
    assert area.status_code == 200 and str(submissions.OWN_LEVEL_ONLY) in area.content.decode()
    assert (
        login_as("cadre_ward").post(START, {"unit": unit(LA_GI).pk} | period_data(past_month())).status_code
        == 404
    )


# --- sent as it was ---------------------------------------------------------------------------------


def test_the_page_of_a_sent_report_does_not_change_when_its_records_do(login_as, demo_user):
    period = past_month()
    report = sent(demo_user("cadre_ward"), period=period)
    client = login_as("cadre_area")
    before = figures_html(client.get(report.get_absolute_url()).content.decode())
    live_url = reverse("reports:report")
    live_query = {"unit": unit(PHUOC_HOI).pk} | period_data(period)
    live_before = client.get(live_url, live_query).context["report"].total("activities")

    day = period.start + datetime.timedelta(days=2)
    ActivityFactory(unit=unit(PHUOC_HOI), date=day, organizations=[phuoc_hoi_front()])
    edited = ActivityFactory(unit=unit(PHUOC_HOI), date=day, organizations=[phuoc_hoi_front()])
    edited.summary = "Sửa sau khi gửi"
    edited.save()

    assert client.get(live_url, live_query).context["report"].total("activities") == live_before + 2
    after = figures_html(client.get(report.get_absolute_url()).content.decode())
    assert after == before
    assert re.search(
        rf'data-indicator="activities">.*?<td class="text-end text-nowrap">{live_before}</td>', after, re.S
    )


# --- who reads what ---------------------------------------------------------------------------------


def test_another_wards_draft_is_a_404_and_the_level_above_reads_only_what_was_sent(login_as, demo_user):
    la_gi_draft = compiled(demo_user("admin"), LA_GI, this_month())
    own_draft = compiled(demo_user("cadre_ward"), PHUOC_HOI, this_month())
    assert login_as("cadre_ward").get(la_gi_draft.get_absolute_url()).status_code == 404
    for name in ("cadre_area", "cadre_viewer", "cadre_women"):
        assert login_as(name).get(own_draft.get_absolute_url()).status_code == 404, name
    report = sent(demo_user("cadre_ward"))
    assert login_as("cadre_area").get(report.get_absolute_url()).status_code == 200
    assert (
        login_as("cadre_viewer").post(step_url("return", report), {"return-comment": "x"}).status_code == 403
    )
    assert login_as("cadre_ward").post(step_url("return", report), {"return-comment": "x"}).status_code == 403
    assert (
        login_as("cadre_area").post(step_url("new_version", report), {"new_version-reason": "x"}).status_code
        == 403
    )


def test_the_overview_shows_no_draft(login_as, demo_user):
    admin = demo_user("admin")
    draft = compiled(admin, LA_GI, this_month())
    submissions.save_narrative(
        actor=admin, submission=draft, results="SECRET-DRAFT nội dung nháp", shortcomings="", proposals=""
    )
    response = login_as("cadre_area").get(OVERVIEW, period_data(this_month()))
    html = response.content.decode()
    assert "SECRET-DRAFT" not in html and draft.get_absolute_url() not in html
    rows = {row.label: row for row, _form in response.context["lines"]}
    assert rows["Phường La Gi"].standing == "not_sent" and rows["Phường La Gi"].latest is None
    assert_one_h1_and_title(html)


def test_the_overview_shows_late_and_returned_reports_and_returns_one(login_as, demo_user):
    period = past_month()
    report = sent(demo_user("cadre_ward"), period=period)
    client = login_as("cadre_area")
    response = client.get(OVERVIEW, period_data(period))
    rows = {row.label: (row, form) for row, form in response.context["lines"]}
    assert rows["Phường Phước Hội"][0].standing == "sent_late"
    assert rows["Phường La Gi"][0].standing == "late" and rows["Phường La Gi"][1] is None
    html = response.content.decode()
    assert report.get_absolute_url() in html and step_url("return", report) in html
    assert html.count('name="form_key"') == 1  # one return form: the one report that can be returned
    returned = client.post(step_url("return", report), {"return-comment": "Đề nghị bổ sung phần kiến nghị."})
    assert returned.status_code == 302
    response = client.get(OVERVIEW, period_data(period))
    html = response.content.decode()
    assert "Returned for correction" in html and "Đề nghị bổ sung phần kiến nghị." in html
    page = login_as("cadre_ward").get(report.get_absolute_url()).content.decode()
    assert 'id="submission-returned"' in page and "Đề nghị bổ sung phần kiến nghị." in page


def test_the_demo_overview_of_the_month_before_last(login_as):
    returned = demo_report(PHUOC_HOI, Status.RETURNED)
    period = returned.period()
    rows = {
        row.label: row.standing
        for row, _form in login_as("cadre_area").get(OVERVIEW, period_data(period)).context["lines"]
    }
    assert rows == {"Phường La Gi": "sent_late", "Phường Phước Hội": "on_time", "Xã Tân Hải": "on_time"}


def test_a_refused_step_shows_the_reason_on_the_page(login_as, demo_user):
    draft = compiled(demo_user("cadre_ward"))
    response = login_as("cadre_ward").post(step_url("submit", draft), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and "A leader must sign the report off before it is sent." in html
    response = login_as("cadre_ward").post(step_url("sign_off", draft), {"sign_off-number": ""})
    assert response.status_code == 200 and 'id="step-sign_off" open' in response.content.decode()


def test_a_cadre_without_the_right_to_sign_off_is_told_who_does(client, demo_user):
    colleague = ScopeFactory(unit=unit(PHUOC_HOI), access="write").user
    draft = compiled(demo_user("cadre_ward"))
    client.force_login(colleague)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="step-sign_off"' not in html and 'id="submission-waiting"' in html


def test_a_new_version_keeps_the_history(login_as, demo_user):
    report = sent(demo_user("cadre_ward"))
    client = login_as("cadre_ward")
    response = client.post(step_url("new_version", report), {"new_version-reason": "Sửa số liệu hội viên"})
    second = ReportSubmission.objects.get(unit=report.unit, period_end=report.period_end, version=2)
    assert response["Location"] == second.get_absolute_url()
    html = client.get(second.get_absolute_url()).content.decode()
    assert "Sửa số liệu hội viên" in html and report.get_absolute_url() in html
    old = client.get(report.get_absolute_url()).content.decode()
    assert "Replaced by a later version" in old and 'id="step-new_version"' not in old


# --- queries ----------------------------------------------------------------------------------------


def _many_reports(count: int) -> None:
    """``count`` reports of Phường Phước Hội, one a month back from 2020."""
    start = datetime.date(2020, 1, 1)
    rows = []
    for index in range(count):
        period = Period.of_month(start.year + index // 12, index % 12 + 1)
        rows.append(
            ReportSubmission(
                unit=unit(PHUOC_HOI), period_start=period.start, period_end=period.end, **row_values()
            )
        )
    ReportSubmission.objects.bulk_create(rows)


@pytest.mark.parametrize("count", [5, 50])
def test_the_list_costs_the_same_at_5_and_50_reports(login_as, django_assert_num_queries, count):
    _many_reports(count)
    client = login_as("cadre_ward")
    client.get(LIST)  # the session's first request
    # session, user, the scope (its rows, the reach below them: 2), the start form's units (its
    # organizations: none to ask for), the count of the page, the page of reports (with their units
    # and whether a later version exists)
    with django_assert_num_queries(7):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_a_reports_page_costs_the_same_at_5_and_50_versions(
    login_as, demo_user, django_assert_num_queries, count
):
    first = sent(demo_user("cadre_ward"))
    ReportSubmission.objects.bulk_create(
        ReportSubmission(
            unit=first.unit,
            period_start=first.period_start,
            period_end=first.period_end,
            version=version,
            reason="Sửa",
            figures=first.figures,
            **row_values(),
        )
        for version in range(2, count + 1)
    )
    latest = ReportSubmission.objects.get(unit=first.unit, period_end=first.period_end, version=count)
    client = login_as("cadre_ward")
    client.get(LIST)
    # session, user, the scope's rows (1), the report (with its flags), the versions, the leader's
    # permissions (2: the user's and its groups')
    with django_assert_num_queries(7):
        assert client.get(latest.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_overview_costs_the_same_at_5_and_50_units(client, django_assert_num_queries, count):
    province = UnitFactory(kind=UnitKind.PROVINCE, name="Tỉnh Thử Tổng Hợp")
    wards = [UnitFactory(parent=province, name=f"Phường Thử {index}") for index in range(count)]
    period = past_month()
    ReportSubmission.objects.bulk_create(
        ReportSubmission(unit=ward, period_start=period.start, period_end=period.end, **row_values())
        for ward in wards[::2]
    )
    user = ScopeFactory(unit=province, access="write").user
    client.force_login(user)
    client.get(LIST)
    # session, user, the scope's rows (1), the units (2: the tree, the units expected), the reports
    # sent (no organization is expected of a province), which of them the user may return
    with django_assert_num_queries(7):
        response = client.get(OVERVIEW, period_data(period))
    assert len(response.context["lines"]) == count
    assert AdministrativeUnit.objects.filter(parent=province).count() == count
