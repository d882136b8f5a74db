"""Helpers of the cadre views: pages of a list, filters that fail safe, a service run from a form.

Objects always come from a scoped QuerySet (``visible_to`` / ``editable_by``): outside the scope
is a 404; seen but not changeable is a 403 (``deny_unless``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest

from .forms import apply_service_errors

PAGE_SIZE = 25

Result = TypeVar("Result")


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def filtered(filterset, queryset: QuerySet) -> QuerySet:
    """The filtered QuerySet; a filter that does not validate (a unit outside the scope) shows nothing."""
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none()
    return filterset.qs


def require_editable(editable: QuerySet, obj: Model) -> None:
    """403 unless ``obj`` (already known to be visible) is in the ``editable_by`` QuerySet."""
    if not editable.filter(pk=obj.pk).exists():
        raise PermissionDenied


def deny_unless(allowed: bool) -> None:
    """403 unless ``allowed``."""
    if not allowed:
        raise PermissionDenied


def run_service(
    form: BaseForm, call: Callable[[], Result], field_map: dict[str, str] | None = None
) -> Result | None:
    """Run a service; on a ValidationError put its errors on ``form`` and return None."""
    try:
        return call()
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map)
        return None
