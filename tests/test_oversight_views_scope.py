"""Scope on the oversight cadre screens: a board member sees only their board and records its
sessions without keeping the register; another unit's board is a 404; read-only cadres get 403 on
writes; a board member never sees a resident's tracking code; staff read the records in the admin
but cannot change them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.models import Organization
from oversight.models import Inspection, MonitoringSession, Project, Recommendation, Supervision
from tests.matrix_oversight import (
    oversight_demo,  # noqa: F401
    ph_board,
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


def test_a_board_member_never_sees_the_tracking_code_of_a_resident_s_concern(login_as):
    recommendation = Recommendation.objects.filter(
        concern__isnull=False, session__project=ph_project()
    ).first()
    client = login_as("board_member")

    for url in (reverse("oversight:recommendation_inbox"), recommendation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert recommendation.content[:40] in html
        assert recommendation.concern.tracking_code not in html


# --- staff in the admin -----------------------------------------------------------------


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
