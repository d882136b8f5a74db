"""Members (through the rules of ``members.counts``) and articles published."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils import timezone

from articles.models import Article
from members import counts
from members.models import Membership

from ..periods import Period
from .common import UNIT, Grouping, Parts, aggregate, as_of, column_of


def members(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Members at the end of the period, new members and members who left in it, by the unit of
    their organization or by organization: a query a period for each of them the indicators read
    (transfers between branches are neither, as ``members.counts`` has it)."""
    if grouping.by == UNIT:
        within = Membership.objects.filter(organization__unit_id__in=grouping.ids)
        by = "unit"
    else:
        within = Membership.objects.filter(organization_id__in=grouping.ids)
        by = "branch"
    results: list[Parts] = []
    for period in periods:
        end = as_of(period, grouping.today)
        parts: Parts = {}
        started = end >= period.start
        figures = {}
        if grouping.wants("members"):
            figures["members"] = counts.members_on(end, by=by, within=within)
        if grouping.wants("members_joined") and started:
            figures["members_joined"] = counts.joined_between(period.start, end, by=by, within=within)
        if grouping.wants("members_left") and started:
            figures["members_left"] = counts.left_between(period.start, end, by=by, within=within)
        for name, numbers in figures.items():
            for key, number in numbers.items():
                parts.setdefault(key, {})[name] = number
        results.append(parts)
    return results


def _published(period: Period, today: datetime.date) -> Q:
    """Published on a day of the period (in Vietnam time), not later than today."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        as_of(period, today) + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return Q(published_at__gte=start, published_at__lt=end)


def articles(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    return aggregate(
        Article.objects.published(),
        column=column_of(grouping, unit="organization__unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: _published(period, today),
        shape=lambda published, _end: {"articles_published": Count("pk", filter=published)},
    )
