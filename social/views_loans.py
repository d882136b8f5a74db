"""Cadre pages of the savings-and-loan groups: the groups, their figures, the bank's sheet."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.views import deny_unless, filtered, paginate, run_service
from organizations.scoping import require_write_scope, scope_for

from . import services
from .filters import GroupFilter
from .forms_common import associations_for
from .forms_loans import GroupForm, SheetForm, SnapshotForm
from .models import LoanSnapshot, SavingsGroup
from .views_common import edit_record, editable_object, form_page

SAMPLE_SHEET = Path(__file__).resolve().parent / "samples" / "vbsp-loan-figures-example.xlsx"


def _can_create(user) -> bool:
    return associations_for(user).exists()


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    latest = LoanSnapshot.objects.filter(group=OuterRef("pk")).order_by("-date", "-pk")
    groups = (
        SavingsGroup.objects.visible_to(request.user)
        .select_related("unit__parent", "association")
        .annotate(
            latest_date=Subquery(latest.values("date")[:1]),
            latest_outstanding=Subquery(latest.values("outstanding_vnd")[:1]),
            latest_overdue=Subquery(latest.values("overdue_vnd")[:1]),
        )
        .order_by("code", "pk")
    )
    group_filter = GroupFilter(request.GET or None, queryset=groups, request=request)
    return render(
        request,
        "social/group_list.html",
        {
            "filter": group_filter,
            "page": paginate(request, filtered(group_filter, groups)),
            "can_create": _can_create(request.user),
            "can_import": scope_for(request.user).can_write,
            "section": "groups",
        },
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(
        SavingsGroup.objects.visible_to(request.user)
        .with_edit_flag(request.user)
        .select_related("unit__parent", "association"),
        pk=pk,
    )
    snapshots = group.snapshots.select_related("unit").prefetch_related("lines").order_by("-date", "-pk")
    return render(
        request,
        "social/group_detail.html",
        {"group": group, "page": paginate(request, snapshots, 12), "section": "groups"},
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    deny_unless(_can_create(request.user))
    form = GroupForm(request.POST or None, user=request.user)
    return edit_record(
        request,
        form=form,
        save=lambda group: services.save_group(actor=request.user, group=group),
        saved_message=_("The group was saved."),
        title=_("New savings-and-loan group"),
        back_url=reverse("social:group_list"),
        back_label=_("Savings-and-loan groups"),
    )


@login_required
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = editable_object(request, SavingsGroup, pk)
    form = GroupForm(request.POST or None, instance=group, user=request.user)
    return edit_record(
        request,
        form=form,
        save=lambda group: services.save_group(actor=request.user, group=group),
        saved_message=_("The group was saved."),
        title=_("Edit the group"),
        back_url=group.get_absolute_url(),
        back_label=str(group),
    )


def _snapshot_page(request: HttpRequest, group: SavingsGroup, snapshot: LoanSnapshot) -> HttpResponse:
    form = SnapshotForm(request.POST or None, snapshot=snapshot)
    if request.method == "POST" and form.is_valid():
        snapshot.date = form.cleaned_data["date"]
        saved = run_service(
            form,
            lambda: services.save_snapshot(actor=request.user, snapshot=snapshot, lines=form.lines()),
        )
        if saved is not None:
            messages.success(request, _("The loan figures were saved."))
            return redirect(group)
    title = _("Loan figures of %(group)s") % {"group": group.code}
    return form_page(
        request,
        form,
        title=title,
        back_url=group.get_absolute_url(),
        back_label=str(group),
        intro=_(
            "Enter the figures of each lending programme on the date; "
            "leave a programme empty if the group has none."
        ),
        template="social/snapshot_form.html",
    )


@login_required
def snapshot_create(request: HttpRequest, pk: int) -> HttpResponse:
    group = editable_object(request, SavingsGroup, pk)
    return _snapshot_page(request, group, LoanSnapshot(group=group))


@login_required
def snapshot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = editable_object(request, LoanSnapshot, pk, LoanSnapshot.objects.select_related("group"))
    return _snapshot_page(request, snapshot.group, snapshot)


@login_required
def sheet_import(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    form = SheetForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        result = services.import_loan_sheet(actor=request.user, upload=upload, file_name=upload.name)
        if result.saved:
            done = result.loan_import
            messages.success(
                request,
                _("The sheet was imported: %(rows)s rows, %(created)s new snapshots, %(replaced)s replaced.")
                % {"rows": done.rows, "created": done.snapshots_created, "replaced": done.snapshots_replaced},
            )
            return redirect("social:group_list")
        errors = result.errors
    return render(
        request,
        "social/sheet_import.html",
        {"form": form, "errors": errors[:500], "error_count": len(errors), "section": "groups"},
    )


@login_required
@require_safe
def sheet_sample(request: HttpRequest) -> HttpResponse:
    """The example sheet (the columns the import reads), to download."""
    return FileResponse(SAMPLE_SHEET.open("rb"), as_attachment=True, filename=SAMPLE_SHEET.name)
