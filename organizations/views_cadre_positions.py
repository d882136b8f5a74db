"""Cadre screens of an organization's terms and positions: create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.views import deny_unless, require_editable, run_service

from .forms import NEW_PERSON_FIELDS, PositionForm, TermForm
from .models import BOARD_KINDS, Organization, Position, Term
from .services import save_position, save_term
from .views_cadre_organizations import organization_url

# A service error about the new person's fields belongs next to the form's new_* fields.
NEW_PERSON_ERROR_FIELDS = {model_field: form_field for form_field, model_field in NEW_PERSON_FIELDS.items()}


def editable_organization(request: HttpRequest, pk: int, *, positions: bool = False) -> Organization:
    """An organization whose record the user may change (403 if seen but not; 404 if not seen).

    Positions on a board are changed on the board's page under Oversight, never here."""
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    require_editable(Organization.objects.record_editable_by(request.user), organization)
    deny_unless(not (positions and organization.kind in BOARD_KINDS))
    return organization


def render_form(request: HttpRequest, form, organization: Organization, title: str) -> HttpResponse:
    return render(
        request,
        "organizations/organization_part_form.html",
        {"form": form, "organization": organization, "title": title},
    )


@login_required
def term_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = editable_organization(request, pk)
    form = TermForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        term = run_service(form, lambda: save_term(actor=request.user, term=form.instance))
        if term is not None:
            messages.success(request, _("The term was added."))
            return redirect(organization_url(organization))
    return render_form(request, form, organization, _("New term"))


@login_required
def term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(Term.objects.visible_to(request.user).select_related("organization"), pk=pk)
    require_editable(Term.objects.editable_by(request.user), term)
    organization = term.organization
    form = TermForm(request.POST or None, instance=term, organization=organization)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save_term(actor=request.user, term=form.instance))
        if saved is not None:
            messages.success(request, _("The term was saved."))
            return redirect(organization_url(organization))
    return render_form(request, form, organization, _("Edit term"))


@login_required
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = editable_organization(request, pk, positions=True)
    form = PositionForm(request.POST or None, user=request.user, organization=organization)
    if request.method == "POST" and form.is_valid():
        position = run_service(
            form,
            lambda: save_position(actor=request.user, position=form.instance, new_person=form.new_person),
            field_map=NEW_PERSON_ERROR_FIELDS if form.new_person is not None else None,
        )
        if position is not None:
            messages.success(request, _("The position was added."))
            return redirect(organization_url(organization))
    return render_form(request, form, organization, _("New position"))


@login_required
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(
        Position.objects.visible_to(request.user).select_related("organization", "organization__unit"), pk=pk
    )
    require_editable(Position.objects.editable_by(request.user), position)
    organization = position.organization
    deny_unless(organization.kind not in BOARD_KINDS)
    form = PositionForm(
        request.POST or None,
        instance=position,
        user=request.user,
        organization=organization,
        allow_new_person=False,
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save_position(actor=request.user, position=form.instance))
        if saved is not None:
            messages.success(request, _("The position was saved."))
            return redirect(organization_url(organization))
    return render_form(request, form, organization, _("Edit position"))
