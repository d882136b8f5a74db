"""Reads of the residents' site that draw on several apps: the home page's figures and articles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.db.models.functions import Coalesce

from activities.models import Activity
from articles.models import Article
from concerns.models import Concern
from organizations.models import Organization
from social.models import GreatUnityHouse


@dataclass(frozen=True)
class HeadlineFigures:
    year: int
    concerns_answered: int
    households_visited: int
    houses_built: int


def headline_figures(year: int) -> HeadlineFigures:
    """This year's figures, from all the work logged (aggregates only: three queries).

    Great Unity houses are counted from the register of houses (``social``), one per house handed
    over this year; the support activities at which they were handed over are not counted again.
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    concerns_answered = Concern.objects.filter(answered_on__range=(start, end)).count()
    totals = Activity.objects.filter(date__range=(start, end)).aggregate(
        households=Coalesce(Sum("visit_details__households_visited"), 0),
    )
    return HeadlineFigures(
        year=year,
        concerns_answered=concerns_answered,
        households_visited=totals["households"],
        houses_built=GreatUnityHouse.objects.handed_over_between(start, end).count(),
    )


def latest_articles(limit: int, *, kind: str | None = None, exclude_kind: str | None = None) -> list:
    """The newest published articles."""
    articles = Article.objects.published().select_related("organization")
    if kind:
        articles = articles.filter(kind=kind)
    if exclude_kind:
        articles = articles.exclude(kind=exclude_kind)
    return list(articles.order_by("-published_at", "-pk")[:limit])


def articles_of_organization(organization: Organization, limit: int) -> list:
    return list(
        Article.objects.published().filter(organization=organization).order_by("-published_at", "-pk")[:limit]
    )
