"""Cadre pages of opinions and petitions: adding an opinion (a question) to a voter contact (a
dialogue), again and again during the meeting, and receiving a petition.

The activity comes only from the scoped QuerySets: another scope's activity is a 404, an activity
the user may read but not change a 403; an activity that is neither a voter contact nor a
dialogue has no opinions (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityKind
from core.forms import apply_service_errors
from organizations.scoping import require_write_scope

from . import services
from .forms_opinions import TOPIC_LIST_ID, OpinionForm, PetitionForm
from .models import Concern

# The name of the submit button that brings the form back, empty, for the next opinion.
ANOTHER = "another"


def _activity_to_add_to(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if activity.kind not in services.OPINION_SOURCE_OF:
        raise Http404
    if not Activity.objects.editable_by(request.user).filter(pk=activity.pk).exists():
        raise PermissionDenied
    return activity


@login_required
def opinion_create(request: HttpRequest, activity_pk: int) -> HttpResponse:
    activity = _activity_to_add_to(request, activity_pk)
    form = OpinionForm(request.POST or None, user=request.user, activity=activity)
    if request.method == "POST" and not activity.is_upcoming and form.is_valid():
        data = form.cleaned_data
        try:
            concern = services.record_opinion(actor=request.user, activity=activity, **data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _saved_message(activity, concern))
            if ANOTHER in request.POST:
                return redirect(reverse("concerns:opinion_create", args=[activity.pk]))
            return redirect(activity.get_absolute_url() + "#opinions")
    recorded = Concern.objects.visible_to(request.user).opinions().filter(activity=activity)
    return render(
        request,
        "concerns/opinion_form.html",
        {
            "activity": activity,
            "form": form,
            "is_dialogue": activity.kind == ActivityKind.DIALOGUE,
            "recorded_count": recorded.count(),
            "topics": list(
                recorded.exclude(topic="").order_by("topic").values_list("topic", flat=True).distinct()[:50]
            ),
            "topic_list_id": TOPIC_LIST_ID,
            "another": ANOTHER,
        },
    )


def _saved_message(activity: Activity, concern: Concern) -> str:
    if activity.kind == ActivityKind.DIALOGUE:
        return _("The question was recorded with tracking code %(code)s.") % {"code": concern.tracking_code}
    return _("The opinion was recorded with tracking code %(code)s.") % {"code": concern.tracking_code}


@login_required
def petition_create(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    form = PetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.receive_petition(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The petition was recorded with tracking code %(code)s.") % {"code": concern.tracking_code},
            )
            return redirect(concern)
    return render(request, "concerns/petition_form.html", {"form": form})
