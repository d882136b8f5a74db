"""Reads of the public pages. Only public fields are ever loaded (``only`` / ``values``), so
that a template cannot show a member's phone, a session's internal notes or a concern."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from organizations.models import Organization, OrganizationKind, Position

from .models import InspectionReport, MonitoringFinding, MonitoringSession, Project, Recommendation

PROJECT_FIELDS = (
    "id",
    "name",
    "description",
    "investor",
    "funding_source",
    "total_investment_vnd",
    "approving_decision",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "stage",
    "progress",
    "unit__id",
    "unit__name",
    "unit__valid_to",
    "residential_area__id",
    "residential_area__name",
    "board__id",
    "board__name",
)
RECOMMENDATION_FIELDS = (
    "id",
    "session_id",
    "content",
    "authority__id",
    "authority__name",
    "status",
    "sent_on",
    "document_number",
    "due_date",
    "reply_on",
    "reply_text",
    "reply_outcome",
    "implementation",
    "closed_on",
    "created_at",
)


def projects() -> QuerySet[Project]:
    """Monitored projects, the newest first."""
    return (
        Project.objects.monitored()
        .select_related("unit", "residential_area", "board")
        .only(*PROJECT_FIELDS)
        .order_by("-planned_start", "name", "pk")
    )


def published_sessions(project: Project, today: datetime.date) -> list[MonitoringSession]:
    """The project's published sessions with their public findings and recommendations (three queries)."""
    return list(
        MonitoringSession.objects.published()
        .filter(project=project)
        .only("id", "project_id", "held_on", "stage", "aspects", "savings_vnd", "published_on")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=MonitoringFinding.objects.filter(is_public=True)
                .only("id", "session_id", "aspect", "text")
                .order_by("pk"),
                to_attr="public_findings",
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.public()
                .select_related("authority")
                .with_overdue_flag(today)
                .only(*RECOMMENDATION_FIELDS)
                .order_by("created_at", "pk"),
                to_attr="public_recommendations",
            ),
        )
        .order_by("-held_on", "-pk")
    )


def inspection_boards() -> QuerySet[Organization]:
    return (
        Organization.objects.filter(kind=OrganizationKind.INSPECTION_BOARD)
        .select_related("unit")
        .only("id", "name", "valid_from", "valid_to", "unit__id", "unit__name", "unit__valid_to")
    )


def board_members(board: Organization, on: datetime.date) -> list[dict]:
    """Names, titles and represented areas of the members: public office holders, nothing private."""
    return list(
        Position.objects.filter(organization=board)
        .current(on)
        .order_by("title", "person__full_name", "pk")
        .values("title", "person__full_name", "board_member__residential_area__name")
    )


def published_reports(board: Organization) -> list[InspectionReport]:
    return list(InspectionReport.objects.published().filter(board=board))
