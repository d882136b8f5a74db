"""Cadre screens of organizations: directory, detail, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.private_pages import cache_private_page
from core.views import deny_unless, paginate_open, require_editable, run_service

from .filters import OrganizationFilter
from .forms import OrganizationForm, can_add_organizations, current_first
from .models import BOARD_KINDS, Organization
from .scoping import require_write_scope
from .services import create_organization, save_organization


def organization_url(organization: Organization) -> str:
    return reverse("cadre:organization_detail", args=[organization.pk])


@login_required
@cache_private_page
def organization_list(request: HttpRequest) -> HttpResponse:
    # Current organizations first; the filter's "sort by" replaces this order.
    organizations = current_first(
        Organization.objects.visible_to(request.user).select_related("unit", "parent")
    )
    filterset = OrganizationFilter(request.GET or None, queryset=organizations, request=request)
    # Not counted: a province holds some 13,000 organizations (``core.views.paginate_open``).
    page = paginate_open(request, filterset.qs)
    return render(
        request,
        "organizations/organization_list.html",
        {"filter": filterset, "page": page, "can_write": can_add_organizations(request.user)},
    )


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_object_or_404(
        Organization.objects.visible_to(user)
        .with_record_edit_flag(user)
        .select_related("unit", "unit__parent", "parent"),
        pk=pk,
    )
    branches = Organization.objects.visible_to(user).filter(parent=organization).select_related("unit")
    # Through the organization, so that each position's title is named by its kind (no extra query).
    positions = list(
        organization.positions.select_related("person", "term").order_by("-start", "title", "pk")
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "branches": branches,
            "terms": organization.terms.order_by("-start"),
            "current_positions": [p for p in positions if p.is_current],
            "past_positions": [p for p in positions if not p.is_current],
            "can_edit": organization.user_can_edit,
            # Who sits on a board is changed on the board's page under Oversight.
            "is_board": organization.kind in BOARD_KINDS,
            "can_edit_positions": organization.user_can_edit and organization.kind not in BOARD_KINDS,
        },
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    deny_unless(can_add_organizations(request.user))
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        organization = run_service(
            form,
            lambda: create_organization(
                actor=request.user, organization=form.instance, head=form.head_position()
            ),
        )
        if organization is not None:
            messages.success(
                request, _("The organization “%(name)s” was created.") % {"name": organization.name}
            )
            return redirect(organization_url(organization))
    return render(
        request, "organizations/organization_form.html", {"form": form, "title": _("New organization")}
    )


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_object_or_404(Organization.objects.visible_to(user), pk=pk)
    require_editable(Organization.objects.record_editable_by(user), organization)
    title = _("Edit %(name)s") % {"name": organization.name}
    form = OrganizationForm(request.POST or None, instance=organization, user=user)
    if request.method == "POST" and form.is_valid():
        saved = run_service(form, lambda: save_organization(actor=user, organization=form.instance))
        if saved is not None:
            messages.success(request, _("The organization “%(name)s” was saved.") % {"name": saved.name})
            return redirect(organization_url(saved))
    return render(
        request,
        "organizations/organization_form.html",
        {"form": form, "organization": organization, "title": title},
    )
