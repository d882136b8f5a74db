"""The commitments panel of the cadre's start page: the overdue commitments of the account's units,
as the concerns panel shows the overdue concerns (registered in ``ActivitiesConfig.ready``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from .commitments import overdue_summary

DASHBOARD_LIMIT = 5


def overdue_commitments_panel(request: HttpRequest) -> str:
    """The overdue commitments the user may read, the oldest first (one query); nothing when none is."""
    total, commitments = overdue_summary(request.user, today=timezone.localdate(), limit=DASHBOARD_LIMIT)
    if not total:
        return ""
    return render_to_string(
        "activities/_dashboard_commitments.html",
        {"overdue_total": total, "overdue_commitments": commitments},
        request=request,
    )
