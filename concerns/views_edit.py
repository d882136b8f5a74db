"""Cadre pages that correct a concern: its facts, and the resident's withdrawn consent.

Same access rule as the workflow steps: another scope's concern is a 404, a concern the user
may read but not change is a 403, anonymous visitors are sent to the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.audit import log_access
from core.forms import apply_service_errors

from . import selectors, services
from .forms_edit import ConcernEditForm, WithdrawConsentForm
from .models import Concern


def _concern_to_change(request: HttpRequest, pk: int) -> Concern:
    concern = get_object_or_404(selectors.concern_for_detail(request.user), pk=pk)
    if not concern.user_can_edit:
        raise PermissionDenied
    return concern


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _concern_to_change(request, pk)
    summary_to_write = services.has_placeholder_summary(concern)
    form = ConcernEditForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        concern=concern,
        summary_to_write=summary_to_write,
    )
    if request.method == "POST" and not concern.is_closed and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_concern(
                actor=request.user,
                concern=concern,
                category=data["category"],
                summary=data["summary"],
                detail=data["detail"],
                unit=data["unit"],
                residential_area=data["residential_area"],
                # An opinion's topic and publishable flag, a petition's kind and channel: only
                # the fields its form has (None leaves the others as they are).
                topic=data.get("topic"),
                publishable=data.get("publishable"),
                petition_type=data.get("petition_type"),
                petition_channel=data.get("petition_channel"),
                note=data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The concern was corrected."))
            return redirect(concern)
    # The form shows the concern's confidential detail: logged, as on the detail page.
    log_access(request.user, concern)
    return render(
        request,
        "concerns/edit.html",
        {"concern": concern, "form": form, "summary_to_write": summary_to_write},
    )


@login_required
def withdraw_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation form alone (GET, or a POST with errors); the detail page shows it too."""
    concern = _concern_to_change(request, pk)
    form = WithdrawConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_resident_consent(
                actor=request.user, concern=concern, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The resident's name and phone were erased."))
            return redirect(concern)
    return render(request, "concerns/withdraw_consent.html", {"concern": concern, "form": form})
