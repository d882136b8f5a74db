"""Cadre pages of the boards: the list, a board's page, its members, the founding decision of a
monitoring board, and an Inspection Board's work plans and reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import deny_unless, paginate, run_service
from organizations.models import Organization, OrganizationKind, Position

from . import selectors, services
from .forms_boards import BoardMemberForm, MonitoringBoardForm, ReportForm, WorkPlanForm
from .models import BOARD_KINDS, InspectionReport, InspectionWorkPlan, MonitoringBoard
from .views_common import form_page


def _board_url(board: Organization) -> str:
    return reverse("oversight:board_detail", args=[board.pk])


def _visible_board(request: HttpRequest, pk: int, kind: str | None = None) -> Organization:
    boards = selectors.board_for_detail(request.user)
    if kind is not None:
        boards = boards.filter(kind=kind)
    return get_object_or_404(boards, pk=pk)


@login_required
def board_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "oversight/board_list.html",
        {"page": paginate(request, selectors.boards(request.user, today=today)), "today": today},
    )


@login_required
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = _visible_board(request, pk)
    today = timezone.localdate()
    on = selectors.board_day(board, today)
    return render(
        request,
        "oversight/board_detail.html",
        {
            "board": board,
            "founding": getattr(board, "monitoring_board", None),
            "members": selectors.board_members(board, on),
            "on": on,
            "today": today,
            "can_manage": selectors.can_manage_board(request.user, board),
            "can_work": selectors.can_work_for_board(request.user, board),
            **selectors.board_context(board, today),
        },
    )


@login_required
def board_edit(request: HttpRequest, pk: int) -> HttpResponse:
    board = _visible_board(request, pk, OrganizationKind.INVESTMENT_MONITORING_BOARD)
    deny_unless(selectors.can_manage_board(request.user, board))
    founding = getattr(board, "monitoring_board", None) or MonitoringBoard(organization=board)
    form = MonitoringBoardForm(request.POST or None, instance=founding)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: services.save_monitoring_board(actor=request.user, board=form.instance))
    ):
        messages.success(request, _("The board was saved."))
        return redirect(_board_url(board))
    return form_page(
        request,
        form,
        title=_("Founding decision of the board"),
        back_url=_board_url(board),
        back_label=board.name,
    )


def _member_page(request: HttpRequest, board: Organization, position: Position | None) -> HttpResponse:
    member = getattr(position, "board_member", None) if position is not None else None
    if position is not None and member is None:
        from .models import BoardMember

        member = BoardMember(position=position)
    form = BoardMemberForm(
        request.POST or None,
        instance=position,
        user=request.user,
        organization=board,
        member=member,
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: services.save_board_member(
                actor=request.user,
                position=form.instance,
                member=form.board_member(),
                new_person=form.new_person,
            ),
        )
        if saved is not None:
            messages.success(request, _("The member was saved."))
            return redirect(_board_url(board))
    return form_page(
        request,
        form,
        title=_("Add a member") if position is None else _("Edit the member"),
        back_url=_board_url(board),
        back_label=board.name,
    )


@login_required
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    board = _visible_board(request, pk)
    deny_unless(selectors.can_manage_board(request.user, board))
    return _member_page(request, board, None)


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        Position.objects.filter(
            organization__in=Organization.objects.visible_to(request.user).filter(kind__in=BOARD_KINDS)
        ).select_related("organization", "person", "board_member"),
        pk=pk,
    )
    board = position.organization
    deny_unless(selectors.can_manage_board(request.user, board))
    return _member_page(request, board, position)


def _plan_page(request: HttpRequest, board: Organization, plan: InspectionWorkPlan | None) -> HttpResponse:
    deny_unless(selectors.can_work_for_board(request.user, board))
    form = WorkPlanForm(request.POST or None, instance=plan, board=board)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: services.save_work_plan(actor=request.user, plan=form.instance))
    ):
        messages.success(request, _("The work plan was saved."))
        return redirect(_board_url(board))
    return form_page(
        request,
        form,
        title=_("Work plan") if plan is None else str(plan),
        back_url=_board_url(board),
        back_label=board.name,
    )


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, _visible_board(request, pk, OrganizationKind.INSPECTION_BOARD), None)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        InspectionWorkPlan.objects.visible_to(request.user).select_related("board"), pk=pk
    )
    return _plan_page(request, plan.board, plan)


def _report_page(request: HttpRequest, board: Organization, report: InspectionReport | None) -> HttpResponse:
    deny_unless(selectors.can_work_for_board(request.user, board))
    initial = {}
    if report is None and request.method != "POST":
        today = timezone.localdate()
        quarter = (today.month - 1) // 3 + 1
        initial = {"period": "quarter", "year": today.year, "number": quarter}
        draft = InspectionReport(board=board, period="quarter", year=today.year, number=quarter)
        initial.update(services.report_figures(board=board, start=draft.start, end=draft.end))
    form = ReportForm(request.POST or None, instance=report, board=board, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: services.save_report(actor=request.user, report=form.instance))
    ):
        messages.success(request, _("The report was saved."))
        return redirect(_board_url(board))
    return form_page(
        request,
        form,
        title=_("Board report") if report is None else str(report),
        back_url=_board_url(board),
        back_label=board.name,
        intro=_("The figures are prefilled from the board's inspections of the current quarter; check them."),
    )


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _visible_board(request, pk, OrganizationKind.INSPECTION_BOARD), None)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        InspectionReport.objects.visible_to(request.user).select_related("board"), pk=pk
    )
    if report.board.kind != OrganizationKind.INSPECTION_BOARD:
        raise Http404
    return _report_page(request, report.board, report)
