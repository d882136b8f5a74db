"""Reads of the public pages: published activities, upcoming events, headline figures, articles.

Every activity read here starts from ``Activity.objects.published()`` and never loads the
confidential columns (``CONFIDENTIAL_DEFERRED``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from activities.models import Activity, ActivityKind, ActivityPhoto, SupportType
from organizations.models import AdministrativeUnit, Organization

from .facts import CONFIDENTIAL_DEFERRED, PUBLIC_DETAILS_RELATED

# Kinds of activity that are events the public may attend (the calendar and the home page).
EVENT_KINDS = (ActivityKind.DIALOGUE, ActivityKind.VOTER_CONTACT, ActivityKind.MEETING, ActivityKind.OTHER)
HOME_EVENT_KINDS = (ActivityKind.DIALOGUE, ActivityKind.VOTER_CONTACT)


def organizers() -> Prefetch:
    return Prefetch(
        "organizations", queryset=Organization.objects.only("pk", "name", "unit_id").order_by("name")
    )


def consented_photos() -> Prefetch:
    return Prefetch(
        "photos",
        queryset=ActivityPhoto.objects.filter(people_consent=True).order_by("pk"),
        to_attr="public_photos",
    )


def published_activities() -> QuerySet:
    """Published activities with their unit (and its parent), without the confidential columns."""
    return Activity.objects.published().select_related("unit__parent").defer(*CONFIDENTIAL_DEFERRED)


def activity_for_public_page(pk: int) -> Activity | None:
    return (
        published_activities()
        .select_related(*PUBLIC_DETAILS_RELATED)
        .prefetch_related(organizers(), consented_photos(), "commitments")
        .filter(pk=pk)
        .first()
    )


def latest_activities(limit: int, *, today: datetime.date | None = None) -> list[Activity]:
    """The newest published activities that have taken place (coming events are listed apart)."""
    today = today or timezone.localdate()
    return list(
        published_activities().filter(date__lte=today).prefetch_related(organizers()).newest_first()[:limit]
    )


def upcoming_events(today: datetime.date, kinds=EVENT_KINDS) -> QuerySet:
    """Published events dated today or later, the soonest first."""
    return published_activities().filter(date__gte=today, kind__in=kinds).order_by("date", "start_time", "pk")


def activities_of_unit(unit: AdministrativeUnit, limit: int) -> list[Activity]:
    """The newest published activities logged in ``unit`` or in a unit directly under it."""
    return list(published_activities().filter(Q(unit=unit) | Q(unit__parent=unit)).newest_first()[:limit])


def activities_of_organization(organization: Organization, limit: int) -> list[Activity]:
    return list(published_activities().filter(organizations=organization).newest_first()[:limit])


@dataclass(frozen=True)
class HeadlineFigures:
    year: int
    concerns_answered: int
    households_visited: int
    houses_built: int


def headline_figures(year: int) -> HeadlineFigures:
    """This year's figures, from all the work logged (aggregates only: two queries)."""
    from concerns.models import Concern

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    concerns_answered = Concern.objects.filter(answered_on__range=(start, end)).count()
    totals = Activity.objects.filter(date__range=(start, end)).aggregate(
        households=Coalesce(Sum("visit_details__households_visited"), 0),
        houses=Coalesce(
            Sum(
                "support_details__recipients",
                filter=Q(support_details__support_type=SupportType.GREAT_UNITY_HOUSE),
            ),
            0,
        ),
    )
    return HeadlineFigures(
        year=year,
        concerns_answered=concerns_answered,
        households_visited=totals["households"],
        houses_built=totals["houses"],
    )


def _article_model():
    if not apps.is_installed("articles"):
        return None
    try:
        from articles.models import Article
    except ImportError:  # the articles app has no model yet
        return None
    return Article if hasattr(Article.objects, "published") else None


def latest_articles(limit: int, *, kind: str | None = None, exclude_kind: str | None = None) -> list:
    """The newest published articles (an empty list until the articles app has them)."""
    article = _article_model()
    if article is None:
        return []
    articles = article.objects.published().select_related("organization")
    if kind:
        articles = articles.filter(kind=kind)
    if exclude_kind:
        articles = articles.exclude(kind=exclude_kind)
    return list(articles.order_by("-published_at", "-pk")[:limit])


def articles_of_organization(organization: Organization, limit: int) -> list:
    article = _article_model()
    if article is None:
        return []
    return list(
        article.objects.published().filter(organization=organization).order_by("-published_at", "-pk")[:limit]
    )
