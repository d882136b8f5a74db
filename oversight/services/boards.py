"""Writes of boards: members, the founding decision, work plans, inspections and reports."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.utils import timezone

from organizations.models import AdministrativeUnit, OrganizationKind, Person, Position, PositionTitle
from organizations.services import save_board_position

from ..models import BoardMember, Inspection, InspectionReport, InspectionWorkPlan, MonitoringBoard
from .common import (
    atomic_as,
    can_manage_board,
    can_work_for_board,
    public_pages_changed,
    refuse,
    require_editable,
    save,
)


def area_head_term_end(area: AdministrativeUnit, on: datetime.date) -> datetime.date | None:
    """When the term of the head of the area's Front working committee ends (None if open or unknown)."""
    head = (
        Position.objects.filter(
            organization__unit=area,
            organization__kind=OrganizationKind.FRONT_WORKING_COMMITTEE,
            title=PositionTitle.HEAD,
        )
        .current(on)
        .order_by("-start")
        .first()
    )
    return head.end if head is not None else None


def save_board_member(
    *, actor, position: Position, member: BoardMember, new_person: Person | None = None
) -> BoardMember:
    """Add or change a member of a board: the position on the board and what oversight records about it.

    A member's term follows the term of their residential area's head: without an end date,
    the position ends when the head's does.
    """
    board = position.organization
    if not can_manage_board(actor, board):
        raise refuse("organization")
    if position.end is None and member.residential_area_id is not None and position.start is not None:
        position.end = area_head_term_end(member.residential_area, position.start)
    with atomic_as(actor):
        save_board_position(actor=actor, position=position, new_person=new_person)
        member.position = position
        save(member, actor=actor)
    public_pages_changed()
    return member


def save_monitoring_board(*, actor, board: MonitoringBoard) -> MonitoringBoard:
    """The founding decision of a monitoring board, and whether it is constituted."""
    if not can_manage_board(actor, board.organization):
        raise refuse()
    save(board, actor=actor)
    public_pages_changed()
    return board


def save_work_plan(*, actor, plan: InspectionWorkPlan) -> InspectionWorkPlan:
    require_editable(actor, plan)
    if not can_work_for_board(actor, plan.board):
        raise refuse("board")
    return save(plan, actor=actor)


def save_inspection(*, actor, inspection: Inspection) -> Inspection:
    """Record or change an inspection of a board the actor works for."""
    require_editable(actor, inspection)
    if not can_work_for_board(actor, inspection.board):
        raise refuse("board")
    if inspection.concern_id is not None:
        from concerns.models import Concern

        if not Concern.objects.visible_to(actor).filter(pk=inspection.concern_id).exists():
            raise refuse("concern")
    if inspection.pk is None:
        inspection.created_by = actor
    return save(inspection, actor=actor)


def report_figures(*, board, start: datetime.date, end: datetime.date) -> dict[str, object]:
    """The figures of the board's inspections that started in the period, to prefill a report."""
    inspections = Inspection.objects.filter(board=board, start__gte=start, start__lte=end)
    totals = inspections.aggregate(
        violations=Sum("violations_found"), money=Sum("money_recovered_vnd"), land=Sum("land_recovered_m2")
    )
    from ..models import Recommendation

    return {
        "inspections_count": inspections.count(),
        "violations_found": totals["violations"] or 0,
        "money_recovered_vnd": totals["money"] or 0,
        "land_recovered_m2": totals["land"] or 0,
        "recommendations_count": Recommendation.objects.filter(inspection__in=inspections)
        .exclude(sent_on__isnull=True)
        .count(),
    }


def save_report(*, actor, report: InspectionReport) -> InspectionReport:
    """Save a board's report; publishing or changing a published report refreshes the public pages."""
    require_editable(actor, report)
    if not can_work_for_board(actor, report.board):
        raise refuse("board")
    was_published = (
        report.pk is not None and InspectionReport.objects.filter(pk=report.pk, is_published=True).exists()
    )
    if report.is_published and not report.published_on:
        report.published_on = timezone.localdate()
    if not report.is_published:
        report.published_on = None
    save(report, actor=actor)
    if report.is_published or was_published:
        public_pages_changed()
    return report
