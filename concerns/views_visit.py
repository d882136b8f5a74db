"""The one-screen "visit with a concern" form, made for a cadre's phone on the doorstep."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.forms import apply_service_errors
from organizations.scoping import require_write_scope

from . import selectors, services
from .forms_visit import VisitConcernForm
from .views import DRAFT_KEY, draft_key


@login_required
def visit_log(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    if request.method == "POST":
        form = VisitConcernForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = services.log_visit_with_concern(
                    actor=request.user,
                    residential_area=data["residential_area"],
                    date=data["date"],
                    organization=data["organization"],
                    households_visited=data["households_visited"],
                    household_numbers=data["household_numbers"],
                    visit_summary=data["visit_summary"],
                    category=data["category"],
                    summary=data["summary"],
                    detail=data["detail"],
                    resident_name=data["resident_name"],
                    resident_phone=data["resident_phone"],
                    resident_consent=data["resident_consent"],
                )
            except ValidationError as error:
                apply_service_errors(form, error, {"household_numbers": "household_numbers"})
            else:
                messages.success(
                    request,
                    _("The visit and the concern were saved. Tracking code: %(code)s.")
                    % {"code": concern.tracking_code},
                )
                # The next page tells the browser to drop the draft of this form.
                return redirect(
                    f"{reverse('concerns:detail', args=[concern.pk])}?{urlencode({'saved': DRAFT_KEY})}"
                )
    else:
        form = VisitConcernForm(user=request.user, last_visit=selectors.last_visit(request.user))
    return render(
        request,
        "concerns/visit_form.html",
        {"form": form, "draft_key": draft_key(request.user), "restore_draft": request.method != "POST"},
    )
