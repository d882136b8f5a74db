"""Helpers shared by the cadre views of the organization structure.

Objects are always fetched through a scoped QuerySet: outside the scope is a 404; seen
but not changeable (read-only access, or a write scope that does not cover it) is a 403.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest

from .forms import apply_service_errors
from .scoping import scope_for

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def require_editable(editable: QuerySet, obj: Model) -> None:
    """403 unless ``obj`` (already known to be visible) is in the ``editable_by`` queryset."""
    if not editable.filter(pk=obj.pk).exists():
        raise PermissionDenied


def require_write_scope(user) -> None:
    """403 for an account that may change nothing (a read-only cadre)."""
    if not scope_for(user).can_write:
        raise PermissionDenied


def try_service(
    form: BaseForm, call: Callable[[], Model], field_map: dict[str, str] | None = None
) -> Model | None:
    """Run a service; on a ValidationError put its errors on ``form`` and return None."""
    try:
        return call()
    except ValidationError as exc:
        apply_service_errors(form, exc, field_map)
        return None
