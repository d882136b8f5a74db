"""Reads of concerns that views and the dashboard reuse. Every one starts from a scoped QuerySet."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind
from organizations.fields import DEFAULT_VIEW, VIEW_CHOICES

from .hotspots import detect_hotspots
from .models import ANSWERED_STATUSES, Concern, ConcernEvent, ConcernStatus

DASHBOARD_OVERDUE_LIMIT = 5
# The largest hot spots the dashboard lists with their newest concerns; the figures tab has them all.
DASHBOARD_HOTSPOTS_LIMIT = 5


def inbox(user) -> QuerySet[Concern]:
    """The concerns ``user`` may see, with what the inbox shows of each; ``inbox_page`` reads a page
    of them in the inbox's order (the overdue first, then the newest: ``Concern.inbox_order``)."""
    return Concern.objects.visible_to(user).select_related("unit", "residential_area", "organization")


def inbox_page(concerns: QuerySet[Concern], number: int, per_page: int, *, today: datetime.date) -> list:
    """The rows of page ``number`` of the inbox (``per_page`` and one more, to tell whether another
    page follows): the overdue concerns first, then the others, each part the newest first.

    Three queries whatever the page and the number of concerns: the overdue ones are counted (a
    province has hundreds, found through the status and due date index), then each part is read
    from its place in the order, through the index of the receipt date, instead of sorting every
    concern of a province by a computed flag to show the first 25.
    """
    late_condition = Q(status=ConcernStatus.FORWARDED, due_date__lt=today)
    concerns = concerns.with_overdue_flag(today).order_by("-received_on", "-pk")
    late, others = concerns.filter(late_condition), concerns.exclude(late_condition)
    start, wanted = (number - 1) * per_page, per_page + 1
    late_count = late.order_by().count()
    after = max(0, start - late_count)  # where the page starts among the others
    return (list(late[start : start + wanted]) + list(others[after : after + wanted]))[:wanted]


def concern_for_detail(user) -> QuerySet[Concern]:
    """Concerns ``user`` may see, each with ``user_can_edit`` (``Concern.objects.editable_by``) and
    ``identity_visible`` (``Concern.objects.with_identity_flag``: a denouncer's name and phone)."""
    return (
        Concern.objects.visible_to(user)
        .with_edit_flag(user)
        .with_identity_flag(user)
        .select_related(
            "unit",
            "residential_area",
            "organization",
            "received_by__person",
            "duplicate_of",
            "activity",
            "authority",
            "commitment",
        )
    )


ACTIVITY_OPINIONS_SHOWN = 20


def activity_opinions(user, activity: Activity, *, today: datetime.date | None = None) -> dict:
    """The opinions (or questions) of ``activity`` that ``user`` may see, for the activity's page:
    the first ``ACTIVITY_OPINIONS_SHOWN`` in the order they were raised, their number by status,
    and how many were answered on the spot and forwarded. Two queries, whatever their number."""
    today = today or timezone.localdate()
    opinions = Concern.objects.visible_to(user).opinions().filter(activity=activity)
    shown = list(
        opinions.select_related("residential_area")
        .with_overdue_flag(today)
        .order_by("pk")[:ACTIVITY_OPINIONS_SHOWN]
    )
    counts = opinions.order_by().aggregate(
        total=Count("pk"),
        on_the_spot=Count("pk", filter=Q(answered_on_spot=True)),
        forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
        answered=Count("pk", filter=Q(status__in=ANSWERED_STATUSES)),
        overdue=Count("pk", filter=Q(status=ConcernStatus.FORWARDED, due_date__lt=today)),
    )
    return {"opinions": shown, "counts": counts, "more": counts["total"] - len(shown)}


def timeline(concern: Concern) -> list[ConcernEvent]:
    return list(concern.events.select_related("actor__person").order_by("at", "pk"))


def last_visit(user) -> Activity | None:
    """The newest visit ``user`` logged, to prefill the next one."""
    return (
        Activity.objects.filter(created_by=user, kind=ActivityKind.VISIT)
        .select_related("visit_details__residential_area")
        .prefetch_related("organizations")
        .order_by("-created_at", "-pk")
        .first()
    )


def dashboard_context(user, *, today: datetime.date | None = None, view: str = DEFAULT_VIEW) -> dict:
    """The concern panels of the cadre dashboard: overdue first, counts by status, hot spots
    (grouped by today's places, or as they were: ``view``).

    At most five queries whatever the amount of data (after the scope): the overdue list,
    their number, the counts by status, and the hot spots (an aggregate and, when there are
    hot spots, the concerns behind them).
    """
    today = today or timezone.localdate()
    visible = Concern.objects.visible_to(user)
    overdue = visible.overdue(today)
    overdue_list = list(
        overdue.select_related("unit", "residential_area").order_by("due_date", "pk")[
            :DASHBOARD_OVERDUE_LIMIT
        ]
    )
    overdue_count = overdue.count()
    everything = Concern.objects.visible_to(user, whole=True)  # counted whole: a set hashed once
    counts = dict(everything.order_by().values_list("status").annotate(number=Count("pk")))
    hotspots = detect_hotspots(concerns=visible, today=today, view=view, listed=DASHBOARD_HOTSPOTS_LIMIT)
    status_counts = [
        {
            "status": status,
            "label": status.label,
            "count": counts.get(status.value, 0),
            "url": f"{reverse('concerns:inbox')}?status={status.value}",
        }
        for status in ConcernStatus
    ]
    return {
        "concerns_today": today,
        "concerns_overdue": overdue_list,
        "concerns_overdue_count": overdue_count,
        "concerns_overdue_url": f"{reverse('concerns:inbox')}?overdue=on",
        "concerns_inbox_url": reverse("concerns:inbox"),
        "concerns_status_counts": status_counts,
        "concerns_total": sum(counts.values()),
        "concerns_hotspots": hotspots[:DASHBOARD_HOTSPOTS_LIMIT],
        "concerns_hotspots_count": len(hotspots),
        "concerns_hotspots_view": view,
        "concerns_view_choices": VIEW_CHOICES,
    }
