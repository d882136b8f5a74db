"""What the tests of reports sent up share: the periods they use (clear of the demo's reports, which
are of the last three ended months), the demo's reports, and a report taken through its steps.

The demo units: Phường Phước Hội (``cadre_ward``'s, whose account may sign off), Phường La Gi and Xã
Tân Hải, below Tỉnh Lâm Đồng (``cadre_area``'s level, the level above them).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Organization, OrganizationKind
from reports import submissions
from reports.models import ReportSubmission, SubmissionStatus
from reports.periods import Period, PeriodKind, containing
from tests.helpers import unit

PHUOC_HOI, LA_GI, TAN_HAI = "LD-PPHUOCHOI", "LD-PLAGI", "LD-XTANHAI"
NARRATIVE = {
    "results": "SUB-RESULTS Kết quả đạt được trong tháng",
    "shortcomings": "SUB-SHORTCOMINGS Tồn tại, hạn chế",
    "proposals": "SUB-PROPOSALS Đề xuất, kiến nghị",
}


def this_month() -> Period:
    """The month of today: its report is not due yet."""
    return containing(PeriodKind.MONTH, timezone.localdate())


def months_ago(count: int) -> Period:
    """The month ``count`` months before this one (six months ago: due long ago, no demo report)."""
    period = this_month()
    for _step in range(count):
        period = period.previous()
    return period


def past_month() -> Period:
    return months_ago(6)


def the_day_after(period: Period) -> datetime.date:
    return period.end + datetime.timedelta(days=1)


def compiled(actor, code: str = PHUOC_HOI, period: Period | None = None) -> ReportSubmission:
    return submissions.start_report(actor=actor, unit=unit(code), period=period or past_month())


def signed(actor, submission: ReportSubmission) -> ReportSubmission:
    submissions.save_narrative(actor=actor, submission=submission, **NARRATIVE)
    return submissions.sign_off(
        actor=actor,
        submission=submission,
        number="15/BC-MTTQ",
        signer_name="Hoàng Thu Dung",
        signer_title="Phó Chủ tịch",
    )


def sent(actor, code: str = PHUOC_HOI, period: Period | None = None) -> ReportSubmission:
    """A report compiled, signed off and sent by ``actor`` (who may sign off)."""
    return submissions.submit(actor=actor, submission=signed(actor, compiled(actor, code, period)))


def demo_report(code: str, status: str, version: int | None = None) -> ReportSubmission:
    """A demo report of a unit (the latest one of that status, or of that version)."""
    reports = ReportSubmission.objects.filter(unit__code=code, status=status, is_demo=True)
    if version is not None:
        reports = reports.filter(version=version)
    return reports.order_by("-period_end", "-version").first()


def la_gi_womens_union_report(status: str) -> ReportSubmission:
    return ReportSubmission.objects.filter(
        organization__unit__code=LA_GI,
        organization__kind=OrganizationKind.WOMENS_UNION,
        status=status,
        is_demo=True,
    ).first()


def phuoc_hoi_front() -> Organization:
    return Organization.objects.get(unit__code=PHUOC_HOI, kind=OrganizationKind.FRONT_COMMITTEE)


def row_values(**fields) -> dict:
    """The fields of a report made directly in the database (for the counts of queries)."""
    return {
        "period_kind": PeriodKind.MONTH,
        "due_date": datetime.date(2026, 1, 5),
        "status": SubmissionStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        "number": "1/BC-MTTQ",
    } | fields


def refusal(call) -> dict[str, list[str]]:
    """The messages of the ValidationError ``call`` raises, by field."""
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict
