"""Sending a report up, the services (reports/submissions.py): the whole flow, the figures frozen when
a report is sent, new versions with their reason, the late and returned states, every refused step
with its message, who sees drafts and who receives reports, the audit log and the demo's reports.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from reports import submissions
from reports.compute import CURRENT, build_report
from reports.indicators import INDICATORS
from reports.models import ReportSubmission, SubmissionStatus
from reports.submission_figures import FrozenReport
from reports.submission_overview import Standing, overview
from tests.factories import ActivityFactory, ConcernFactory, OrganizationFactory
from tests.helpers import unit
from tests.test_report_submissions_common import (
    LA_GI,
    NARRATIVE,
    PHUOC_HOI,
    TAN_HAI,
    compiled,
    demo_report,
    la_gi_womens_union_report,
    past_month,
    phuoc_hoi_front,
    refusal,
    sent,
    signed,
    this_month,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = SubmissionStatus


# --- the whole flow ---------------------------------------------------------------------------------


def test_a_report_is_compiled_written_signed_off_and_sent(demo_user):
    ward = demo_user("cadre_ward")
    period = past_month()
    draft = compiled(ward, period=period)
    assert (draft.status, draft.version, draft.unit.code) == (Status.DRAFT, 1, PHUOC_HOI)
    assert draft.period() == period
    assert draft.due_date == period.end + datetime.timedelta(days=5)
    assert draft.created_by == ward and draft.figures_computed_at is not None
    figures = FrozenReport(draft.figures)
    assert figures.subject["issuer"] == "Ủy ban MTTQ Việt Nam phường Phước Hội"
    assert figures.columns[CURRENT].endswith(f"({period.label})")

    submissions.save_narrative(actor=ward, submission=draft, **NARRATIVE)
    signed_off = submissions.sign_off(
        actor=ward,
        submission=draft,
        number=" 15/BC-MTTQ ",
        signer_name="Hoàng Thu Dung",
        signer_title="Phó Chủ tịch",
    )
    assert signed_off.status == Status.SIGNED_OFF
    assert (signed_off.number, signed_off.signed_by, signed_off.signed_on) == (
        "15/BC-MTTQ",
        ward,
        timezone.localdate(),
    )
    report = submissions.submit(actor=ward, submission=signed_off)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_by == ward
    assert report.submitted_at is not None and report.results == NARRATIVE["results"]
    assert report.sent_late()  # six months after its due date


def test_the_figures_kept_are_the_reports_own(demo_user):
    """Every indicator of the frozen figures is the live report's, decimals included."""
    ward = demo_user("cadre_ward")
    period = past_month()
    report = sent(ward, period=period)
    live = build_report(scope=None, period=period, unit=unit(PHUOC_HOI), today=timezone.localdate())
    frozen = FrozenReport(report.figures)
    for key in INDICATORS:
        for column in range(3):
            assert frozen.total(key, column) == live.total(key, column), (key, column)
    assert [row["label"] for row in report.figures["rows"]] == [row.label for row in live.rows]
    for row in live.rows:
        assert frozen.row_value(row.label, "activities") == row.value("activities")
    assert [table.key for table in frozen.tables()] == [section.value for section, _items in live.sections()]


# --- frozen once sent ------------------------------------------------------------------------------


def test_a_sent_report_does_not_change_when_a_record_of_its_period_is_edited(demo_user):
    ward = demo_user("cadre_ward")
    period = past_month()
    report = sent(ward, period=period)
    kept = dict(report.figures)
    before = build_report(scope=None, period=period, unit=unit(PHUOC_HOI))

    day = period.start + datetime.timedelta(days=3)
    ActivityFactory(unit=unit(PHUOC_HOI), date=day, organizations=[phuoc_hoi_front()])
    ConcernFactory(unit=unit(PHUOC_HOI), received_on=day)
    moved = ActivityFactory(unit=unit(PHUOC_HOI), date=day, organizations=[phuoc_hoi_front()])
    moved.summary = "Sửa sau khi gửi"
    moved.save()

    after = build_report(scope=None, period=period, unit=unit(PHUOC_HOI))
    assert after.total("activities") == before.total("activities") + 2
    assert after.total("concerns_raised") == before.total("concerns_raised") + 1
    report.refresh_from_db()
    assert report.figures == kept
    assert FrozenReport(report.figures).total("activities") == before.total("activities")
    messages = refusal(lambda: submissions.refresh_figures(actor=ward, submission=report))
    assert messages["__all__"] == [str(submissions.ONLY_DRAFTS_CHANGE)]


def test_a_draft_takes_the_figures_of_the_day_until_it_is_sent(demo_user):
    ward = demo_user("cadre_ward")
    period = past_month()
    draft = compiled(ward, period=period)
    first = FrozenReport(draft.figures).total("activities")
    ActivityFactory(unit=unit(PHUOC_HOI), date=period.start, organizations=[phuoc_hoi_front()])
    assert FrozenReport(draft.figures).total("activities") == first
    refreshed = submissions.refresh_figures(actor=ward, submission=draft)
    assert FrozenReport(refreshed.figures).total("activities") == first + 1
    # Sending computes them one last time.
    signed_off = signed(ward, refreshed)
    ActivityFactory(unit=unit(PHUOC_HOI), date=period.start, organizations=[phuoc_hoi_front()])
    report = submissions.submit(actor=ward, submission=signed_off)
    assert FrozenReport(report.figures).total("activities") == first + 2


# --- returned, and a new version -------------------------------------------------------------------


