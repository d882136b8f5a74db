"""Cadre pages of concerns: the inbox, a concern's page and recording a concern directly.

Objects come only from scoped QuerySets: another scope's concern is a 404; a concern the
user can see but not change (read-only access) is a 403 on the pages that change it.
"""

from __future__ import annotations

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.commitments import overdue_count
from core.forms import apply_service_errors
from core.panels import panels_for
from core.private_pages import cache_private_page, on_each_showing
from core.views import filtered, open_page, page_number
from organizations.scoping import require_write_scope, scope_for

from . import selectors, services
from .filters import ConcernFilter
from .forms import ConcernForm
from .models import Concern
from .views_actions import action_forms_for

PAGE_SIZE = 25

# The key under which static/js/form-draft.js keeps the draft of the visit form in the browser.
DRAFT_KEY = "concern-visit"


def draft_key(user) -> str:
    """One draft per account, so that another cadre on the same phone never sees it."""
    return f"{DRAFT_KEY}:{user.pk}"


@login_required
@cache_private_page
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    concerns = selectors.inbox(request.user)
    concern_filter = ConcernFilter(request.GET or None, queryset=concerns, request=request)
    # Not counted, and read part by part: a province's inbox holds some 24,000 concerns.
    number = page_number(request)
    rows = selectors.inbox_page(filtered(concern_filter, concerns), number, PAGE_SIZE, today=today)
    page = open_page(rows, number, PAGE_SIZE)
    return render(
        request,
        "concerns/inbox.html",
        {
            "filter": concern_filter,
            "page": page,
            "today": today,
            "can_write": scope_for(request.user).can_write,
            # The overdue commitments, counted at the top like the overdue concerns (one query).
            "overdue_commitments_count": overdue_count(request.user, today=today),
        },
    )


@login_required
@cache_private_page
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = get_object_or_404(selectors.concern_for_detail(request.user), pk=pk)
    # Reading a concern shows a resident's confidential data: the access is logged, each time the
    # page is shown.
    on_each_showing(request, lambda request: accessed.send(sender=Concern, instance=concern))
    editable = concern.user_can_edit
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "events": selectors.timeline(concern),
            "can_edit": editable,
            "action_forms": action_forms_for(request.user, concern) if editable else [],
            "is_overdue": concern.is_overdue_on(timezone.localdate()),
            # What apps above add to a concern's page (the recommendations that took it up).
            "related_panels": panels_for(request, concern),
            # After the visit form was saved: the page tells the browser to drop its draft.
            "clear_draft": draft_key(request.user) if request.GET.get("saved") == DRAFT_KEY else "",
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    form = ConcernForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.receive_concern(
                actor=request.user,
                source=data["source"],
                unit=data["unit"],
                residential_area=data["residential_area"],
                organization=data["organization"],
                category=data["category"],
                summary=data["summary"],
                detail=data["detail"],
                resident_name=data["resident_name"],
                resident_phone=data["resident_phone"],
                resident_consent=data["resident_consent"],
                received_on=data["received_on"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The concern was recorded with tracking code %(code)s.") % {"code": concern.tracking_code},
            )
            return redirect(concern)
    return render(request, "concerns/create.html", {"form": form})
