"""Template helpers of the oversight pages: money in VND, areas in square metres."""

from __future__ import annotations

from decimal import Decimal

from django import template

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
