"""Reads of the public pages: published activities, upcoming events, headline figures, articles.

Every activity read here starts from ``Activity.objects.published()`` and never loads the
confidential columns (``CONFIDENTIAL_DEFERRED``).
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from organizations.models import AdministrativeUnit, Organization

from .facts import CONFIDENTIAL_DEFERRED, PUBLIC_DETAILS_RELATED
from .models import Activity, ActivityKind, ActivityPhoto

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
        .prefetch_related(organizers(), consented_photos())
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
