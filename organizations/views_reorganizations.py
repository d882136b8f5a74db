"""Staff screens of reorganizations: the list, a draft step by step (the decision and its units, the
residential areas), the preview with the accounts whose access follows, carrying it out, undoing it.

Staff only, like the admin: anonymous visitors go to the login, other accounts get 403 on every
page. Carrying out and undoing also need an administrator (a global scope), which the services
check, and a recent proof of identity (sudo mode, ``core.sudo``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.sudo import sudo_required
from core.views import deny_unless, paginate, run_service

from .forms_reorganizations import AreaForm, ReorganizationForm, ScopeForm, after_unit_formset
from .models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
)
from .reorganization_drafts import assign_areas, carry_out, save_draft
from .reorganizing import NewUnit, Outcome, preview, undo, undo_blockers
from .scoping import scope_for


def staff_only(request: HttpRequest) -> None:
    deny_unless(request.user.is_staff)


def detail_url(reorganization: Reorganization) -> str:
    return reverse("cadre:reorganization_detail", args=[reorganization.pk])


def draft_or_404(pk: int) -> Reorganization:
    return get_object_or_404(Reorganization, pk=pk, status=ReorganizationStatus.DRAFT)


def units_before(reorganization: Reorganization) -> list[AdministrativeUnit]:
    ids = (reorganization.plan or {}).get("before") or []
    found = AdministrativeUnit.objects.select_related("parent").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def units_after(reorganization: Reorganization) -> list[NewUnit]:
    """The units after as the draft names them (without checking the plan: that is the preview's)."""
    specs = (reorganization.plan or {}).get("after") or []
    named = [spec[k] for spec in specs for k in ("unit", "parent") if spec.get(k)]
    found = AdministrativeUnit.objects.select_related("parent").in_bulk(named)
    after = []
    for spec in specs:
        existing = found.get(spec.get("unit"))
        after.append(
            NewUnit(
                spec["key"],
                existing.name if existing else spec.get("name", ""),
                existing.code if existing else spec.get("code", ""),
                existing.kind if existing else spec.get("kind", ""),
                existing.parent if existing else found.get(spec.get("parent")),
                existing=existing,
            )
        )
    return after


def open_areas(reorganization: Reorganization) -> list[AdministrativeUnit]:
    """The residential areas of the units that end that are open on the effective date."""
    before = (reorganization.plan or {}).get("before") or []
    return list(
        AdministrativeUnit.objects.filter(parent_id__in=before, kind__in=RESIDENTIAL_AREA_KINDS)
        .current(reorganization.effective_date)
        .select_related("parent")
        .order_by("parent__name", "name", "code")
    )


def has_area_step(reorganization: Reorganization) -> bool:
    return reorganization.kind != ReorganizationKind.DISSOLVE


@login_required
def reorganization_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    page = paginate(request, Reorganization.objects.all())
    return render(request, "organizations/reorganization_list.html", {"page": page})


@login_required
def reorganization_create(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    return _edit(request, Reorganization(), _("New reorganization"))


@login_required
def reorganization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    reorganization = draft_or_404(pk)
    return _edit(request, reorganization, _("Edit the reorganization"))


def _edit(request: HttpRequest, reorganization: Reorganization, title: str) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ReorganizationForm(data, instance=reorganization, user=request.user)
    after = after_unit_formset(data, reorganization=reorganization, user=request.user)
    if data is not None and all([form.is_valid(), after.is_valid()]):
        saved = run_service(
            form,
            lambda: save_draft(
                actor=request.user,
                reorganization=form.instance,
                before=[unit.pk for unit in form.cleaned_data["before"]],
                after=after.specs(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The draft was saved."))
            step = "reorganization_areas" if has_area_step(saved) else "reorganization_preview"
            return redirect(reverse(f"cadre:{step}", args=[saved.pk]))
    return render(
        request,
        "organizations/reorganization_form.html",
        {
            "form": form,
            "after": after,
            "reorganization": reorganization,
            "title": title,
            "step": 1,
            "has_area_step": has_area_step(reorganization),
        },
    )


@login_required
def reorganization_areas(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    reorganization = draft_or_404(pk)
    areas = open_areas(reorganization)
    after = units_after(reorganization)
    form = None
    if areas and after and has_area_step(reorganization):
        chosen = (reorganization.plan or {}).get("areas") or {}
        data = request.POST if request.method == "POST" else None
        form = AreaForm(data, areas=areas, after=after, chosen=chosen)
        if data is not None and form.is_valid():
            saved = run_service(
                form,
                lambda: assign_areas(
                    actor=request.user, reorganization=reorganization, areas=form.assignments()
                ),
            )
            if saved is not None:
                messages.success(request, _("The residential areas were assigned."))
                return redirect("cadre:reorganization_preview", pk=reorganization.pk)
    return render(
        request,
        "organizations/reorganization_areas.html",
        {"reorganization": reorganization, "form": form, "after": after, "step": 2, "has_area_step": True},
    )


@login_required
def reorganization_preview(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    return _preview_page(request, draft_or_404(pk))


def _preview_page(
    request: HttpRequest,
    reorganization: Reorganization,
    *,
    scope_form: ScopeForm | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    outcome: Outcome | None = None
    try:
        outcome = preview(reorganization)
    except ValidationError as error:
        errors = [*(errors or []), *error.messages]
    if outcome is not None:
        # The areas name the unit they were in (already read: no query per area).
        closed = {unit.pk: unit for unit in outcome.units_closed}
        for area in outcome.areas_closed:
            if area.parent_id in closed:
                area.parent = closed[area.parent_id]
        if scope_form is None:
            scope_form = ScopeForm(moves=outcome.scopes, labels=target_labels(outcome))
    return render(
        request,
        "organizations/reorganization_preview.html",
        {
            "reorganization": reorganization,
            "outcome": outcome,
            "errors": list(dict.fromkeys(errors or [])),
            "scope_form": scope_form,
            "can_carry_out": scope_for(request.user).is_global,
            "step": 3,
            "has_area_step": has_area_step(reorganization),
        },
    )


def target_labels(outcome: Outcome) -> dict[str, str]:
    return {key: outcome.label_of(key) for move in outcome.scopes for key in move.targets}


@login_required
@require_POST
@sudo_required
def reorganization_apply(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    reorganization = draft_or_404(pk)
    try:
        outcome = preview(reorganization)
    except ValidationError:
        return _preview_page(request, reorganization)
    form = ScopeForm(request.POST, moves=outcome.scopes, labels=target_labels(outcome))
    form.is_valid()  # check boxes: always valid
    try:
        carry_out(actor=request.user, reorganization=reorganization, scopes=form.chosen())
    except ValidationError as error:
        return _preview_page(request, reorganization, scope_form=form, errors=error.messages)
    messages.success(request, _("The reorganization was carried out."))
    return redirect(detail_url(reorganization))


@login_required
@require_POST
@sudo_required
def reorganization_undo(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    reorganization = get_object_or_404(Reorganization, pk=pk)
    try:
        undo(reorganization, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The reorganization was undone."))
    return redirect(detail_url(reorganization))


@login_required
def reorganization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    reorganization = get_object_or_404(Reorganization.objects.select_related("created_by"), pk=pk)
    context = {
        "reorganization": reorganization,
        "before": units_before(reorganization),
        "after": units_after(reorganization),
        "is_draft": reorganization.status == ReorganizationStatus.DRAFT,
        "has_area_step": has_area_step(reorganization),
    }
    if reorganization.status == ReorganizationStatus.APPLIED:
        changes = reorganization.changes or {}
        blockers = undo_blockers(reorganization)
        context |= {
            "unit_lineage": reorganization.unit_lineage.select_related("before", "after", "after__parent"),
            "organization_lineage": reorganization.organization_lineage.select_related(
                "before", "after", "after__unit"
            ),
            "counts": {
                "units_closed": len(changes.get("units_closed", {})),
                "units_created": len(changes.get("units_created", [])),
                "organizations_closed": len(changes.get("organizations_closed", {})),
                "organizations_created": len(changes.get("organizations_created", [])),
                "organizations_reattached": len(changes.get("organizations_reattached", {})),
                "terms_created": len(changes.get("terms_created", [])),
                "positions_ended": len(changes.get("positions_ended", {})),
                "scopes_moved": len(changes.get("scopes_moved", {})),
            },
            "undo_blockers": blockers,
            "can_undo": not blockers and scope_for(request.user).is_global,
        }
    return render(request, "organizations/reorganization_detail.html", context)
