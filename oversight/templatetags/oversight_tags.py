"""Template helpers of the oversight pages: money in VND, and the recommendations that took
up a concern (shown on the concern's page, within the user's scope)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..models import Recommendation

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 → "1.500.000 ₫" (Vietnamese thousands separator)."""
    if value in (None, ""):
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".") + " ₫"


@register.filter
def area_m2(value) -> str:
    """12.5 → "12,5 m²"."""
    if value in (None, ""):
        return ""
    number = Decimal(value).normalize()
    text = f"{number:f}".replace(".", ",")
    return f"{text} m²"


@register.inclusion_tag("oversight/_concern_links.html", takes_context=True)
def concern_oversight(context, concern) -> dict:
    """The recommendations that took up ``concern``, those the user may see (one query)."""
    user = context["request"].user
    return {
        "recommendations": list(
            Recommendation.objects.visible_to(user).filter(concern=concern).order_by("created_at", "pk")
        )
    }
