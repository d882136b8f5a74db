"""Sending a report up, the steps refused (reports/submissions.py): each with the message it gives,
keyed by the field of the form it concerns, and nothing saved."""

from __future__ import annotations

import datetime

import pytest

from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY
from reports import submissions
from reports.models import ReportSubmission, SubmissionStatus
from reports.periods import PeriodKind, containing
from tests.factories import ScopeFactory
from tests.helpers import unit
from tests.test_report_submissions_common import (
    LA_GI,
    NARRATIVE,
    PHUOC_HOI,
    compiled,
    past_month,
    phuoc_hoi_front,
    refusal,
    sent,
    signed,
    this_month,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Status = SubmissionStatus


def test_only_a_draft_changes_and_only_a_draft_is_signed_off(demo_user):
    ward = demo_user("cadre_ward")
    report = signed(ward, compiled(ward))
    for call in (
        lambda: submissions.save_narrative(actor=ward, submission=report, **NARRATIVE),
        lambda: submissions.refresh_figures(actor=ward, submission=report),
    ):
        assert refusal(call) == {"__all__": [str(submissions.ONLY_DRAFTS_CHANGE)]}
    again = lambda: submissions.sign_off(  # noqa: E731
        actor=ward, submission=report, number="1/BC-MTTQ", signer_name="A", signer_title="B"
    )
    assert refusal(again) == {"__all__": ["Only a draft can be signed off."]}


def test_only_a_leader_signs_off_and_the_signature_is_complete(demo_user):
    ward = demo_user("cadre_ward")
    draft = compiled(ward)
    colleague = ScopeFactory(unit=unit(PHUOC_HOI), access="write").user
    not_a_leader = lambda: submissions.sign_off(  # noqa: E731
        actor=colleague, submission=draft, number="1/BC-MTTQ", signer_name="A", signer_title="B"
    )
    assert refusal(not_a_leader) == {"__all__": [str(submissions.NOT_A_LEADER)]}
    incomplete = refusal(
        lambda: submissions.sign_off(
            actor=ward, submission=draft, number=" ", signer_name="", signer_title=""
        )
    )
    assert set(incomplete) == {"number", "signer_name", "signer_title"}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_report_is_sent_once_and_only_once_signed_off(demo_user):
    ward = demo_user("cadre_ward")
    draft = compiled(ward)
    assert refusal(lambda: submissions.submit(actor=ward, submission=draft)) == {
        "__all__": ["A leader must sign the report off before it is sent."]
    }
    report = submissions.submit(actor=ward, submission=signed(ward, draft))
    assert refusal(lambda: submissions.submit(actor=ward, submission=report)) == {
        "__all__": ["This report has already been sent."]
    }


def test_who_may_return_a_report(demo_user):
    ward, area, viewer = demo_user("cadre_ward"), demo_user("cadre_area"), demo_user("cadre_viewer")
    draft = compiled(ward, period=this_month())
    own_draft = lambda: submissions.return_for_correction(actor=area, submission=draft, comment="x")  # noqa: E731
    assert refusal(own_draft) == {"__all__": [str(submissions.ONLY_LEVEL_ABOVE)]}
    report = sent(ward)
    by_itself = lambda: submissions.return_for_correction(actor=ward, submission=report, comment="x")  # noqa: E731
    assert refusal(by_itself) == {"__all__": [str(submissions.ONLY_LEVEL_ABOVE)]}
    by_a_reader = lambda: submissions.return_for_correction(actor=viewer, submission=report, comment="x")  # noqa: E731
    assert refusal(by_a_reader) == {"__all__": [str(READ_ONLY)]}
    submissions.return_for_correction(actor=area, submission=report, comment="Sửa")
    twice = lambda: submissions.return_for_correction(actor=area, submission=report, comment="x")  # noqa: E731
    assert refusal(twice) == {"__all__": ["This report has already been returned."]}


def test_an_older_version_is_neither_returned_nor_given_a_new_version(demo_user):
    ward, area = demo_user("cadre_ward"), demo_user("cadre_area")
    first = sent(ward)
    second = submissions.new_version(actor=ward, submission=first, reason="Sửa")
    for call in (
        lambda: submissions.return_for_correction(actor=area, submission=first, comment="x"),
        lambda: submissions.new_version(actor=ward, submission=first, reason="Lần nữa"),
    ):
        assert refusal(call) == {"__all__": [str(submissions.LATER_VERSION)]}
    draft_again = lambda: submissions.new_version(actor=ward, submission=second, reason="x")  # noqa: E731
    assert refusal(draft_again) == {
        "__all__": ["A new version is made of a report that was sent or returned."]
    }


def test_a_report_is_compiled_once_for_a_period_that_began(demo_user):
    ward = demo_user("cadre_ward")
    compiled(ward)
    assert refusal(lambda: compiled(ward)) == {
        "__all__": ["The report of this period has already been compiled: open it from your reports."]
    }
    future = containing(PeriodKind.MONTH, this_month().end + datetime.timedelta(days=40))
    assert refusal(lambda: compiled(ward, period=future)) == {"period": ["This period has not begun yet."]}


def test_only_the_subjects_own_cadres_compile_its_report(demo_user):
    before = ReportSubmission.objects.count()
    by_level_above = refusal(lambda: compiled(demo_user("cadre_area"), PHUOC_HOI))
    assert by_level_above == {"__all__": [str(submissions.OWN_LEVEL_ONLY)]}
    another_ward = refusal(lambda: compiled(demo_user("cadre_ward"), LA_GI))
    assert another_ward == {"unit": [str(OUTSIDE_SCOPE)]}
    reader = refusal(lambda: compiled(demo_user("cadre_viewer"), "LD"))
    assert reader == {"__all__": [str(READ_ONLY)]}
    assert ReportSubmission.objects.count() == before  # nothing half-saved


def test_an_organizations_report_is_an_associations(demo_user):
    front = phuoc_hoi_front()
    messages = refusal(
        lambda: submissions.start_report(actor=demo_user("admin"), organization=front, period=past_month())
    )
    assert messages == {
        "organization": ["Reports are sent by a unit's Front committee or by an association or union."]
    }
    neither = refusal(lambda: submissions.start_report(actor=demo_user("admin"), period=past_month()))
    assert set(neither) == {"unit"}
