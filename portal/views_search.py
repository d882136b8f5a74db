"""The public search page: /search/?q=...&type=..."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core import search
from core.caching import cache_public_page

PAGE_SIZE = 20


@require_safe
@cache_public_page(params=("q", "type", "page"))
def search_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")[: search.MAX_QUERY_LENGTH * 2]
    results = search.search(raw)
    chosen = request.GET.get("type", "")
    if chosen not in results.counts:
        chosen = ""
    entries = results.entries.filter(result_type=chosen) if chosen else results.entries
    paginator = Paginator(entries, PAGE_SIZE)
    # The type counts already tell how many results there are: no second count query.
    paginator.count = results.counts.get(chosen, 0) if chosen else results.total
    page = paginator.get_page(request.GET.get("page"))
    registrations = {r.result_type: r for r in search.registrations()}
    for entry in page:
        registration = registrations.get(entry.result_type)
        entry.type_label = registration.label if registration else entry.result_type
        entry.subtype_label = registration.subtype_labels.get(entry.subtype, "") if registration else ""
    types = [
        {"type": r.result_type, "label": r.label, "count": results.counts[r.result_type]}
        for r in sorted(search.registrations(), key=lambda r: r.weight)
        if results.counts.get(r.result_type)
    ]
    return render(
        request,
        "portal/search.html",
        {
            "query": raw.strip()[: search.MAX_QUERY_LENGTH],
            "searched": bool(results.terms),
            "results": results,
            "page": page,
            "types": types,
            "chosen": chosen,
        },
    )
