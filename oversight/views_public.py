"""Public pages: monitored investment projects and the People's Inspection Boards.

What is public: a project's facts, stage and progress, the public findings of its published
monitoring sessions and what was recommended with the replies; an Inspection Board's
members' names and the areas they represent (public office holders) and its published
reports. Never: members' phones, e-mails or years of birth, residents, petitioners,
concerns, internal notes. The pages are the same for every visitor and cached.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.caching import cache_public_page
from core.views import paginate
from organizations.models import OrganizationKind, PositionTitle
from organizations.models.titles import position_title_label

from . import public
from .filters import PublicProjectFilter
from .selectors import board_day

PAGE_SIZE = 20
_TITLE_RANK = {title: rank for rank, title in enumerate(PositionTitle.values)}


@cache_public_page(params=("page", *PublicProjectFilter.base_filters))
def project_list(request: HttpRequest) -> HttpResponse:
    projects = public.projects()
    project_filter = PublicProjectFilter(request.GET or None, queryset=projects, request=request)
    filtered = (
        projects.none() if project_filter.is_bound and not project_filter.is_valid() else project_filter.qs
    )
    page = paginate(request, filtered, PAGE_SIZE)
    return render(request, "oversight/public/project_list.html", {"filter": project_filter, "page": page})


@cache_public_page
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(public.projects(), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/public/project_detail.html",
        {"project": project, "sessions": public.published_sessions(project, today), "today": today},
    )


@cache_public_page
def board_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    boards = sorted(
        public.inspection_boards(),
        key=lambda b: (b.valid_to is not None and b.valid_to < today, b.unit.name),
    )
    return render(request, "oversight/public/board_list.html", {"boards": boards, "today": today})


@cache_public_page
def board_detail(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_object_or_404(public.inspection_boards(), pk=pk)
    on = board_day(board, timezone.localdate())
    members = sorted(public.board_members(board, on), key=lambda m: _TITLE_RANK.get(m["title"], 99))
    for member in members:
        # Every board here is a People's Inspection Board: Trưởng ban, Phó Trưởng ban, thành viên.
        member["title_label"] = position_title_label(member["title"], OrganizationKind.INSPECTION_BOARD)
    return render(
        request,
        "oversight/public/board_detail.html",
        {"board": board, "members": members, "on": on, "reports": public.published_reports(board)},
    )
