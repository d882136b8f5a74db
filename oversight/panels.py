"""The oversight panels: on a concern's page, the recommendations that took the concern up; on a
board member's start page, their board's projects with a button to record a monitoring session."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from . import selectors
from .models import Recommendation


def concern_recommendations(request: HttpRequest, concern) -> str:
    """The recommendations that took up ``concern``, those the user may see (one query)."""
    recommendations = list(
        Recommendation.objects.visible_to(request.user)
        .filter(concern=concern)
        .select_related("authority")
        .order_by("created_at", "pk")
    )
    if not recommendations:
        return ""
    return render_to_string(
        "oversight/_concern_links.html", {"recommendations": recommendations}, request=request
    )


def board_projects(request: HttpRequest) -> str:
    """The start-page panel of a board member: the projects their board monitors."""
    projects = selectors.board_projects(request.user)
    if not projects:
        return ""
    return render_to_string("oversight/_dashboard_projects.html", {"projects": projects}, request=request)
