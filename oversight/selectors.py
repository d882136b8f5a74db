"""Reads of the cadre screens. Every one starts from a scoped QuerySet (``visible_to``), and
each list or detail page costs the same number of queries whatever the amount of data."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from organizations.models import Organization, OrganizationKind, Position
from organizations.scoping import scope_for

from .models import (
    BOARD_KINDS,
    Inspection,
    InspectionReport,
    InspectionWorkPlan,
    MonitoringFinding,
    MonitoringSession,
    Project,
    Recommendation,
    Supervision,
)

RECOMMENDATION_RELATED = (
    "unit",
    "organization",
    "supervision",
    "inspection",
    "session__project",
    "concern",
    "authority",
)


def can_edit(user, *, unit_ids: Iterable[int | None] = (), org_ids: Iterable[int | None] = ()) -> bool:
    """Whether ``user`` may change an object of these units or organizations (no query after the scope)."""
    scope = scope_for(user)
    if scope.is_global:
        return True
    return any(u in scope.writable_unit_ids for u in unit_ids if u) or any(
        o in scope.writable_org_ids for o in org_ids if o
    )


def can_work_for_board(user, board: Organization) -> bool:
    return can_edit(user, unit_ids=[board.unit_id], org_ids=[board.pk])


def can_manage_board(user, board: Organization) -> bool:
    return can_edit(user, unit_ids=[board.unit_id])


# --- recommendations --------------------------------------------------------------------


def recommendation_inbox(user, *, today: datetime.date | None = None) -> QuerySet[Recommendation]:
    """The recommendations ``user`` may see: overdue first, then those waiting for a reply."""
    return (
        Recommendation.objects.visible_to(user)
        .select_related(*RECOMMENDATION_RELATED)
        .inbox_order(today or timezone.localdate())
    )


def recommendation_for_detail(user) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.visible_to(user)
        .with_edit_flag(user)
        .select_related(
            *RECOMMENDATION_RELATED,
            "supervision__organization",
            "inspection__board",
            "session__board",
            "created_by__person",
        )
    )


def recommendations_of(queryset: QuerySet[Recommendation], today: datetime.date) -> QuerySet[Recommendation]:
    return (
        queryset.select_related("concern", "authority").with_overdue_flag(today).order_by("created_at", "pk")
    )


def can_see_concern(user, concern) -> bool:
    """Whether ``user`` may see ``concern`` (the rule of ``Concern.objects.visible_to``, no query).

    A recommendation may name a resident's concern; its tracking code is shown only to
    those who may open the concern (not, for example, to a board member).
    """
    if concern is None:
        return False
    scope = scope_for(user)
    if scope.is_global:
        return True
    return (
        concern.unit_id in scope.readable_unit_ids
        or concern.residential_area_id in scope.readable_unit_ids
        or concern.organization_id in scope.readable_org_ids
    )


def mark_visible_concerns(user, recommendations) -> None:
    for recommendation in recommendations:
        recommendation.concern_visible = can_see_concern(user, recommendation.concern)


# --- supervisions -------------------------------------------------------------------------


def supervisions(user) -> QuerySet[Supervision]:
    return (
        Supervision.objects.visible_to(user)
        .select_related("organization", "unit", "board")
        .annotate(recommendation_count=Count("recommendations"))
        .newest_first()
    )


def supervision_for_detail(user) -> QuerySet[Supervision]:
    return (
        Supervision.objects.visible_to(user)
        .with_edit_flag(user)
        .select_related(
            "organization", "unit", "board", "follows", "follows_recommendation", "created_by__person"
        )
        .prefetch_related(
            Prefetch("participants", queryset=Organization.objects.order_by("name")),
            Prefetch("follow_ups", queryset=Supervision.objects.order_by("start", "pk")),
        )
    )


# --- inspections --------------------------------------------------------------------------


def inspections(user) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user)
        .select_related("board", "board__unit", "plan")
        .annotate(recommendation_count=Count("recommendations"))
        .newest_first()
    )


def inspection_for_detail(user) -> QuerySet[Inspection]:
    return Inspection.objects.visible_to(user).select_related(
        "board", "board__unit", "plan", "concern", "created_by__person"
    )


# --- projects and sessions ----------------------------------------------------------------


def projects(user) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user)
        .select_related("unit", "residential_area", "board")
        .annotate(session_count=Count("sessions"))
        .order_by("-planned_start", "name", "pk")
    )


def board_projects(user) -> list[Project]:
    """The projects of the boards ``user`` sits on (an organization scope on the board), for the
    start page: each with its number of sessions, the last one's date and whether the user may
    record one (``can_record_session``). One query after the scope; none for an account without
    an organization scope."""
    scope = scope_for(user)
    if not scope.root_org_ids:
        return []
    projects = list(
        Project.objects.visible_to(user)
        .filter(board_id__in=scope.root_org_ids)
        .select_related("unit", "residential_area", "board")
        .annotate(session_count=Count("sessions"), last_session_on=Max("sessions__held_on"))
        .order_by("-planned_start", "name", "pk")
    )
    for project in projects:
        project.can_record_session = can_edit(user, unit_ids=[project.unit_id], org_ids=[project.board_id])
    return projects


def project_for_detail(user) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user)
        .with_edit_flag(user)
        .select_related("unit", "residential_area", "board", "created_by__person")
    )


def project_sessions(project: Project, today: datetime.date) -> list[MonitoringSession]:
    """The project's sessions, newest first, with their findings and recommendations (three queries)."""
    return list(
        project.sessions.select_related("board")
        .prefetch_related(
            Prefetch("findings", queryset=MonitoringFinding.objects.order_by("pk")),
            Prefetch("recommendations", queryset=recommendations_of(Recommendation.objects.all(), today)),
        )
        .order_by("-held_on", "-pk")
    )


