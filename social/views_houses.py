"""Cadre pages of the Great Unity houses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import log_access
from core.images import NewPhoto
from core.views import deny_unless, filtered, paginate, run_service

from . import services
from .filters import HouseFilter
from .forms_common import organizations_for
from .forms_houses import HouseForm, HousePhotoForm
from .models import GreatUnityHouse
from .views_common import edit_record, editable_object, form_page


def _can_create(user) -> bool:
    return organizations_for(user).exists()


@login_required
def house_list(request: HttpRequest) -> HttpResponse:
    houses = (
        GreatUnityHouse.objects.visible_to(request.user)
        .select_related("unit__parent", "organization")
        .order_by("-handed_over_on", "-started_on", "-pk")
    )
    house_filter = HouseFilter(request.GET or None, queryset=houses, request=request)
    return render(
        request,
        "social/house_list.html",
        {
            "filter": house_filter,
            "page": paginate(request, filtered(house_filter, houses)),
            "can_create": _can_create(request.user),
            "section": "houses",
        },
    )


@login_required
def house_detail(request: HttpRequest, pk: int) -> HttpResponse:
    house = get_object_or_404(
        GreatUnityHouse.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("unit__parent", "organization", "handover_activity"),
        pk=pk,
    )
    # The page shows the household: who opened it is recorded.
    log_access(request.user, house)
    return render(
        request,
        "social/house_detail.html",
        {
            "house": house,
            "photos": list(house.photos.all()),
            "spending": list(house.fund_spending.order_by("date", "pk")),
            "section": "houses",
        },
    )


@login_required
def house_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    form = HouseForm(request.POST or None, user=request.user)
    return edit_record(
        request,
        form=form,
        save=lambda house: services.save_house(actor=request.user, house=house),
        saved_message=_("The house was saved."),
        title=_("New Great Unity house"),
        back_url=reverse("social:house_list"),
        back_label=_("Great Unity houses"),
    )


@login_required
def house_edit(request: HttpRequest, pk: int) -> HttpResponse:
    house = editable_object(request, GreatUnityHouse, pk)
    form = HouseForm(request.POST or None, instance=house, user=request.user)
    return edit_record(
        request,
        form=form,
        save=lambda house: services.save_house(actor=request.user, house=house),
        saved_message=_("The house was saved."),
        title=_("Edit the house"),
        back_url=house.get_absolute_url(),
        back_label=_("Great Unity house"),
    )


@login_required
def house_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    house = editable_object(request, GreatUnityHouse, pk)
    form = HousePhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        photo = NewPhoto(
            file=form.cleaned_data["photo"],
            caption=form.cleaned_data["caption"],
            people_consent=form.cleaned_data["people_consent"],
        )
        added = run_service(
            form, lambda: services.add_house_photos(actor=request.user, house=house, photos=[photo])
        )
        if added is not None:
            messages.success(request, _("The photo was added."))
            return redirect(house)
    return form_page(
        request,
        form,
        title=_("Add a photo of the house"),
        back_url=house.get_absolute_url(),
        back_label=_("Great Unity house"),
    )