def test_the_level_above_returns_a_report_with_a_comment(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    report = sent(ward)
    messages = refusal(lambda: submissions.return_for_correction(actor=area, submission=report, comment="  "))
    assert messages == {"comment": ["Write what must be corrected."]}
    returned = submissions.return_for_correction(actor=area, submission=report, comment="Bổ sung số liệu")
    assert (returned.status, returned.return_comment, returned.returned_by) == (
        Status.RETURNED,
        "Bổ sung số liệu",
        area,
    )
    assert returned.returned_at is not None
    assert returned.figures == report.figures  # returning changes nothing of what was sent


def test_a_returned_report_gets_a_new_version_with_its_reason(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    first = sent(ward)
    submissions.return_for_correction(actor=area, submission=first, comment="Bổ sung số liệu")
    messages = refusal(lambda: submissions.new_version(actor=ward, submission=first, reason=""))
    assert messages == {"reason": ["Write why a new version is needed."]}
    second = submissions.new_version(actor=ward, submission=first, reason="Bổ sung theo yêu cầu")
    assert (second.version, second.status, second.reason) == (2, Status.DRAFT, "Bổ sung theo yêu cầu")
    assert (second.results, second.number, second.signed_by) == (NARRATIVE["results"], "", None)
    assert (second.period(), second.due_date, second.unit) == (first.period(), first.due_date, first.unit)
    first.refresh_from_db()
    assert first.status == Status.RETURNED  # every version is kept as it was
    sent_again = submissions.submit(actor=ward, submission=signed(ward, second))
    assert sent_again.status == Status.SUBMITTED and sent_again.version == 2


def test_a_sent_report_can_be_corrected_by_its_senders(demo_user):
    ward = demo_user("cadre_ward")
    first = sent(ward)
    second = submissions.new_version(actor=ward, submission=first, reason="Sửa số liệu hội viên")
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED
    latest = ReportSubmission.objects.with_later_version().filter(pk__in=[first.pk, second.pk])
    assert {row.version: row.has_later_version for row in latest} == {1: True, 2: False}


# --- on time, late, returned: the level above's overview --------------------------------------------


def test_late_states_of_a_period_whose_due_date_passed(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    period = past_month()
    sent(ward, period=period)  # today, long after its due date
    tan_hai = sent(demo_user("admin"), TAN_HAI, period)
    submissions.return_for_correction(actor=area, submission=tan_hai, comment="Thiếu phần kiến nghị")
    compiled(demo_user("admin"), LA_GI, period)  # a draft: not sent
    rows = {row.label: row for row in overview(area, period, timezone.localdate())}
    assert list(rows) == ["Phường La Gi", "Phường Phước Hội", "Xã Tân Hải"]
    assert rows["Phường Phước Hội"].standing == Standing.SENT_LATE
    assert rows["Phường La Gi"].standing == Standing.LATE
    assert rows["Phường La Gi"].latest is None
    assert rows["Xã Tân Hải"].standing == Standing.RETURNED
    assert rows["Xã Tân Hải"].latest.return_comment == "Thiếu phần kiến nghị"


def test_states_of_a_period_not_due_yet(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    period = this_month()
    sent(ward, period=period)
    compiled(demo_user("admin"), LA_GI, period)
    rows = {row.label: row.standing for row in overview(area, period, timezone.localdate())}
    assert rows == {
        "Phường Phước Hội": Standing.ON_TIME,
        "Phường La Gi": Standing.NOT_SENT,
        "Xã Tân Hải": Standing.NOT_SENT,
    }
    # The same period seen after its due date: La Gi's draft does not count as sent.
    later = submissions.due_date_of(period) + datetime.timedelta(days=1)
    rows = {row.label: row.standing for row in overview(area, period, later)}
    assert rows["Phường La Gi"] == Standing.LATE and rows["Phường Phước Hội"] == Standing.ON_TIME


def test_sent_on_time_is_judged_by_the_first_version(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    period = this_month()
    first = sent(ward, period=period)
    submissions.return_for_correction(actor=area, submission=first, comment="Sửa")
    second = submissions.new_version(actor=ward, submission=first, reason="Sửa theo yêu cầu")
    submissions.submit(actor=ward, submission=signed(ward, second))
    ReportSubmission.objects.filter(pk=second.pk).update(
        submitted_at=timezone.now() + datetime.timedelta(days=40)
    )
    row = next(row for row in overview(area, period, timezone.localdate()) if row.label == "Phường Phước Hội")
    assert row.standing == Standing.ON_TIME and row.latest.version == 2


def test_what_each_level_is_expected_to_receive(demo_user):
    period = this_month()
    ward_rows = [row.label for row in overview(demo_user("cadre_ward"), period, timezone.localdate())]
    assert "Hội Liên hiệp Phụ nữ phường Phước Hội" in ward_rows  # a ward gathers its associations
    assert not any(label.startswith("Phường") for label in ward_rows)
    women_rows = [row.label for row in overview(demo_user("cadre_women"), period, timezone.localdate())]
    assert women_rows and all(label.startswith("Chi hội") for label in women_rows)  # its branches
    assert overview(demo_user("board_member"), period, timezone.localdate()) == []


def test_the_due_date_follows_the_setting(settings, demo_user):
    settings.REPORT_DUE_DAYS = 10
    period = past_month()
    assert compiled(demo_user("cadre_ward"), period=period).due_date == period.end + datetime.timedelta(
        days=10
    )


# --- who sees what ----------------------------------------------------------------------------------


def test_drafts_stay_with_their_own_level_and_the_level_above_receives_what_was_sent(demo_user):
    ward, area, viewer, women = (
        demo_user(name) for name in ("cadre_ward", "cadre_area", "cadre_viewer", "cadre_women")
    )
    draft = compiled(ward, period=this_month())
    report = sent(ward)

    def seen(user, row):
        return ReportSubmission.objects.visible_to(user).filter(pk=row.pk).exists()

    assert seen(ward, draft) and seen(ward, report)
    assert not seen(area, draft) and seen(area, report)
    assert not seen(viewer, draft) and seen(viewer, report)
    assert not seen(women, draft) and not seen(women, report)
    received = ReportSubmission.objects.received_by(area)
    assert received.filter(pk=report.pk).exists() and not received.filter(pk=draft.pk).exists()
    assert not ReportSubmission.objects.received_by(ward).filter(pk=report.pk).exists()
    assert ReportSubmission.objects.received_by(viewer).filter(pk=report.pk).exists()
    assert not ReportSubmission.objects.received_by(viewer, write=True).exists()
    assert set(ReportSubmission.objects.own_level(area).values_list("unit__code", flat=True)) <= {"LD", None}


def test_an_associations_report_goes_to_its_ward_and_a_branchs_to_its_association(demo_user):
    women_draft = la_gi_womens_union_report(Status.DRAFT)
    women_sent = la_gi_womens_union_report(Status.SUBMITTED)
    women, area = demo_user("cadre_women"), demo_user("cadre_area")
    assert ReportSubmission.objects.editable_by(women).filter(pk=women_draft.pk).exists()
    assert not ReportSubmission.objects.visible_to(area).filter(pk=women_draft.pk).exists()
    assert ReportSubmission.objects.received_by(area).filter(pk=women_sent.pk).exists()
    branch = OrganizationFactory(parent=women_sent.organization, unit=unit("LD-PLAGI-KP01"))
    branch_report = ReportSubmission.objects.create(
        organization=branch,
        period_kind="month",
        period_start=past_month().start,
        period_end=past_month().end,
        due_date=past_month().end,
        status=Status.SUBMITTED,
    )
    assert ReportSubmission.objects.received_by(women).filter(pk=branch_report.pk).exists()


# --- the audit log and the demo ---------------------------------------------------------------------


def test_every_step_is_in_the_audit_log_with_its_actor(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    report = sent(ward)
    submissions.return_for_correction(actor=area, submission=report, comment="Sửa")
    second = submissions.new_version(actor=ward, submission=report, reason="Sửa theo yêu cầu")
    entries = list(LogEntry.objects.get_for_object(report).order_by("pk"))
    assert [entry.action for entry in entries] == [LogEntry.Action.CREATE] + [LogEntry.Action.UPDATE] * 4
    assert [entry.actor for entry in entries] == [ward, ward, ward, ward, area]
    statuses = [entry.changes_dict.get("status", [None, None])[1] for entry in entries]
    assert statuses[-3:] == ["signed_off", "submitted", "returned"]
    assert all("figures" not in entry.changes_dict for entry in entries)
    assert LogEntry.objects.get_for_object(second).get().actor == ward


def test_the_demo_sends_reports_on_time_late_and_again(demo_user):
    before = submissions.due_date_of(demo_report(PHUOC_HOI, Status.RETURNED).period())
    returned = demo_report(PHUOC_HOI, Status.RETURNED)
    again = ReportSubmission.objects.get(unit__code=PHUOC_HOI, period_end=returned.period_end, version=2)
    assert again.status == Status.SUBMITTED and again.reason and returned.return_comment
    assert returned.returned_by == demo_user("cadre_area")
    late = ReportSubmission.objects.get(unit__code=LA_GI, period_end=returned.period_end)
    assert late.sent_late() and late.submitted_at.date() > before
    assert demo_report(PHUOC_HOI, Status.DRAFT).period_end > returned.period_end
    assert demo_report(LA_GI, Status.SIGNED_OFF) is not None
    for username in ("cadre_ward", "cadre_women"):
        assert demo_user(username).has_perm("reports.sign_off_reportsubmission")
    assert not demo_user("cadre_area").has_perm("reports.sign_off_reportsubmission")


def test_the_leaders_name_and_title_are_offered(demo_user):
    ward = demo_user("cadre_ward")
    defaults = submissions.signer_defaults(ward, compiled(ward))
    assert defaults == {"signer_name": ward.person.full_name, "signer_title": "Vice-chair"}
