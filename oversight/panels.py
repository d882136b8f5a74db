"""The oversight panel on a concern's page: the recommendations that took the concern up."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from .models import Recommendation


def concern_recommendations(request: HttpRequest, concern) -> str:
    """The recommendations that took up ``concern``, those the user may see (one query)."""
    recommendations = list(
        Recommendation.objects.visible_to(request.user).filter(concern=concern).order_by("created_at", "pk")
    )
    if not recommendations:
        return ""
    return render_to_string(
        "oversight/_concern_links.html", {"recommendations": recommendations}, request=request
    )
