"""The report page of the cadres (``/cadre/reports/``), its print version and its exports, and the
answers by authority of its unit (``/cadre/reports/authorities/``), which the page loads after it.

The unit or organization asked for comes only from the scoped QuerySets: another scope's is a 404,
like every object of the work area. Without a choice the report is of the reader's scope.
``?format=xlsx`` and ``?format=csv`` give the same report as a spreadsheet.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import scope_for

from . import exports
from .authorities import authority_answers
from .compute import Report, build_report
from .forms import ReportForm
from .tables import section_tables


def _chosen(request: HttpRequest, name: str, queryset: QuerySet) -> Model | None:
    """The object named by ``?<name>=<id>`` among those the reader may see; a 404 for any other."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=int(raw))


def place_and_date(report: Report) -> str:
    """``Phước Hội, ngày 06 tháng 12 năm 2026``: where and when a Front report is made."""
    day = report.made_on
    return gettext("%(place)s, %(day)s/%(month)s/%(year)s") % {
        "place": report.subject.place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


@login_required
def report(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    unit = _chosen(request, "unit", AdministrativeUnit.objects.visible_to(user))
    organization = _chosen(request, "organization", Organization.objects.visible_to(user))
    data = ReportForm.defaults(today) | {key: value for key, value in request.GET.items() if value != ""}
    form = ReportForm(data, user=user, today=today, unit=unit, organization=organization)
    built = None
    if form.is_valid():
        built = build_report(
            scope=scope_for(user),
            period=form.cleaned_data["period"],
            view=form.cleaned_data["view"],
            unit=unit,
            organization=organization,
            today=today,
        )
        export = request.GET.get("format")
        if export == "xlsx":
            return exports.xlsx_response(built)
        if export == "csv":
            return exports.csv_response(built)
    context = {"form": form, "report": built}
    if built is not None:
        context.update(
            tables=section_tables(built),
            place_and_date=place_and_date(built),
            view_label=exports.view_label(built),
            columns=exports.column_headings(built),
            authorities_url=_authorities_url(request, built),
        )
    return render(request, "reports/report.html", context)


def _authorities_url(request: HttpRequest, report: Report) -> str:
    """Where the page loads the answers by authority of the report's unit (none for an
    organization's report, whose concerns and recommendations are not sent by a unit)."""
    unit = report.subject.unit
    if unit is None:
        return ""
    query = request.GET.copy()
    for name in ("organization", "format"):
        query.pop(name, None)
    query["unit"] = str(unit.pk)
    return f"{reverse('reports:authorities')}?{query.urlencode()}"


@login_required
def authorities(request: HttpRequest) -> HttpResponse:
    """The answers by authority of a unit's report (the report page's parameters): the part of the
    page that htmx loads into it, or a page of its own (without JavaScript, or opened directly)."""
    user = request.user
    today = timezone.localdate()
    unit = _chosen(request, "unit", AdministrativeUnit.objects.visible_to(user))
    data = ReportForm.defaults(today) | {key: value for key, value in request.GET.items() if value != ""}
    form = ReportForm(data, user=user, today=today, unit=unit, organization=None)
    if unit is None or request.GET.get("organization") or not form.is_valid():
        # Nothing to answer for: the report page says what is missing or wrong.
        return redirect(f"{reverse('reports:report')}?{request.GET.urlencode()}")
    period, view = form.cleaned_data["period"], form.cleaned_data["view"]
    context = {
        "unit": unit,
        "period": period,
        "authority_answers": authority_answers(unit, period, view, today),
        "report_url": f"{reverse('reports:report')}?{request.GET.urlencode()}",
    }
    partial = request.headers.get("HX-Request") == "true"
    response = render(
        request, "reports/_authorities.html" if partial else "reports/authorities.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
