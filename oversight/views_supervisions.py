"""Cadre pages of supervisions and social criticism."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import deny_unless, filtered, paginate, run_service

from . import selectors, services
from .filters import SupervisionFilter
from .forms import SupervisionForm, organizers_for
from .models import Recommendation, Supervision
from .views_common import form_page


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    supervisions = selectors.supervisions(request.user)
    supervision_filter = SupervisionFilter(request.GET or None, queryset=supervisions, request=request)
    return render(
        request,
        "oversight/supervision_list.html",
        {
            "filter": supervision_filter,
            "page": paginate(request, filtered(supervision_filter, supervisions)),
            "can_create": organizers_for(request.user).exists(),
        },
    )


@login_required
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supervision = get_object_or_404(selectors.supervision_for_detail(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "oversight/supervision_detail.html",
        {
            "supervision": supervision,
            "recommendations": list(
                selectors.recommendations_of(Recommendation.objects.filter(supervision=supervision), today)
            ),
            "can_edit": supervision.user_can_edit,
        },
    )


def _save(request: HttpRequest, form: SupervisionForm) -> Supervision | None:
    return run_service(
        form,
        lambda: services.save_supervision(
            actor=request.user, supervision=form.instance, participants=form.cleaned_data["participants"]
        ),
    )


@login_required
def supervision_create(request: HttpRequest) -> HttpResponse:
    deny_unless(organizers_for(request.user).exists())
    form = SupervisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and (supervision := _save(request, form)):
        messages.success(request, _("The supervision was saved."))
        return redirect(supervision)
    return form_page(
        request,
        form,
        title=_("New supervision"),
        back_url=reverse("oversight:supervision_list"),
        back_label=_("Supervisions"),
    )


@login_required
def supervision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    supervision = get_object_or_404(
        Supervision.objects.visible_to(request.user).with_edit_flag(request.user), pk=pk
    )
    deny_unless(supervision.user_can_edit)
    form = SupervisionForm(request.POST or None, instance=supervision, user=request.user)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, _("The supervision was saved."))
        return redirect(supervision)
    return form_page(
        request,
        form,
        title=_("Edit the supervision"),
        back_url=supervision.get_absolute_url(),
        back_label=str(supervision),
    )
