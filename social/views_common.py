"""Helpers of the social cadre views: the one form page, and creating or editing a record through a
service. Objects always come from a scoped QuerySet: outside the scope is a 404; seen but not
changeable is a 403."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from core.views import require_editable, run_service


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    template: str = "social/form.html",
    extra: dict | None = None,
) -> HttpResponse:
    """The page of every create and edit form: a title, the form, a way back."""
    context = {"form": form, "title": title, "back_url": back_url, "back_label": back_label, "intro": intro}
    return render(request, template, context | (extra or {}))


def editable_object(request: HttpRequest, model: type[Model], pk: int, queryset: QuerySet | None = None):
    """The object if the user may change it: 404 outside their scope, 403 when they may only read it."""
    visible = model.objects.visible_to(request.user)
    obj = get_object_or_404(
        queryset.filter(pk__in=visible.values("pk")) if queryset is not None else visible, pk=pk
    )
    require_editable(model.objects.editable_by(request.user), obj)
    return obj


def edit_record(
    request: HttpRequest,
    *,
    form: BaseForm,
    save: Callable[[Model], Model],
    saved_message: str,
    title: str,
    back_url: str,
    back_label: str,
    after: Callable[[Model], str] | None = None,
    intro: str = "",
) -> HttpResponse:
    """Show ``form``; on a valid POST, save its instance with ``save`` (a service) and redirect."""
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save(form.instance))
        if saved is not None:
            messages.success(request, saved_message)
            return redirect(after(saved) if after else saved.get_absolute_url())
    return form_page(request, form, title=title, back_url=back_url, back_label=back_label, intro=intro)
