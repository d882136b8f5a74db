"""Template helpers of the oversight pages: money and areas, written by ``core.formatting``."""

from __future__ import annotations

from django import template

from core import formatting

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1500000 → "1.500.000 đồng" ("1,500,000 VND" in English)."""
    return formatting.money(value)


@register.filter
def area_m2(value) -> str:
    """12.5 → "12,5 m²"."""
    return formatting.area_m2(value)
