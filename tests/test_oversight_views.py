"""The cadre screens: scope (a board member sees only their board; another unit's board is a 404;
read-only 403 on writes), the board member's session journey, lifecycle steps, the inbox, and
the link from a concern to the recommendations that took it up."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from concerns.models import Concern
from core.search import normalize
from organizations.models import Organization, OrganizationKind, Position
from oversight.models import (
    BoardMember,
    Inspection,
    InspectionReport,
    MonitoringFinding,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
)
from tests.matrix_oversight import (  # noqa: F401
    oversight_demo,
    ph_board,
    ph_inspection,
    ph_inspection_board,
    ph_project,
    ph_recommendation,
    ph_session,
)

pytestmark = pytest.mark.django_db


def lagi_project() -> Project:
    return Project.objects.filter(unit__code="LD-PLAGI").order_by("pk").first()


# --- what a board member sees -----------------------------------------------------------


def test_a_board_member_sees_only_their_board_s_work(demo_user):
    member, board = demo_user("board_member"), ph_board()

    assert set(Project.objects.visible_to(member).values_list("board_id", flat=True)) == {board.pk}
    assert set(MonitoringSession.objects.visible_to(member).values_list("board_id", flat=True)) == {board.pk}
    assert set(Recommendation.objects.visible_to(member).values_list("organization_id", flat=True)) == {
        board.pk
    }
    assert not Inspection.objects.visible_to(member).exists()
    assert not Supervision.objects.visible_to(member).exists()
    assert list(Organization.objects.visible_to(member)) == [board]


def test_a_board_member_records_sessions_but_does_not_keep_the_register(demo_user):
    member, board = demo_user("board_member"), ph_board()

    assert not Project.objects.editable_by(member).exists()
    assert set(MonitoringSession.objects.editable_by(member).values_list("board_id", flat=True)) == {board.pk}
    assert (
        Recommendation.objects.editable_by(member).count()
        == Recommendation.objects.filter(organization=board).count()
    )


@pytest.mark.parametrize(
    "url_name", ["oversight:project_list", "oversight:recommendation_inbox", "oversight:board_list"]
)
def test_the_board_member_s_lists_show_only_their_board(login_as, url_name):
    board = ph_board()

    page = login_as("board_member").get(reverse(url_name)).context["page"]

    assert len(page.object_list) > 0
    for obj in page.object_list:
        owner = getattr(obj, "board_id", None) or getattr(obj, "organization_id", None) or obj.pk
        assert owner == board.pk


@pytest.mark.parametrize("username", ["board_member", "cadre_ward"])
def test_another_unit_s_board_and_its_work_are_a_404(login_as, username):
    project = lagi_project()
    session = project.sessions.order_by("pk").first()
    recommendation = Recommendation.objects.filter(session__project=project).order_by("pk").first()
    urls = [
        reverse("oversight:board_detail", args=[project.board_id]),
        reverse("oversight:project_detail", args=[project.pk]),
        reverse("oversight:session_create", args=[project.pk]),
        reverse("oversight:session_detail", args=[session.pk]),
        reverse("oversight:recommendation_detail", args=[recommendation.pk]),
        reverse("oversight:recommendation_reply", args=[recommendation.pk]),
    ]
    client = login_as(username)

    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_board_member_opens_their_project_but_not_its_edit_page(login_as):
    client = login_as("board_member")
    project = ph_project()

    response = client.get(reverse("oversight:project_detail", args=[project.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("oversight:session_create", args=[project.pk]) in html
    assert reverse("oversight:project_edit", args=[project.pk]) not in html
    assert client.get(reverse("oversight:project_edit", args=[project.pk])).status_code == 403


def test_a_read_only_cadre_gets_403_on_writes_and_changes_nothing(login_as):
    client = login_as("cadre_viewer")
    project, session, recommendation = ph_project(), ph_session(), ph_recommendation()
    before = (MonitoringSession.objects.count(), session.is_published, recommendation.status)

    assert client.get(reverse("oversight:session_create", args=[project.pk])).status_code == 403
    assert client.post(reverse("oversight:session_create", args=[project.pk]), {}).status_code == 403
    assert (
        client.post(reverse("oversight:session_publish", args=[session.pk]), {"publish": "0"}).status_code
        == 403
    )
    reply = {"reply-reply_on": "2026-04-01", "reply-reply_text": "x", "reply-outcome": "accepted"}
    assert (
        client.post(reverse("oversight:recommendation_reply", args=[recommendation.pk]), reply).status_code
        == 403
    )

    session.refresh_from_db()
    recommendation.refresh_from_db()
    assert (MonitoringSession.objects.count(), session.is_published, recommendation.status) == before


# --- the board member's journey: a session with a finding and a recommendation ---------


def _session_data(**overrides) -> dict:
    data = {
        "held_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "stage": "construction",
        "aspects": ["quality", "environment"],
        "summary": "Kiểm tra đoạn kè phía nam.",
        "internal_notes": "",
        "savings_vnd": "0",
        "findings-TOTAL_FORMS": "2",
        "findings-INITIAL_FORMS": "0",
        "findings-MIN_NUM_FORMS": "0",
        "findings-MAX_NUM_FORMS": "1000",
        "findings-0-aspect": "quality",
        "findings-0-text": "Mạch vữa đá hộc đoạn phía nam bị rỗng.",
        "findings-0-is_public": "on",
        "findings-1-aspect": "",
        "findings-1-text": "",
        "recommendation-content": "Đề nghị nhà thầu trát lại mạch vữa đoạn phía nam.",
        "recommendation-addressee": "Ban Quản lý dự án đầu tư xây dựng khu vực La Gi",
        "recommendation-sent_on": timezone.localdate().isoformat(),
        "recommendation-due_date": (timezone.localdate() + datetime.timedelta(days=15)).isoformat(),
        "recommendation-document_number": "",
        "recommendation-concern": "",
    }
    data.update(overrides)
    return data


def test_the_board_member_records_a_session_with_a_finding_and_a_recommendation(login_as, demo_user):
    client = login_as("board_member")
    member, project = demo_user("board_member"), ph_project()

    response = client.post(
        reverse("oversight:session_create", args=[project.pk]), _session_data(is_published="on")
    )

    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert (session.board, session.created_by, session.is_published) == (project.board, member, True)
    assert session.published_on == timezone.localdate()
    assert list(session.findings.values_list("text", flat=True)) == ["Mạch vữa đá hộc đoạn phía nam bị rỗng."]
    recommendation = session.recommendations.get()
    assert (recommendation.status, recommendation.organization) == ("sent", project.board)
    assert LogEntry.objects.get_for_object(session).get().actor == member
    assert LogEntry.objects.get_for_object(recommendation).get().actor == member


def test_a_board_member_is_not_offered_residents_concerns(login_as):
    html = (
        login_as("board_member")
        .get(reverse("oversight:session_create", args=[ph_project().pk]))
        .content.decode()
    )

    assert 'name="recommendation-content"' in html
    assert 'name="recommendation-concern"' not in html


def test_a_ward_cadre_links_a_concern_of_the_hot_spot_by_its_tracking_code(login_as):
    project = ph_project()
    concern = Concern.objects.filter(recommendations__session__project=project).first()

    response = login_as("cadre_ward").post(
        reverse("oversight:session_create", args=[project.pk]),
        _session_data(**{"recommendation-concern": f" {concern.tracking_code.lower()} "}),
    )

    assert response.status_code == 302
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert session.recommendations.get().concern == concern


def test_a_session_without_a_recommendation_makes_none(login_as):
    project = ph_project()
    data = _session_data(
        **{f"recommendation-{name}": "" for name in ("content", "addressee", "sent_on", "due_date")}
    )

    response = login_as("board_member").post(reverse("oversight:session_create", args=[project.pk]), data)

    assert response.status_code == 302
    session = MonitoringSession.objects.filter(project=project).order_by("-pk").first()
    assert not session.recommendations.exists()
    assert not session.is_published


def test_session_errors_are_shown_next_to_their_fields_and_nothing_is_saved(login_as):
    project = ph_project()
    before = (
        MonitoringSession.objects.count(),
        MonitoringFinding.objects.count(),
        Recommendation.objects.count(),
    )
    data = _session_data(
        savings_vnd="-5",
        aspects=[],
        **{"recommendation-due_date": "2020-01-01"},
    )

    with translation.override("en"):
        response = login_as("board_member").post(
            reverse("oversight:session_create", args=[project.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick at least one aspect that was checked." in html or "This field is required." in html
    assert "The reply cannot be due before the recommendation was sent." in html
    after = (
        MonitoringSession.objects.count(),
        MonitoringFinding.objects.count(),
        Recommendation.objects.count(),
    )
    assert after == before


def test_an_unknown_concern_code_is_a_field_error(login_as):
    project = ph_project()
    lagi_concern = Concern.objects.filter(unit__code="LD-PLAGI").first()

    with translation.override("en"):
        response = login_as("cadre_ward").post(
            reverse("oversight:session_create", args=[project.pk]),
            _session_data(**{"recommendation-concern": lagi_concern.tracking_code}),
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 200
    assert "No concern you may see has this tracking code." in response.content.decode()


def test_the_session_edit_changes_and_removes_findings(login_as):
    session = ph_session()
    findings = list(session.findings.order_by("pk"))
    data = _session_data(
        held_on=session.held_on.isoformat(),
        aspects=session.aspects,
        **{
            "findings-TOTAL_FORMS": str(len(findings) + 1),
            "findings-INITIAL_FORMS": str(len(findings)),
        },
    )
    for index, finding in enumerate(findings):
        data.update(
            {
                f"findings-{index}-id": str(finding.pk),
                f"findings-{index}-aspect": finding.aspect,
                f"findings-{index}-text": finding.text,
                f"findings-{index}-is_public": "on" if finding.is_public else "",
            }
        )
    data[f"findings-{0}-text"] = "Đã sửa nội dung phát hiện."
    data[f"findings-{len(findings) - 1}-DELETE"] = "on"
    data.update(
        {f"findings-{len(findings)}-aspect": "progress", f"findings-{len(findings)}-text": "Mới thêm."}
    )

    response = login_as("board_member").post(reverse("oversight:session_edit", args=[session.pk]), data)

    assert response.status_code == 302
    texts = list(session.findings.order_by("pk").values_list("text", flat=True))
    assert texts[0] == "Đã sửa nội dung phát hiện."
    assert texts[-1] == "Mới thêm."
    assert findings[-1].text not in texts
    assert len(texts) == len(findings)


def test_publishing_a_session_shows_it_on_the_public_page(
    login_as, client, django_capture_on_commit_callbacks
):
    session = MonitoringSession.objects.filter(project=ph_project(), is_published=False).first()
    finding = session.findings.first()
    public_url = reverse("oversight_public:project_detail", args=[session.project_id])
    assert finding.text not in client.get(public_url).content.decode()

    cadre = login_as("board_member")
    with django_capture_on_commit_callbacks(execute=True):
        response = cadre.post(reverse("oversight:session_publish", args=[session.pk]), {"publish": "1"})
    assert response.status_code == 302
    cadre.logout()

    assert finding.text in client.get(public_url).content.decode()
    session.refresh_from_db()
    assert session.published_on == timezone.localdate()


# --- lifecycle steps on the pages -------------------------------------------------------


def test_a_ward_cadre_records_a_reply(login_as):
    recommendation = Recommendation.objects.filter(status="sent", unit__code="LD-PPHUOCHOI").first()
    data = {
        "reply-reply_on": timezone.localdate().isoformat(),
        "reply-reply_text": "Đã nạo vét.",
        "reply-outcome": "accepted",
    }

    response = login_as("cadre_ward").post(
        reverse("oversight:recommendation_reply", args=[recommendation.pk]), data
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.reply_text) == ("replied", "Đã nạo vét.")


def test_a_step_that_is_not_allowed_says_why(login_as):
    draft = Recommendation.objects.filter(status="draft", session__project=ph_project()).first()

    with translation.override("en"):
        response = login_as("board_member").get(
            reverse("oversight:recommendation_close", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert "A recommendation is closed only after the authority has replied." in response.content.decode()


def test_a_draft_is_sent_from_its_page(login_as):
    draft = Recommendation.objects.filter(status="draft", session__project=ph_project()).first()
    today = timezone.localdate()
    data = {
        "send-addressee": "Ban Quản lý dự án",
        "send-sent_on": today.isoformat(),
        "send-due_date": (today + datetime.timedelta(days=10)).isoformat(),
        "send-document_number": "7/KN-BGS",
    }
    client = login_as("board_member")
    assert 'name="send-due_date"' in client.get(draft.get_absolute_url()).content.decode()

    response = client.post(reverse("oversight:recommendation_send", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.document_number) == ("sent", "7/KN-BGS")


# --- the inbox --------------------------------------------------------------------------


def test_the_inbox_shows_overdue_recommendations_first(login_as):
    page = login_as("cadre_area").get(reverse("oversight:recommendation_inbox")).context["page"]
    flags = [recommendation.is_overdue for recommendation in page.object_list]

    assert flags[0] is True
    assert flags == sorted(flags, reverse=True)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ({"overdue": "on"}, lambda r: r.is_overdue_on()),
        ({"status": "replied"}, lambda r: r.status == "replied"),
        ({"origin": "inspection"}, lambda r: r.inspection_id is not None),
        ({"implementation": "implemented"}, lambda r: r.implementation == "implemented"),
        # Diacritics and case are ignored: "mương" also finds "Mường" (tests/test_folding.py).
        ({"q": "mương"}, lambda r: "muong" in normalize(f"{r.content} {r.addressee} {r.document_number}")),
    ],
)
def test_the_inbox_filters(login_as, query, check):
    page = login_as("cadre_area").get(reverse("oversight:recommendation_inbox"), query).context["page"]

    assert page.paginator.count > 0
    assert all(check(recommendation) for recommendation in page.object_list)


def test_a_unit_filter_outside_the_scope_shows_nothing(login_as):
    lagi = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PLAGI").unit

    page = (
        login_as("cadre_ward")
        .get(reverse("oversight:recommendation_inbox"), {"unit": lagi.pk})
        .context["page"]
    )

    assert page.paginator.count == 0


# --- a concern and the recommendations that took it up ----------------------------------


def test_the_concern_page_links_to_the_recommendation_that_took_it_up(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()

    html = (
        login_as("cadre_ward")
        .get(reverse("concerns:detail", args=[recommendation.concern_id]))
        .content.decode()
    )

    assert reverse("oversight:recommendation_detail", args=[recommendation.pk]) in html


def test_the_recommendation_page_links_back_to_the_concern(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()

    html = login_as("cadre_ward").get(recommendation.get_absolute_url()).content.decode()

    assert reverse("concerns:detail", args=[recommendation.concern_id]) in html
    assert recommendation.concern.tracking_code in html


def test_an_inspection_started_from_a_concern_links_to_it(login_as):
    inspection = (
        Inspection.objects.filter(concern__isnull=False, board__unit__code="LD-PPHUOCHOI").first()
        or ph_inspection()
    )

    html = login_as("cadre_ward").get(inspection.get_absolute_url()).content.decode()

    if inspection.concern_id:
        assert reverse("concerns:detail", args=[inspection.concern_id]) in html
    assert inspection.subject in html


def test_staff_reads_oversight_records_in_the_admin_but_cannot_change_them(login_as):
    from django.contrib import admin

    client = login_as("admin")
    models = [model for model in admin.site._registry if model._meta.app_label == "oversight"]
    assert len(models) == 9
    for model in models:
        name = model._meta.model_name
        assert client.get(reverse(f"admin:oversight_{name}_changelist")).status_code == 200, name
        obj = model.objects.first()
        change_url = reverse(f"admin:oversight_{name}_change", args=[obj.pk])
        assert client.get(change_url).status_code == 200, name
        assert client.post(change_url, {}).status_code == 403, name


# --- the other cadre forms save through their services ----------------------------------


def test_a_ward_cadre_plans_a_supervision_with_participants(login_as, demo_user):
    front = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PPHUOCHOI")
    women = Organization.objects.get(kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PPHUOCHOI")
    data = {
        "kind": "supervision",
        "form": "team",
        "organization": front.pk,
        "subject": "Việc chi trả trợ cấp xã hội",
        "content": "Giám sát việc chi trả trợ cấp tháng 11.",
        "participants": [women.pk],
        "start": timezone.localdate().isoformat(),
    }

    response = login_as("cadre_ward").post(reverse("oversight:supervision_create"), data)

    supervision = Supervision.objects.get(subject="Việc chi trả trợ cấp xã hội")
    assert response["Location"] == supervision.get_absolute_url()
    assert (supervision.unit, list(supervision.participants.all())) == (front.unit, [women])
    assert LogEntry.objects.get_for_object(supervision).first().actor == demo_user("cadre_ward")


def test_a_ward_cadre_records_an_inspection_and_its_recommendation(login_as):
    board = Organization.objects.get(kind=OrganizationKind.INSPECTION_BOARD, unit__code="LD-PPHUOCHOI")
    client = login_as("cadre_ward")
    data = {
        "board": board.pk,
        "trigger": "petition",
        "petition_reference": "Đơn số 7/2026",
        "subject": "Việc lấn chiếm hẻm 12",
        "start": timezone.localdate().isoformat(),
        "findings": "Có 2 hộ lấn chiếm.",
        "violations_found": "2",
        "money_recovered_vnd": "0",
        "land_recovered_m2": "12.5",
    }

    response = client.post(reverse("oversight:inspection_create"), data)

    inspection = Inspection.objects.get(subject="Việc lấn chiếm hẻm 12")
    assert response["Location"] == inspection.get_absolute_url()
    assert str(inspection.land_recovered_m2) == "12.5"
    response = client.post(
        reverse("oversight:inspection_recommend", args=[inspection.pk]),
        {"content": "Đề nghị buộc tháo dỡ phần lấn chiếm.", "addressee": "UBND phường Phước Hội"},
    )
    recommendation = inspection.recommendations.get()
    assert response["Location"] == recommendation.get_absolute_url()
    assert (recommendation.status, recommendation.organization) == ("draft", board)


def test_a_ward_cadre_registers_a_project(login_as):
    board = ph_board()
    area = ph_project().residential_area
    data = {
        "name": "Lát gạch vỉa hè khu phố 2",
        "investor": "UBND phường Phước Hội",
        "funding_source": "local_budget",
        "total_investment_vnd": "450000000",
        "unit": area.parent_id,
        "residential_area": area.pk,
        "planned_start": "2027-01-01",
        "planned_end": "2027-03-31",
        "stage": "preparation",
        "progress": "0",
        "board": board.pk,
    }

    response = login_as("cadre_ward").post(reverse("oversight:project_create"), data)

    project = Project.objects.get(name="Lát gạch vỉa hè khu phố 2")
    assert response["Location"] == project.get_absolute_url()
    assert project.board == board


def test_a_ward_cadre_adds_a_board_member_with_the_area_represented(login_as):
    board = ph_inspection_board()
    area = ph_project().residential_area
    data = {
        "new_full_name": "Nguyễn Thị Thử",
        "title": "member",
        "start": "2026-10-01",
        "residential_area": area.pk,
        "decision_number": "45/QĐ-UBND",
        "decision_date": "2026-09-25",
    }

    response = login_as("cadre_ward").post(reverse("oversight:member_create", args=[board.pk]), data)

    assert response.status_code == 302
    member = BoardMember.objects.get(position__person__full_name="Nguyễn Thị Thử")
    assert (member.position.organization, member.residential_area, member.decision_number) == (
        board,
        area,
        "45/QĐ-UBND",
    )


def test_a_board_cannot_be_marked_constituted_with_too_few_members_on_its_page(login_as):
    board = ph_board()
    Position.objects.filter(organization=board).exclude(title="head").update(end=datetime.date(2025, 12, 31))
    data = {
        "decision_number": "9/QĐ-MTTQ",
        "decision_date": "2025-10-05",
        "decided_by": "",
        "is_constituted": "on",
    }

    with translation.override("en"):
        response = login_as("cadre_ward").post(
            reverse("oversight:board_edit", args=[board.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    assert "fewer than 5 resident members" in response.content.decode()


def test_a_ward_cadre_publishes_a_board_report(login_as, client, django_capture_on_commit_callbacks):
    board = ph_inspection_board()
    data = {
        "period": "quarter",
        "year": "2026",
        "number": "4",
        "text": "Báo cáo quý IV thử nghiệm.",
        "inspections_count": "1",
        "violations_found": "0",
        "recommendations_count": "0",
        "money_recovered_vnd": "0",
        "land_recovered_m2": "0",
        "is_published": "on",
    }
    InspectionReport.objects.filter(board=board, period="quarter", year=2026, number=4).delete()

    with django_capture_on_commit_callbacks(execute=True):
        response = login_as("cadre_ward").post(reverse("oversight:report_create", args=[board.pk]), data)

    assert response.status_code == 302
    assert InspectionReport.objects.get(board=board, period="quarter", year=2026, number=4).published_on
    client.logout()
    html = client.get(reverse("oversight_public:board_detail", args=[board.pk])).content.decode()
    assert "Báo cáo quý IV thử nghiệm." in html


def test_the_report_form_is_prefilled_with_the_quarter_s_figures(login_as):
    board = ph_inspection_board()

    form = login_as("cadre_ward").get(reverse("oversight:report_create", args=[board.pk])).context["form"]

    assert form.initial["period"] == "quarter"
    assert form.initial["year"] == timezone.localdate().year
    assert "inspections_count" in form.initial


def test_a_board_member_never_sees_the_tracking_code_of_a_resident_s_concern(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()
    client = login_as("board_member")

    for url in (reverse("oversight:recommendation_inbox"), recommendation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert recommendation.content[:40] in html
        assert recommendation.concern.tracking_code not in html


def test_editing_a_session_to_publish_it_dates_the_publication(login_as):
    session = MonitoringSession.objects.filter(project=ph_project(), is_published=False).first()
    findings = list(session.findings.order_by("pk"))
    data = _session_data(
        held_on=session.held_on.isoformat(),
        aspects=session.aspects,
        is_published="on",
        **{"findings-TOTAL_FORMS": str(len(findings)), "findings-INITIAL_FORMS": str(len(findings))},
    )
    for index, finding in enumerate(findings):
        data.update(
            {
                f"findings-{index}-id": str(finding.pk),
                f"findings-{index}-aspect": finding.aspect,
                f"findings-{index}-text": finding.text,
                f"findings-{index}-is_public": "on",
            }
        )

    response = login_as("board_member").post(reverse("oversight:session_edit", args=[session.pk]), data)

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.is_published, session.published_on) == (True, timezone.localdate())
