"""Helpers of the oversight cadre views.

Objects always come from a scoped QuerySet: outside the scope is a 404; seen but not
changeable (read-only access, or a scope that does not cover it) is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from organizations.forms import apply_service_errors

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def filtered(filterset, queryset: QuerySet) -> QuerySet:
    """The filtered QuerySet; a filter that does not validate (a unit outside the scope) shows nothing."""
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()
    return filterset.qs


def deny_unless(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def run_service(form: BaseForm, call: Callable[[], object], field_map: dict[str, str] | None = None):
    """Run a service; on a ValidationError put its errors on ``form`` and return None."""
    try:
        return call()
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map)
        return None


def form_page(
    request: HttpRequest,
    form: BaseForm | None,
    *,
    title: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    parts: Sequence[object] = (),
    submit: str = "",
    status: int = 200,
) -> HttpResponse:
    """The one page of every create, edit and action form: a title, the form (or its parts), a way back."""
    return render(
        request,
        "oversight/form.html",
        {
            "form": form,
            "parts": parts,
            "title": title,
            "back_url": back_url,
            "back_label": back_label,
            "intro": intro,
            "submit": submit,
        },
        status=status,
    )
