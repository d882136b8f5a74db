"""The residents' report pages: ``/reports/`` lists the units and the years they have
figures for, ``/reports/<unit>/<year>/`` shows a unit's figures of a year with the small counts
hidden (``reports.public``).

Both are the same for every visitor and read no query parameter, so anonymous visitors get them
from the page cache (``cache_public_page``); the cache key carries the day, so the current year's
provisional page moves on to the next quarter by itself. An unknown unit, a residential area (a
row of its commune's page), a year before the unit existed or after it ended, a year before the
public figures start or one still to come is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.caching import cache_public_page
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit

from . import public
from .indicators import SMALL_COUNT


@require_safe
@cache_public_page
def report_list(request: HttpRequest) -> HttpResponse:
    """Every unit with a public report, today's first, with the years it has figures for."""
    today = timezone.localdate()
    entries = []
    for unit in sorted(public.report_units(), key=public.unit_order):
        years = public.years_of(unit, today)
        if years:
            entries.append((unit, years))
    groups = [
        {
            "key": "current-units",
            "label": gettext("Units of today"),
            "entries": [(unit, years) for unit, years in entries if unit.is_current(today)],
        },
        {
            "key": "former-units",
            "label": gettext("Former units"),
            "entries": [(unit, years) for unit, years in entries if not unit.is_current(today)],
        },
    ]
    return render(request, "reports/public_list.html", {"groups": [g for g in groups if g["entries"]]})


@require_safe
@cache_public_page
def unit_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    today = timezone.localdate()
    unit = get_object_or_404(AdministrativeUnit.objects.exclude(kind__in=RESIDENTIAL_AREA_KINDS), pk=pk)
    chosen = public.public_year(year, today)
    if chosen is None or not public.existed_during(unit.valid_from, unit.valid_to, chosen.period):
        raise Http404
    report = public.public_report(unit, chosen, today)
    if chosen.final:
        heading = gettext("%(unit)s: figures for %(year)s") % {"unit": unit.name, "year": year}
    else:
        heading = gettext("%(unit)s: figures for %(year)s so far") % {"unit": unit.name, "year": year}
    return render(
        request,
        "reports/public_report.html",
        {
            "report": report,
            "heading": heading,
            "years": public.years_of(unit, today),
            "fewer_than": public.fewer_than(),
            "hidden": public.hidden_text(),
            "small_count": SMALL_COUNT,
        },
    )
