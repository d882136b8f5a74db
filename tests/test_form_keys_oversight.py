"""A form sent twice saves once (core.idempotency), on the oversight screens: each form that records
a supervision, an inspection, a project, a monitoring session, a board's member, work plan or
report, or a recommendation, and each step of a recommendation's lifecycle and a session's
publication, posted again with its key is answered with the first result and recorded once."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from organizations.models import Authority, AuthorityKind, Organization, OrganizationKind
from oversight.models import (
    BoardMember,
    Inspection,
    InspectionReport,
    InspectionWorkPlan,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
)
from tests.helpers import (
    EITHER_REPEAT,
    CreateForm,
    assert_saved_once,
    either_repeat_of_each,
)
from tests.matrix_oversight import (
    PH,
    oversight_demo,  # noqa: F401
    ph_inspection,
    ph_inspection_board,
    ph_project,
    ph_session,
    ph_supervision,
)
from tests.test_form_keys import step_data
from tests.test_oversight_views_sessions import _session_data

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def supervision_data() -> dict:
    front = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code=PH)
    return {
        "kind": "supervision",
        "form": "team",
        "organization": front.pk,
        "subject": "KEY-SUPERVISION chi trả trợ cấp xã hội",
        "content": "Giám sát việc chi trả trợ cấp tháng 11.",
        "start": TODAY.isoformat(),
    }


def inspection_data() -> dict:
    return {
        "board": ph_inspection_board().pk,
        "trigger": "petition",
        "petition_reference": "Đơn số 7/2026",
        "subject": "KEY-INSPECTION lấn chiếm hẻm 12",
        "start": TODAY.isoformat(),
        "findings": "Có 2 hộ lấn chiếm.",
        "violations_found": "2",
        "money_recovered_vnd": "0",
        "land_recovered_m2": "12.5",
    }


def project_data() -> dict:
    project = ph_project()
    return {
        "name": "KEY-PROJECT lát gạch vỉa hè khu phố 2",
        "investor": "UBND phường Phước Hội",
        "funding_source": "local_budget",
        "total_investment_vnd": "450000000",
        "unit": project.residential_area.parent_id,
        "residential_area": project.residential_area_id,
        "planned_start": "2027-01-01",
        "planned_end": "2027-03-31",
        "stage": "preparation",
        "progress": "0",
        "board": project.board_id,
    }


def member_data() -> dict:
    return {
        "new_full_name": "KEY-MEMBER Nguyễn Thị Thử",
        "title": "member",
        "start": "2026-10-01",
        "residential_area": ph_project().residential_area_id,
        "decision_number": "45/QĐ-UBND",
        "decision_date": "2026-09-25",
    }


def report_data() -> dict:
    # A quarter long past, which no report of the demo covers (one report per board and period).
    return {
        "period": "quarter",
        "year": "2001",
        "number": "4",
        "text": "KEY-REPORT báo cáo quý IV.",
        "inspections_count": "1",
        "violations_found": "0",
        "recommendations_count": "0",
        "money_recovered_vnd": "0",
        "land_recovered_m2": "0",
    }


def ph_committee() -> int:
    return Authority.objects.current().get(unit__code=PH, kind=AuthorityKind.PEOPLES_COMMITTEE).pk


def recommendation_data() -> dict:
    return {
        "content": "KEY-RECOMMENDATION đề nghị tháo dỡ phần lấn chiếm.",
        "authority": ph_committee(),
    }


def sent_recommendation() -> Recommendation:
    """A recommendation of Phường Phước Hội that was sent: cadre_ward may plan its re-supervision."""
    return Recommendation.objects.filter(status="sent", unit__code=PH).order_by("pk").first()


CREATE_FORMS = [
    CreateForm("cadre_ward", "oversight:supervision_create", supervision_data, Supervision),
    CreateForm(
        "cadre_ward",
        "oversight:recommendation_resupervise",
        supervision_data,
        Supervision,
        sent_recommendation,
    ),
    CreateForm("cadre_ward", "oversight:inspection_create", inspection_data, Inspection),
    CreateForm("cadre_ward", "oversight:project_create", project_data, Project),
    CreateForm("board_member", "oversight:session_create", _session_data, MonitoringSession, ph_project),
    CreateForm("cadre_ward", "oversight:member_create", member_data, BoardMember, ph_inspection_board),
    CreateForm(
        "cadre_ward",
        "oversight:plan_create",
        lambda: {"year": "2001", "content": "KEY-PLAN kế hoạch kiểm tra."},
        InspectionWorkPlan,
        ph_inspection_board,
    ),
    CreateForm(
        "cadre_ward",
        "oversight:report_create",
        report_data,
        InspectionReport,
        ph_inspection_board,
    ),
    *[
        CreateForm("cadre_ward", f"oversight:{origin}_recommend", recommendation_data, Recommendation, source)
        for origin, source in (
            ("supervision", ph_supervision),
            ("inspection", ph_inspection),
            ("session", ph_session),
        )
    ],
]


@pytest.mark.parametrize("form, forget_cookie", either_repeat_of_each(CREATE_FORMS))
def test_each_oversight_form_sent_twice_records_once(login_as, form, forget_cookie):
    form.assert_saved_once(login_as, forget_cookie=forget_cookie)


# --- steps: one audit entry each ----------------------------------------------------------------


STEPS = {
    "send": {
        "authority": ph_committee,
        "sent_on": TODAY,
        "due_date": TODAY + 10 * DAY,
        "document_number": "7/KN-BGS",
    },
    "reply": {"reply_on": TODAY, "reply_text": "Đã nạo vét.", "outcome": "accepted"},
    "implementation": {"implementation": "implemented", "checked_on": TODAY, "note": ""},
    "close": {"closed_on": TODAY, "note": ""},
}


@EITHER_REPEAT  # a step is taken once
def test_each_step_of_a_recommendation_sent_twice_is_taken_once(login_as, forget_cookie):
    draft = (
        Recommendation.objects.filter(status="draft", session__project=ph_project()).order_by("pk").first()
    )
    client = login_as("board_member")
    for name, values in STEPS.items():
        values = {key: value() if callable(value) else value for key, value in values.items()}
        assert_saved_once(
            client,
            reverse(f"oversight:recommendation_{name}", args=[draft.pk]),
            step_data(name, values),
            LogEntry.objects.get_for_object(draft),
            forget_cookie=forget_cookie,
        )
    draft.refresh_from_db()
    assert (draft.status, draft.implementation) == ("closed", "implemented")


def test_a_session_published_twice_is_published_once(login_as):
    session = (
        MonitoringSession.objects.filter(project=ph_project(), is_published=False).order_by("pk").first()
    )
    assert_saved_once(
        login_as("board_member"),
        reverse("oversight:session_publish", args=[session.pk]),
        {"publish": "1"},
        LogEntry.objects.get_for_object(session),
        forget_cookie=True,
    )
    session.refresh_from_db()
    assert (session.is_published, session.published_on) == (True, TODAY)
