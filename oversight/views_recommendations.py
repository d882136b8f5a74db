"""Cadre pages of recommendations: the inbox, a recommendation's page, its lifecycle steps,
a new recommendation of a supervision / inspection / session, and a re-supervision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import deny_unless, filtered, paginate, run_service

from . import selectors, services
from .filters import RecommendationFilter
from .forms import (
    CloseForm,
    ImplementationForm,
    RecommendationForm,
    ReplyForm,
    SendForm,
    SupervisionForm,
    organizers_for,
)
from .models import Inspection, MonitoringSession, Recommendation, RecommendationStatus, Supervision
from .views_common import form_page

Status = RecommendationStatus


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    recommendations = selectors.recommendation_inbox(request.user, today=today)
    recommendation_filter = RecommendationFilter(
        request.GET or None, queryset=recommendations, request=request
    )
    page = paginate(request, filtered(recommendation_filter, recommendations))
    selectors.mark_visible_concerns(request.user, page.object_list)
    return render(
        request,
        "oversight/recommendation_inbox.html",
        {"filter": recommendation_filter, "page": page, "today": today},
    )


@dataclass(frozen=True)
class Step:
    name: str
    title: Promise
    button: Promise
    done: Promise
    form_class: type[forms.Form]
    allowed: Callable[[Recommendation], bool]
    perform: Callable[..., Recommendation]

    def url(self, recommendation: Recommendation) -> str:
        return reverse(f"oversight:recommendation_{self.name}", args=[recommendation.pk])


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "send",
            gettext_lazy("Send to the authority"),
            gettext_lazy("Send"),
            gettext_lazy("The recommendation was recorded as sent."),
            SendForm,
            lambda r: r.can_go_to(Status.SENT),
            lambda actor, r, data: services.send_recommendation(actor=actor, recommendation=r, **data),
        ),
        Step(
            "reply",
            gettext_lazy("Record the reply"),
            gettext_lazy("Save the reply"),
            gettext_lazy("The reply was recorded."),
            ReplyForm,
            lambda r: r.can_go_to(Status.REPLIED),
            lambda actor, r, data: services.record_reply(actor=actor, recommendation=r, **data),
        ),
        Step(
            "implementation",
            gettext_lazy("Follow the implementation"),
            gettext_lazy("Save"),
            gettext_lazy("The implementation was recorded."),
            ImplementationForm,
            lambda r: r.can_record_implementation,
            lambda actor, r, data: services.record_implementation(actor=actor, recommendation=r, **data),
        ),
        Step(
            "close",
            gettext_lazy("Close the recommendation"),
            gettext_lazy("Close"),
            gettext_lazy("The recommendation was closed."),
            CloseForm,
            lambda r: r.can_go_to(Status.CLOSED),
            lambda actor, r, data: services.close_recommendation(actor=actor, recommendation=r, **data),
        ),
    )
}


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(selectors.recommendation_for_detail(request.user), pk=pk)
    editable = recommendation.user_can_edit
    steps = (
        [
            (
                step,
                step.form_class(recommendation=recommendation, user=request.user, prefix=step.name),
                step.url(recommendation),
            )
            for step in STEPS.values()
            if step.allowed(recommendation)
        ]
        if editable
        else []
    )
    return render(
        request,
        "oversight/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "is_overdue": recommendation.is_overdue_on(timezone.localdate()),
            "concern_visible": selectors.can_see_concern(request.user, recommendation.concern),
            "can_edit": editable,
            "can_resupervise": editable and organizers_for(request.user).exists(),
            "steps": steps,
            "resupervisions": list(
                recommendation.resupervisions.select_related("organization").order_by("start", "pk")
            ),
        },
    )


@login_required
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    recommendation = get_object_or_404(selectors.recommendation_for_detail(request.user), pk=pk)
    deny_unless(recommendation.user_can_edit)
    form = spec.form_class(
        request.POST if request.method == "POST" else None,
        recommendation=recommendation,
        user=request.user,
        prefix=spec.name,
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(form, lambda: spec.perform(request.user, recommendation, form.cleaned_data))
        if done is not None:
            messages.success(request, spec.done)
            return redirect(recommendation)
    intro = "" if spec.allowed(recommendation) else services.forbidden_message(recommendation, spec.name)
    return form_page(
        request,
        form if spec.allowed(recommendation) else None,
        title=spec.title,
        back_url=recommendation.get_absolute_url(),
        back_label=_("Back to the recommendation"),
        intro=intro,
        submit=spec.button,
    )


ORIGINS = {"supervision": Supervision, "inspection": Inspection, "session": MonitoringSession}


@login_required
def create(request: HttpRequest, pk: int, origin: str) -> HttpResponse:
    model = ORIGINS[origin]
    source = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    deny_unless(model.objects.editable_by(request.user).filter(pk=pk).exists())
    form = RecommendationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        recommendation = run_service(
            form,
            lambda: services.create_recommendation(
                actor=request.user,
                origin=source,
                content=data["content"],
                authority=data["authority"],
                concern=data.get("concern"),
                sent_on=data["sent_on"],
                due_date=data["due_date"],
                document_number=data["document_number"],
            ),
        )
        if recommendation is not None:
            messages.success(request, _("The recommendation was saved."))
            return redirect(recommendation)
    return form_page(
        request,
        form,
        title=_("New recommendation"),
        back_url=source.get_absolute_url(),
        back_label=str(source),
    )


@login_required
def resupervise(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(selectors.recommendation_for_detail(request.user), pk=pk)
    # A re-supervision is organized by the Front or an association, not by a board.
    deny_unless(recommendation.user_can_edit and organizers_for(request.user).exists())
    earlier = recommendation.supervision
    initial = {
        "subject": _("Re-supervision: %(subject)s") % {"subject": str(recommendation)},
        "content": _("Check what became of the recommendation: %(content)s")
        % {"content": recommendation.content},
        "form": earlier.form if earlier else "team",
        "kind": "supervision",
    }
    if earlier is not None:
        initial["organization"] = earlier.organization_id
    form = SupervisionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        supervision = run_service(
            form,
            lambda: services.start_resupervision(
                actor=request.user,
                recommendation=recommendation,
                supervision=form.instance,
                participants=form.cleaned_data["participants"],
            ),
        )
        if supervision is not None:
            messages.success(request, _("The re-supervision was planned."))
            return redirect(supervision)
    return form_page(
        request,
        form,
        title=_("Plan a re-supervision"),
        back_url=recommendation.get_absolute_url(),
        back_label=_("Back to the recommendation"),
        intro=_("A new supervision that checks what became of this recommendation."),
    )
