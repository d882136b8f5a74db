"""Cadre screens of people: list, detail (with the private fields), create and edit.

Opening a person's detail shows their phone, e-mail and year of birth; every such view
is written to the audit log as an access by the cadre.
"""

from __future__ import annotations

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.views import paginate, require_editable, run_service

from .filters import PersonFilter
from .forms import PersonForm
from .models import Person, Position
from .scoping import scope_for
from .services import save_person


def person_url(person: Person) -> str:
    return reverse("cadre:person_detail", args=[person.pk])


def can_add_people(user) -> bool:
    """People are added in a unit; an organization-scoped cadre adds them through a position."""
    return scope_for(user).writes_in_units


def log_private_data_access(request: HttpRequest, person: Person) -> None:
    with set_actor(request.user):
        accessed.send(sender=Person, instance=person)


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    current_positions = Position.objects.visible_to(user).current().select_related("organization__parent")
    people = (
        Person.objects.visible_to(user)
        .select_related("unit")
        .prefetch_related(Prefetch("positions", queryset=current_positions, to_attr="current_positions"))
        .order_by("full_name", "pk")
    )
    filterset = PersonFilter(request.GET or None, queryset=people, request=request)
    page = paginate(request, filterset.qs)
    return render(
        request,
        "organizations/person_list.html",
        {"filter": filterset, "page": page, "can_add": can_add_people(user)},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = get_object_or_404(
        Person.objects.visible_to(user).with_private_flag(user).select_related("unit", "unit__parent"), pk=pk
    )
    positions = (
        Position.objects.visible_to(user)
        .filter(person=person)
        .select_related("organization__unit", "organization__parent", "term")
        .order_by("-start", "pk")
    )
    if person.user_can_read_private:
        log_private_data_access(request, person)
    return render(
        request,
        "organizations/person_detail.html",
        {
            "person": person,
            "positions": positions,
            "can_edit": Person.objects.editable_by(user).filter(pk=person.pk).exists(),
        },
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not can_add_people(request.user):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = run_service(form, lambda: save_person(actor=request.user, person=form.instance))
        if person is not None:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect(person_url(person))
    return render(request, "organizations/person_form.html", {"form": form, "title": _("New person")})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = get_object_or_404(Person.objects.visible_to(user), pk=pk)
    require_editable(Person.objects.editable_by(user), person)
    title = _("Edit %(name)s") % {"name": person.full_name}
    form = PersonForm(request.POST or None, instance=person, user=user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save_person(actor=user, person=form.instance))
        if saved is not None:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.full_name})
            return redirect(person_url(saved))
    # The form shows the private fields: each showing is logged, as on the detail page.
    log_private_data_access(request, person)
    return render(request, "organizations/person_form.html", {"form": form, "person": person, "title": title})
