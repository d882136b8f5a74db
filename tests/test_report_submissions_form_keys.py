"""A form of sending a report up sent twice is taken once (core.idempotency): compiling a report, its
narrative, computing its figures again, the sign-off, sending it, returning it and a new version.
Posted again with its key, from the same browser or after the first answer was lost, each is
answered with the first result: one report, one audit entry."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from reports.models import ReportSubmission, SubmissionStatus
from tests.helpers import EITHER_REPEAT, assert_saved_once, unit
from tests.test_report_submissions_common import NARRATIVE, PHUOC_HOI, compiled, past_month, sent, signed

pytestmark = pytest.mark.django_db


def step_url(step: str, report: ReportSubmission) -> str:
    return reverse(f"reports:submission_{step}", args=[report.pk])


@EITHER_REPEAT
def test_a_report_compiled_twice_is_one_report(login_as, forget_cookie):
    period = past_month()
    data = {"unit": unit(PHUOC_HOI).pk, "kind": "month", "year": period.end.year, "number": period.end.month}
    assert_saved_once(
        login_as("cadre_ward"),
        reverse("reports:submission_start"),
        data,
        ReportSubmission.objects.filter(unit__code=PHUOC_HOI),
        forget_cookie=forget_cookie,
    )


SIGN_OFF = {
    "sign_off-number": "15/BC-MTTQ",
    "sign_off-signer_name": "Hoàng Thu Dung",
    "sign_off-signer_title": "Phó Chủ tịch",
}


@EITHER_REPEAT
@pytest.mark.parametrize(
    "step, data",
    [
        ("narrative", {f"narrative-{name}": text for name, text in NARRATIVE.items()}),
        ("refresh", {}),
        ("sign_off", SIGN_OFF),
    ],
)
def test_a_step_of_a_draft_sent_twice_is_taken_once(login_as, demo_user, step, data, forget_cookie):
    draft = compiled(demo_user("cadre_ward"))
    assert_saved_once(
        login_as("cadre_ward"),
        step_url(step, draft),
        data,
        LogEntry.objects.get_for_object(draft),
        forget_cookie=forget_cookie,
    )


@EITHER_REPEAT
def test_a_report_sent_twice_is_sent_once(login_as, demo_user, forget_cookie):
    ward = demo_user("cadre_ward")
    report = signed(ward, compiled(ward))
    assert_saved_once(
        login_as("cadre_ward"),
        step_url("submit", report),
        {},
        LogEntry.objects.get_for_object(report),
        forget_cookie=forget_cookie,
    )
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED


@EITHER_REPEAT
def test_a_report_returned_twice_is_returned_once(login_as, demo_user, forget_cookie):
    report = sent(demo_user("cadre_ward"))
    assert_saved_once(
        login_as("cadre_area"),
        step_url("return", report),
        {"return-comment": "Đề nghị bổ sung số liệu."},
        LogEntry.objects.get_for_object(report),
        forget_cookie=forget_cookie,
    )


@EITHER_REPEAT
def test_a_new_version_asked_twice_is_one_version(login_as, demo_user, forget_cookie):
    report = sent(demo_user("cadre_ward"))
    assert_saved_once(
        login_as("cadre_ward"),
        step_url("new_version", report),
        {"new_version-reason": "Sửa số liệu hội viên."},
        ReportSubmission.objects.filter(unit=report.unit, period_end=report.period_end),
        forget_cookie=forget_cookie,
    )
