"""Cadre pages of the exemplary models, the commendations and the emulation movements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import deny_unless, filtered, paginate

from . import services
from .filters import CommendationFilter, ModelFilter
from .forms_common import organizations_for
from .forms_recognition import CommendationForm, ExemplaryModelForm, MovementForm
from .models import Commendation, EmulationMovement, ExemplaryModel
from .views_common import edit_record, editable_object


def _can_create(user) -> bool:
    return organizations_for(user).exists()


@login_required
def model_list(request: HttpRequest) -> HttpResponse:
    models = (
        ExemplaryModel.objects.visible_to(request.user)
        .select_related("organization")
        .order_by("-year", "name", "pk")
    )
    model_filter = ModelFilter(request.GET or None, queryset=models, request=request)
    return render(
        request,
        "social/model_list.html",
        {
            "filter": model_filter,
            "page": paginate(request, filtered(model_filter, models)),
            "can_create": _can_create(request.user),
            "section": "models",
        },
    )


@login_required
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(
        ExemplaryModel.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("organization"),
        pk=pk,
    )
    return render(
        request,
        "social/model_detail.html",
        {
            "model": model,
            "movements": list(model.movements.all()),
            "commendations": list(model.commendations.order_by("-decision_date", "-pk")),
            "section": "models",
        },
    )


def _model_page(request, form, title, back_url, back_label) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda model: services.save_model(
            actor=request.user, model=model, movements=form.cleaned_data["movements"]
        ),
        saved_message=_("The exemplary model was saved."),
        title=title,
        back_url=back_url,
        back_label=back_label,
    )


@login_required
def model_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    form = ExemplaryModelForm(request.POST or None, user=request.user)
    return _model_page(
        request, form, _("New exemplary model"), reverse("social:model_list"), _("Exemplary models")
    )


@login_required
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = editable_object(request, ExemplaryModel, pk)
    form = ExemplaryModelForm(request.POST or None, instance=model, user=request.user)
    return _model_page(request, form, _("Edit the exemplary model"), model.get_absolute_url(), str(model))


@login_required
def commendation_list(request: HttpRequest) -> HttpResponse:
    commendations = (
        Commendation.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("organization", "exemplary_model")
        .order_by("-decision_date", "-pk")
    )
    commendation_filter = CommendationFilter(request.GET or None, queryset=commendations, request=request)
    return render(
        request,
        "social/commendation_list.html",
        {
            "filter": commendation_filter,
            "page": paginate(request, filtered(commendation_filter, commendations)),
            "can_create": _can_create(request.user),
            "section": "commendations",
        },
    )


def _commendation_page(request, form, title) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda commendation: services.save_commendation(actor=request.user, commendation=commendation),
        saved_message=_("The commendation was saved."),
        title=title,
        back_url=reverse("social:commendation_list"),
        back_label=_("Commendations"),
        after=lambda _saved: reverse("social:commendation_list"),
    )


@login_required
def commendation_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    form = CommendationForm(request.POST or None, user=request.user)
    return _commendation_page(request, form, _("New commendation"))


@login_required
def commendation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commendation = editable_object(request, Commendation, pk)
    form = CommendationForm(request.POST or None, instance=commendation, user=request.user)
    return _commendation_page(request, form, _("Edit the commendation"))


@login_required
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = (
        EmulationMovement.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("organization")
        .annotate(model_count=Count("exemplary_models"))
        .order_by("name", "pk")
    )
    return render(
        request,
        "social/movement_list.html",
        {
            "page": paginate(request, movements),
            "can_create": _can_create(request.user),
            "section": "movements",
        },
    )


def _movement_page(request, form, title) -> HttpResponse:
    return edit_record(
        request,
        form=form,
        save=lambda movement: services.save_movement(actor=request.user, movement=movement),
        saved_message=_("The movement was saved."),
        title=title,
        back_url=reverse("social:movement_list"),
        back_label=_("Movements and campaigns"),
        after=lambda _saved: reverse("social:movement_list"),
    )


@login_required
def movement_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    return _movement_page(
        request, MovementForm(request.POST or None, user=request.user), _("New movement or campaign")
    )


@login_required
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = editable_object(request, EmulationMovement, pk)
    form = MovementForm(request.POST or None, instance=movement, user=request.user)
    return _movement_page(request, form, _("Edit the movement or campaign"))
