"""Query counts of the oversight lists and pages: the same at 5 rows and at 500.

Each cadre page first costs 4 queries: the session, the user, and the scope (its rows, the reach
below them). Public pages cost no query before their own reads.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from organizations.models import Authority
from oversight.models import Inspection, MonitoringFinding, MonitoringSession, Project, Recommendation
from tests.factories import (
    InspectionBoardFactory,
    MonitoringBoardOrganizationFactory,
    ProjectFactory,
    ScopeFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Public pages are rendered every time (the page cache would hide their queries)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture
def measured_ward():
    """A ward made up for the counts (Phường Đo Đếm): it holds only the rows the test makes."""
    return UnitFactory(kind="ward", name="Phường Đo Đếm")


@pytest.fixture
def board(measured_ward):
    return MonitoringBoardOrganizationFactory(unit=measured_ward)


@pytest.fixture
def cadre(measured_ward, client):
    client.force_login(ScopeFactory(unit=measured_ward, access="write").user)
    return client


def make_projects(ward, board, count: int) -> list[Project]:
    return Project.objects.bulk_create(
        Project(
            name=f"Công trình {n}",
            investor="UBND",
            funding_source="state_budget",
            total_investment_vnd=1_000_000 * n,
            unit=ward,
            board=board,
            planned_start=datetime.date(2026, 1, 1),
            planned_end=datetime.date(2026, 12, 31),
            stage="construction",
            progress=n % 100,
        )
        for n in range(count)
    )


def make_sessions(project: Project, count: int) -> None:
    sessions = MonitoringSession.objects.bulk_create(
        MonitoringSession(
            project=project,
            board=project.board,
            held_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=n % 200),
            stage="construction",
            aspects=["quality"],
            is_published=True,
            published_on=datetime.date(2026, 9, 1),
        )
        for n in range(count)
    )
    MonitoringFinding.objects.bulk_create(
        MonitoringFinding(session=session, aspect="quality", text=f"Phát hiện {session.pk}")
        for session in sessions
    )
    make_recommendations(count, sessions=sessions)


def make_recommendations(count: int, *, sessions=None, inspection=None) -> None:
    rows = []
    authority = Authority.objects.order_by("pk").first()
    for n in range(count):
        origin = (
            {"inspection": inspection} if inspection is not None else {"session": sessions[n % len(sessions)]}
        )
        recommendation = Recommendation(
            content=f"Kiến nghị {n}",
            authority=authority,
            status="sent",
            sent_on=datetime.date(2026, 3, 1),
            due_date=datetime.date(2026, 3, 1) + datetime.timedelta(days=n % 400),
            **origin,
        )
        recommendation.take_place_from_origin()
        rows.append(recommendation)
    Recommendation.objects.bulk_create(rows)


def queries_of(client, url, django_assert_num_queries, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# 3 (session, user, scope rows) + the units of the filter (a subquery of the reach tables), the count,
# the page (projects with their unit, area, board, session count).
PROJECT_LIST = 6


def test_cadre_project_list(cadre, measured_ward, board, django_assert_num_queries):
    make_projects(measured_ward, board, 5)
    url = reverse("oversight:project_list")
    queries_of(cadre, url, django_assert_num_queries, PROJECT_LIST)
    make_projects(measured_ward, board, 495)
    queries_of(cadre, url, django_assert_num_queries, PROJECT_LIST)


# 4 + the project (with unit, area, board, recorder), the sessions, their findings, their recommendations.
PROJECT_DETAIL = 8


def test_cadre_project_detail(cadre, measured_ward, board, django_assert_num_queries):
    project = make_projects(measured_ward, board, 1)[0]
    make_sessions(project, 5)
    url = reverse("oversight:project_detail", args=[project.pk])
    queries_of(cadre, url, django_assert_num_queries, PROJECT_DETAIL)
    make_sessions(project, 495)
    queries_of(cadre, url, django_assert_num_queries, PROJECT_DETAIL)


# The units of the filter, the count, the page.
PUBLIC_PROJECT_LIST = 3


def test_public_project_list(client, measured_ward, board, django_assert_num_queries):
    make_projects(measured_ward, board, 5)
    url = reverse("oversight_public:project_list")
    queries_of(client, url, django_assert_num_queries, PUBLIC_PROJECT_LIST)
    make_projects(measured_ward, board, 495)
    queries_of(client, url, django_assert_num_queries, PUBLIC_PROJECT_LIST)


# The project, its published sessions, their public findings, their recommendations.
PUBLIC_PROJECT_DETAIL = 4


def test_public_project_detail(client, measured_ward, board, django_assert_num_queries):
    project = make_projects(measured_ward, board, 1)[0]
    make_sessions(project, 5)
    url = reverse("oversight_public:project_detail", args=[project.pk])
    queries_of(client, url, django_assert_num_queries, PUBLIC_PROJECT_DETAIL)
    make_sessions(project, 495)
    queries_of(client, url, django_assert_num_queries, PUBLIC_PROJECT_DETAIL)


def make_inspections(board, count: int) -> list[Inspection]:
    return Inspection.objects.bulk_create(
        Inspection(
            board=board,
            trigger="petition",
            petition_reference=f"Đơn {n}",
            subject=f"Kiểm tra {n}",
            start=datetime.date(2025, 8, 1) + datetime.timedelta(days=n % 300),
            violations_found=n % 3,
        )
        for n in range(count)
    )


# 4 + the count, whether the user may record an inspection, the units of the filter, the page.
INSPECTION_LIST = 8


def test_inspection_list(cadre, measured_ward, django_assert_num_queries):
    inspection_board = InspectionBoardFactory(unit=measured_ward)
    make_inspections(inspection_board, 5)
    url = reverse("oversight:inspection_list")
    queries_of(cadre, url, django_assert_num_queries, INSPECTION_LIST)
    make_inspections(inspection_board, 495)
    queries_of(cadre, url, django_assert_num_queries, INSPECTION_LIST)


# 4 + the inspection (with board, unit, plan, concern, recorder), its recommendations.
INSPECTION_DETAIL = 6


def test_inspection_detail(cadre, measured_ward, django_assert_num_queries):
    inspection = make_inspections(InspectionBoardFactory(unit=measured_ward), 1)[0]
    make_recommendations(5, inspection=inspection)
    url = reverse("oversight:inspection_detail", args=[inspection.pk])
    queries_of(cadre, url, django_assert_num_queries, INSPECTION_DETAIL)
    make_recommendations(495, inspection=inspection)
    queries_of(cadre, url, django_assert_num_queries, INSPECTION_DETAIL)


# 3 + the units of the filter, the count, the page (with origin, unit, organization, concern).
INBOX = 6


@pytest.mark.parametrize("query", ["", "?overdue=on", "?status=sent&origin=session"])
def test_recommendation_inbox(cadre, measured_ward, board, query, django_assert_num_queries):
    project = ProjectFactory(unit=measured_ward, board=board)
    make_sessions(project, 5)
    url = reverse("oversight:recommendation_inbox") + query
    queries_of(cadre, url, django_assert_num_queries, INBOX)
    make_recommendations(495, sessions=list(project.sessions.all()))
    queries_of(cadre, url, django_assert_num_queries, INBOX)