def session_for_detail(user) -> QuerySet[MonitoringSession]:
    return (
        MonitoringSession.objects.visible_to(user)
        .with_edit_flag(user)
        .select_related(
            "project", "project__unit", "project__residential_area", "board", "created_by__person"
        )
    )


# --- boards -------------------------------------------------------------------------------


def _current(prefix: str, on: datetime.date) -> Q:
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def boards(user, *, today: datetime.date | None = None) -> QuerySet[Organization]:
    today = today or timezone.localdate()
    return (
        Organization.objects.visible_to(user)
        .filter(kind__in=BOARD_KINDS)
        .select_related("unit", "monitoring_board")
        .annotate(member_count=Count("positions", filter=_current("positions__", today), distinct=True))
        .order_by("kind", "-valid_from", "name", "pk")
    )


def board_for_detail(user) -> QuerySet[Organization]:
    return (
        Organization.objects.visible_to(user)
        .filter(kind__in=BOARD_KINDS)
        .select_related("unit", "monitoring_board")
    )


def board_day(board: Organization, today: datetime.date) -> datetime.date:
    """The day whose members a board page shows: today, or the board's last day if it ended."""
    if board.valid_to is not None and board.valid_to < today:
        return board.valid_to
    return today


def board_members(board: Organization, on: datetime.date) -> list[Position]:
    # Through the board, so that each title is named by the board's kind (no extra query).
    return list(
        board.positions.current(on)
        .select_related("person", "board_member__residential_area")
        .order_by("title", "person__full_name", "pk")
    )


def board_context(board: Organization, today: datetime.date) -> dict:
    """What a board page shows besides its members, by kind (a fixed number of queries)."""
    if board.kind == OrganizationKind.INSPECTION_BOARD:
        return {
            "plans": list(InspectionWorkPlan.objects.filter(board=board).order_by("-year")[:5]),
            "recent_inspections": list(Inspection.objects.filter(board=board).newest_first()[:10]),
            "reports": list(InspectionReport.objects.filter(board=board)[:12]),
        }
    return {
        "projects": list(
            Project.objects.filter(board=board)
            .select_related("unit", "residential_area")
            .order_by("-planned_start")
        )
    }
