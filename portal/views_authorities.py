"""Public pages of the register of authorities: how the bodies the Front sends residents' concerns
and its recommendations to answer them.

``/authorities/`` lists the authorities of today, grouped by unit, with this year's and last year's
answer rate; ``/authorities/<pk>/`` shows one authority (its unit, days to answer, dates, the body it
took over from and the one that replaced it) and, per year, what was sent to it, answered, answered
in time, still overdue, the answer rate and the median days to answer
(``oversight.answer_rates``). Only counts: no resident's name, no text of a concern.

Both pages are the same for every anonymous visitor and are cached (``cache_public_page``). An
answer recorded changes the figures without publishing anything, so the cached pages follow
within ``PUBLIC_PAGE_CACHE_SECONDS`` (ten minutes by default), as the other yearly figures of
the site do; a change to the register itself (the admin's services) moves them on at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.caching import cache_public_page
from organizations.choices import authorities_by_unit
from organizations.models import AdministrativeUnit, Authority
from oversight.answer_rates import AnswerRate, answer_rates, rate_of

# What the pages show of an authority and of its unit: nothing else is loaded.
_FIELDS = (
    "id",
    "name",
    "kind",
    "answer_days",
    "valid_from",
    "valid_to",
    "is_demo",
    "unit__id",
    "unit__name",
    "unit__kind",
    "unit__valid_to",
)


@dataclass(frozen=True)
class AuthorityRow:
    authority: Authority
    this_year: AnswerRate
    last_year: AnswerRate


@cache_public_page
def authority_list(request: HttpRequest) -> HttpResponse:
    """The authorities of today by unit, with this year's and last year's answer rates (two queries)."""
    today = timezone.localdate()
    authorities = list(Authority.objects.current(today).select_related("unit").only(*_FIELDS))
    years = (today.year, today.year - 1)
    rates = answer_rates([authority.pk for authority in authorities], years, today=today)
    groups: list[tuple[AdministrativeUnit | None, list[AuthorityRow]]] = [
        (
            unit,
            [
                AuthorityRow(
                    authority,
                    rate_of(rates, authority.pk, years[0]),
                    rate_of(rates, authority.pk, years[1]),
                )
                for authority in members
            ],
        )
        for unit, members in authorities_by_unit(authorities)
    ]
    return render(
        request,
        "portal/authority_list.html",
        {"groups": groups, "this_year": years[0], "last_year": years[1]},
    )


@cache_public_page
def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One authority and its figures per year (three queries)."""
    today = timezone.localdate()
    authority = get_object_or_404(
        Authority.objects.select_related("unit", "replaced_by").only(
            *_FIELDS, "replaced_by__id", "replaced_by__name", "replaced_by__valid_from"
        ),
        pk=pk,
    )
    replaced = list(authority.replaced.only("id", "name", "valid_to").order_by("valid_to", "name", "pk"))
    rates = answer_rates([authority.pk], today=today)
    years = sorted((rate for rate in rates.values()), key=lambda rate: rate.year, reverse=True)
    return render(
        request,
        "portal/authority_detail.html",
        {
            "authority": authority,
            "is_current": authority.is_current(today),
            "replaced": replaced,
            "years": years,
        },
    )
