"""The other oversight forms of the cadre screens save through their services: a supervision, an
inspection and its recommendation, a project, a board member, a board's constitution, and a
board's published report."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from organizations.models import Authority, AuthorityKind, Organization, OrganizationKind, Position
from oversight.models import BoardMember, Inspection, InspectionReport, Project, Supervision
from tests.matrix_oversight import (
    oversight_demo,  # noqa: F401
    ph_board,
    ph_inspection_board,
    ph_project,
)

pytestmark = pytest.mark.django_db


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
    committee = Authority.objects.current().get(unit=board.unit, kind=AuthorityKind.PEOPLES_COMMITTEE)
    response = client.post(
        reverse("oversight:inspection_recommend", args=[inspection.pk]),
        {"content": "Đề nghị buộc tháo dỡ phần lấn chiếm.", "authority": committee.pk},
    )
    recommendation = inspection.recommendations.get()
    assert response["Location"] == recommendation.get_absolute_url()
    assert (recommendation.status, recommendation.organization) == ("draft", board)
    assert recommendation.authority == committee


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
