"""Cadre pages of the People's Inspection Boards' inspections."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import deny_unless, filtered, paginate, run_service
from organizations.models import OrganizationKind

from . import selectors, services
from .filters import InspectionFilter
from .forms import boards_for_work
from .forms_boards import InspectionForm
from .models import Inspection, Recommendation
from .views_common import form_page


def _can_create(user) -> bool:
    return boards_for_work(user, OrganizationKind.INSPECTION_BOARD).exists()


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = selectors.inspections(request.user)
    inspection_filter = InspectionFilter(request.GET or None, queryset=inspections, request=request)
    return render(
        request,
        "oversight/inspection_list.html",
        {
            "filter": inspection_filter,
            "page": paginate(request, filtered(inspection_filter, inspections)),
            "can_create": _can_create(request.user),
        },
    )


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(selectors.inspection_for_detail(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/inspection_detail.html",
        {
            "inspection": inspection,
            "recommendations": list(
                selectors.recommendations_of(Recommendation.objects.filter(inspection=inspection), today)
            ),
            "can_edit": selectors.can_work_for_board(request.user, inspection.board),
            "concern_visible": selectors.can_see_concern(request.user, inspection.concern),
        },
    )


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        inspection = run_service(
            form, lambda: services.save_inspection(actor=request.user, inspection=form.instance)
        )
        if inspection is not None:
            messages.success(request, _("The inspection was saved."))
            return redirect(inspection)
    return form_page(
        request,
        form,
        title=_("New inspection"),
        back_url=reverse("oversight:inspection_list"),
        back_label=_("Inspections"),
    )


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user).select_related("board"), pk=pk)
    deny_unless(selectors.can_work_for_board(request.user, inspection.board))
    form = InspectionForm(request.POST or None, instance=inspection, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: services.save_inspection(actor=request.user, inspection=form.instance))
    ):
        messages.success(request, _("The inspection was saved."))
        return redirect(inspection)
    return form_page(
        request,
        form,
        title=_("Edit the inspection"),
        back_url=inspection.get_absolute_url(),
        back_label=str(inspection),
    )
