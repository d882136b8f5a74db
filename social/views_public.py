"""Public pages: the Fund for the Poor's disclosure, the houses handed over, the exemplary models.

What is public: each fund's receipts (donors named only with their consent) and spending (purpose,
description, amount; never who received it), the balance; handed-over houses by area, work, date,
cost by source and labour, with consented photos (never the household); published models and
commendations (a person named only with their consent). Cached, the same for every visitor.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting
from core.caching import cache_public_page
from core.views import filtered, paginate

from . import public
from .filters import FIRST_YEAR, PublicHouseFilter

PAGE_SIZE = 20
ROWS_PAGE_SIZE = 50


def _period(
    request: HttpRequest, today: datetime.date
) -> tuple[int, int | None, datetime.date, datetime.date]:
    """The year (and quarter) asked for: a 404 for anything else, so that no odd URL is cached."""
    try:
        year = int(request.GET.get("year", today.year))
        quarter = int(request.GET["quarter"]) if request.GET.get("quarter") else None
    except ValueError as exc:
        raise Http404 from exc
    if not FIRST_YEAR <= year <= today.year or quarter not in (None, 1, 2, 3, 4):
        raise Http404
    if quarter is None:
        return year, None, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = (datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - datetime.timedelta(days=1)
    return year, quarter, start, end


@cache_public_page
def fund_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    committees = list(public.fund_committees())
    return render(request, "social/public/fund_list.html", {"committees": committees, "today": today})


def _disclosure_context(request: HttpRequest, pk: int) -> dict:
    committee = get_object_or_404(public.fund_committees(), pk=pk)
    today = timezone.localdate()
    year, quarter, start, end = _period(request, today)
    return {
        "committee": committee,
        "year": year,
        "quarter": quarter,
        "period": formatting.quarter(quarter, year) if quarter else _("year %(year)s") % {"year": year},
        "years": range(today.year, FIRST_YEAR - 1, -1),
        "disclosure": public.disclosure(committee, start, end),
        "receipts": public.public_receipts(committee).filter(date__range=(start, end)),
        "spending": public.public_spending(committee).filter(date__range=(start, end)),
        "today": today,
    }


@cache_public_page(params=("year", "quarter", "page", "spending_page"))
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _disclosure_context(request, pk)
    context["receipts"] = paginate(request, context["receipts"], ROWS_PAGE_SIZE)
    context["spending"] = Paginator(context["spending"], ROWS_PAGE_SIZE).get_page(
        request.GET.get("spending_page")
    )
    return render(request, "social/public/fund_detail.html", context)


@cache_public_page(params=("year", "quarter"))
def fund_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable notice of the disclosure: the sums, and every receipt and spending of the period."""
    context = _disclosure_context(request, pk)
    context["receipts"] = list(context["receipts"])
    context["spending"] = list(context["spending"])
    return render(request, "social/public/fund_notice.html", context)


@cache_public_page(params=("page", *PublicHouseFilter.base_filters))
def house_list(request: HttpRequest) -> HttpResponse:
    houses = public.handed_over_houses()
    house_filter = PublicHouseFilter(request.GET or None, queryset=houses, request=request)
    return render(
        request,
        "social/public/house_list.html",
        {"filter": house_filter, "page": paginate(request, filtered(house_filter, houses), PAGE_SIZE)},
    )


@cache_public_page(params=("page",))
def model_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "social/public/model_list.html",
        {
            "page": paginate(request, public.published_models(), PAGE_SIZE),
            "commendations": list(public.published_commendations()[:30]),
        },
    )


@cache_public_page
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(public.published_models(), pk=pk)
    return render(
        request,
        "social/public/model_detail.html",
        {
            "model": model,
            "commendations": list(public.published_commendations().filter(exemplary_model=model)),
        },
    )
