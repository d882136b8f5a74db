"""Template filters of ``core.formatting``: numbers, money, percent, areas, quarters and unit names.

``{{ amount|money }}`` → ``5.000.000 đồng``, ``{{ project.progress|percent }}`` → ``70%``,
``{{ land|area_m2 }}`` → ``145,5 m²``, ``{{ count|number }}`` → ``1.234``,
``{{ unit.name|in_text }}`` → ``phường Phước Hội`` (a unit's name inside a sentence or after the
first part of a label), ``{% place area.name unit.name %}`` → ``Khu phố 2, phường Phước Hội``.
"""

from __future__ import annotations

from django import template

from core import formatting

register = template.Library()


@register.filter
def number(value) -> str:
    return formatting.number(value)


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def percent(value) -> str:
    return formatting.percent(value)


@register.filter
def area_m2(value) -> str:
    return formatting.area_m2(value)


@register.filter
def in_text(name) -> str:
    return formatting.unit_in_text(str(name)) if name not in (None, "") else ""


@register.simple_tag
def place(*names) -> str:
    return formatting.place(*(str(name) for name in names if name not in (None, "")))
