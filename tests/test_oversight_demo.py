"""The oversight demo data: realistic, in old and new units, valid, and seeded idempotently."""

from __future__ import annotations

import datetime
import random

import pytest
from django.http import HttpRequest

from demo import oversight as demo
from organizations.models import Organization, OrganizationKind, User
from oversight.models import (
    BoardMember,
    Inspection,
    InspectionReport,
    MonitoringBoard,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
    resident_member_count,
)
from tests.conftest import DEMO_PASSWORD
from tests.matrix_oversight import oversight_demo  # noqa: F401

pytestmark = pytest.mark.django_db

MERGER = datetime.date(2025, 7, 1)
MODELS = (Project, MonitoringSession, Recommendation, Inspection, InspectionReport, Supervision, BoardMember)


def test_seeding_again_changes_nothing():
    before = {model: model.objects.count() for model in MODELS}
    account = User.objects.get(username=demo.BOARD_MEMBER_USERNAME)

    assert demo.seed(random.Random(1)) == 0

    assert {model: model.objects.count() for model in MODELS} == before
    after = User.objects.get(username=demo.BOARD_MEMBER_USERNAME)
    assert (after.pk, after.password, list(after.scopes.values_list("organization_id", "access"))) == (
        account.pk,
        account.password,
        list(account.scopes.values_list("organization_id", "access")),
    )


def test_projects_are_realistic_and_in_old_and_new_units():
    projects = Project.objects.filter(is_demo=True).select_related("unit")
    names = " ".join(projects.values_list("name", flat=True)).lower()

    for word in ("đường", "phòng học", "mương thoát nước", "chợ", "kè", "nhà văn hóa"):
        assert word in names
    monitored = [p for p in projects if p.board_id]
    assert len(monitored) >= 4
    assert any(p.unit.valid_to is not None and p.unit.valid_to < MERGER for p in monitored)
    assert any(p.unit.valid_from is not None and p.unit.valid_from >= MERGER for p in monitored)
    assert all(MonitoringSession.objects.filter(project=p).exists() for p in monitored)


def test_recommendations_are_replied_overdue_and_waiting():
    demo_recommendations = Recommendation.objects.filter(is_demo=True)

    assert demo_recommendations.filter(status="replied").exists()
    assert demo_recommendations.filter(status="closed").exists()
    assert demo_recommendations.overdue().filter(session__isnull=False).exists()
    assert demo_recommendations.filter(status="sent").exclude(pk__in=demo_recommendations.overdue()).exists()
    assert demo_recommendations.filter(concern__isnull=False).exists()
    assert demo_recommendations.filter(inspection__isnull=False).exists()
    assert demo_recommendations.filter(supervision__isnull=False).exists()
    assert Supervision.objects.filter(follows_recommendation__isnull=False, follows__isnull=False).exists()


def test_the_demo_data_is_valid():
    for model in (*MODELS, MonitoringBoard):
        for obj in model.objects.filter(is_demo=True):
            obj.full_clean()


def test_every_monitoring_board_is_constituted_with_its_residents():
    boards = Organization.objects.filter(kind=OrganizationKind.INVESTMENT_MONITORING_BOARD)

    assert boards.count() >= 4
    for board in boards:
        assert board.monitoring_board.is_constituted
        assert 5 <= resident_member_count(board) <= 7
    new_boards = boards.filter(valid_from__gte=MERGER)
    for board in new_boards:
        assert BoardMember.objects.filter(position__organization=board, is_front_representative=True).exists()


def test_inspection_board_members_represent_their_areas():
    board = Organization.objects.get(kind=OrganizationKind.INSPECTION_BOARD, unit__code="LD-PPHUOCHOI")
    members = BoardMember.objects.filter(position__organization=board, position__title="member")

    assert members.count() >= 5
    assert all(member.residential_area.parent_id == board.unit_id for member in members)
    assert InspectionReport.objects.filter(board=board, is_published=True).exists()


def test_the_board_member_account_logs_in_with_the_demo_password(client):
    user = User.objects.get(username=demo.BOARD_MEMBER_USERNAME)

    # django-axes checks each login against the request it came with.
    assert client.login(request=HttpRequest(), username=user.username, password=DEMO_PASSWORD)
    board = user.scopes.get().organization
    assert board.positions.filter(person=user.person, title="head").exists()
    assert Project.objects.filter(board=board).exists()


def test_the_board_member_account_is_seeded(django_user_model):
    user = django_user_model.objects.get(username=demo.BOARD_MEMBER_USERNAME)
    scope = user.scopes.get()
    assert scope.organization.kind == "investment_monitoring_board"
    assert scope.organization.unit.code == "LD-PPHUOCHOI"
    assert scope.access == "write"
    assert user.person is not None
    assert user.person.positions.filter(organization=scope.organization).exists()
