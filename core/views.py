"""Helpers of the cadre views: pages of a list, filters that fail safe, a service run from a form.

Objects always come from a scoped QuerySet (``visible_to`` / ``editable_by``): outside the scope
is a 404; seen but not changeable is a 403 (``deny_unless``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest

from .forms import apply_service_errors

PAGE_SIZE = 25
# The deepest page of a list that is not counted (a page number in the address is the reader's).
MAX_OPEN_PAGE = 10_000

Result = TypeVar("Result")


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class OpenPage:
    """A page of a list that is not counted: its rows and whether more follow.

    For the lists a province's cadre reads in full (the work log: tens of thousands of
    activities), where counting every row the account may see would cost more than the page
    itself: the page reads one row more than it shows, so it costs the same on the first page of a
    ward and of a province. ``templates/core/_pagination.html`` shows "Previous" / "Next" for it.
    """

    object_list: list
    number: int
    per_page: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.object_list)


def page_number(request: HttpRequest) -> int:
    """The page named by ``?page=``: the first when it is not a number, at most ``MAX_OPEN_PAGE``."""
    try:
        number = max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    return min(number, MAX_OPEN_PAGE)


def open_page(rows: list, number: int, per_page: int) -> OpenPage:
    """The page of ``rows``: the list's rows from the page's first, read one further than a page
    to tell whether another follows."""
    return OpenPage(rows[:per_page], number, per_page, has_next=len(rows) > per_page)


def paginate_open(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> OpenPage:
    """The page of ``queryset`` named by ``?page=``, without counting the rows: one query of
    ``per_page + 1`` rows. A page past the end is empty."""
    number = page_number(request)
    start = (number - 1) * per_page
    return open_page(list(queryset[start : start + per_page + 1]), number, per_page)


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
