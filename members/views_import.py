"""Importing a member register sheet: upload, map the columns, check and import; the example sheet."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.views import run_service
from organizations.scoping import require_write_scope

from . import services
from .forms import MappingForm, SheetForm
from .member_sheet import proposed_mapping, read_headers
from .models import MemberImport

SAMPLE_SHEET = Path(__file__).resolve().parent / "samples" / "member-register-example.xlsx"
# How many mistakes the page lists (the count says how many there are).
SHOWN_ERRORS = 500


@login_required
def sheet_upload(request: HttpRequest) -> HttpResponse:
    require_write_scope(request.user)
    form = SheetForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["sheet"]
        saved = run_service(
            form,
            lambda: services.upload_member_sheet(
                actor=request.user,
                organization=form.cleaned_data["organization"],
                content=upload.read(),
                file_name=upload.name,
            ),
        )
        if saved is not None:
            return redirect("members:sheet_map", pk=saved.pk)
    return render(request, "members/sheet_upload.html", {"form": form, "section": "import"})


@login_required
def sheet_map(request: HttpRequest, pk: int) -> HttpResponse:
    """The column mapping screen, then the check and the import (all rows, or nothing)."""
    require_write_scope(request.user)
    member_import = get_object_or_404(
        MemberImport.objects.select_related("organization").filter(
            created_by=request.user, imported_at__isnull=True
        ),
        pk=pk,
    )
    found = read_headers(bytes(member_import.content))
    if found is None:
        messages.error(request, _("The file is not an Excel workbook (.xlsx)."))
        return redirect("members:sheet_upload")
    header_row, headers = found
    form = MappingForm(request.POST or None, headers=headers, proposed=proposed_mapping(headers))
    errors = []
    if request.method == "POST" and form.is_valid():
        result = run_service(
            form,
            lambda: services.import_member_sheet(
                actor=request.user, member_import=member_import, header_row=header_row, mapping=form.mapping()
            ),
        )
        if result is not None and result.saved:
            messages.success(
                request,
                _("The sheet was imported: %(rows)s memberships, %(created)s new members.")
                % {"rows": result.member_import.rows, "created": result.member_import.members_created},
            )
            return redirect("members:register")
        errors = result.errors if result is not None else []
    return render(
        request,
        "members/sheet_map.html",
        {
            "form": form,
            "member_import": member_import,
            "header_row": header_row,
            "errors": errors[:SHOWN_ERRORS],
            "error_count": len(errors),
            "section": "import",
        },
    )


@login_required
@require_safe
def sheet_sample(request: HttpRequest) -> HttpResponse:
    """The example sheet (the columns the import reads, and a sample row), to download."""
    return FileResponse(SAMPLE_SHEET.open("rb"), as_attachment=True, filename=SAMPLE_SHEET.name)
