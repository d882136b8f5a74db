"""The coverage of the residential areas: households reached this year, last visit, per area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.views import paginate
from members.models import Assignment
from organizations.models import AdministrativeUnit
from organizations.scoping import scope_for

from .coverage import area_rows


def my_areas(user, today) -> list[AdministrativeUnit]:
    """The residential areas the user's person answers for today (their assignments)."""
    if user.person_id is None:
        return []
    assigned = (
        Assignment.objects.current(today).filter(person_id=user.person_id).values("residential_area_id")
    )
    return list(
        AdministrativeUnit.objects.filter(pk__in=assigned)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Today's residential areas the user reads, with their coverage this year."""
    today = timezone.localdate()
    scope = scope_for(request.user)
    areas = AdministrativeUnit.objects.residential_areas().current(today)
    if not scope.is_global:
        areas = areas.filter(pk__in=scope.readable_work_unit_ids)
    page = paginate(request, areas.select_related("parent").order_by(F("parent__name"), "name", "pk"))
    return render(
        request,
        "portal/coverage.html",
        {"page": page, "rows": area_rows(page, today), "year": today.year},
    )
