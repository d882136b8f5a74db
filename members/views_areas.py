"""Cadre pages of the residential areas: household figures per year, and who answers for which area."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import deny_unless, paginate, require_editable
from organizations.scoping import require_write_scope, scope_for

from . import services
from .forms import AssignmentForm, HouseholdFigureForm, areas_for
from .models import Assignment, HouseholdFigure
from .views import _saved, form_page


@login_required
def figure_list(request: HttpRequest) -> HttpResponse:
    figures = (
        HouseholdFigure.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("residential_area__parent")
        .order_by("residential_area__parent__name", "residential_area__name", "-year", "pk")
    )
    return render(
        request,
        "members/figure_list.html",
        {
            "page": paginate(request, figures),
            "can_create": areas_for(request.user, writable=True).exists(),
            "section": "households",
        },
    )


def _record_page(
    request: HttpRequest, form, *, save, saved_message: str, title: str, list_name: str, list_label: str
) -> HttpResponse:
    """A household figure's or an assignment's form: saved through ``save`` (a service), then the list."""
    saved = _saved(request, form, lambda: save(form.instance), saved_message)
    if saved is not None:
        return redirect(list_name)
    return form_page(request, form, title=title, back_url=reverse(list_name), back_label=list_label)


def _figure_page(request: HttpRequest, figure: HouseholdFigure, title: str) -> HttpResponse:
    return _record_page(
        request,
        HouseholdFigureForm(request.POST or None, instance=figure, user=request.user),
        save=lambda figure: services.save_household_figure(actor=request.user, figure=figure),
        saved_message=_("The household figure was saved."),
        title=title,
        list_name="members:figure_list",
        list_label=_("Households of the areas"),
    )


@login_required
def figure_create(request: HttpRequest) -> HttpResponse:
    deny_unless(areas_for(request.user, writable=True).exists())
    return _figure_page(request, HouseholdFigure(), _("New household figure"))


@login_required
def figure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    figure = get_object_or_404(HouseholdFigure.objects.visible_to(request.user), pk=pk)
    require_editable(HouseholdFigure.objects.editable_by(request.user), figure)
    return _figure_page(request, figure, _("Edit the household figure"))


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    assignments = (
        Assignment.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("person", "residential_area__parent", "organization")
        .order_by("residential_area__parent__name", "residential_area__name", "-start", "pk")
    )
    return render(
        request,
        "members/assignment_list.html",
        {
            "page": paginate(request, assignments),
            "can_create": scope_for(request.user).can_write,
            "section": "assignments",
        },
    )


def _assignment_page(request: HttpRequest, assignment: Assignment, title: str) -> HttpResponse:
    return _record_page(
        request,
        AssignmentForm(request.POST or None, instance=assignment, user=request.user),
        save=lambda assignment: services.save_assignment(actor=request.user, assignment=assignment),
        saved_message=_("The assignment was saved."),
        title=title,
        list_name="members:assignment_list",
        list_label=_("Who answers for which area"),
    )


@login_required
def assignment_create(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    return _assignment_page(request, Assignment(), _("New assignment"))


@login_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=pk)
    require_editable(Assignment.objects.editable_by(request.user), assignment)
    return _assignment_page(request, assignment, _("Edit the assignment"))
