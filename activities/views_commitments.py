"""Cadre screens of commitments: the list (overdue first) and the form that records a status.

Commitments are read through ``Commitment.objects.visible_to`` (their unit): another scope's
commitment is a 404, one the user may read but not change a 403. Writes go through
``activities.commitments``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import filtered, paginate, require_editable, run_service

from .commitments import commitments_for_cadre, record_commitment_status
from .forms_commitments import CommitmentFilter, CommitmentStatusForm
from .models import Commitment

PAGE_SIZE = 25


@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    commitments = commitments_for_cadre(request.user, today=today)
    commitment_filter = CommitmentFilter(request.GET or None, queryset=commitments, request=request)
    page = paginate(request, filtered(commitment_filter, commitments), PAGE_SIZE)
    return render(
        request,
        "activities/commitment_list.html",
        {"filter": commitment_filter, "page": page, "today": today},
    )


@login_required
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    commitment = get_object_or_404(
        Commitment.objects.visible_to(user).select_related("owner", "unit", "activity"), pk=pk
    )
    require_editable(Commitment.objects.editable_by(user), commitment)
    commitment.is_overdue = commitment.is_overdue_on(timezone.localdate())
    form = CommitmentStatusForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = run_service(
            form,
            lambda: record_commitment_status(
                actor=user,
                commitment=commitment,
                status=data["status"],
                status_on=data["status_on"],
                evidence=data["evidence"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The status of the commitment was saved."))
            if saved.activity_id is not None:
                return redirect(f"{saved.activity.get_absolute_url()}#commitment-{saved.pk}")
            return redirect("commitments:list")
    return render(
        request,
        "activities/commitment_status.html",
        {"commitment": commitment, "form": form},
    )
