"""Template filters of ``core.formatting``: numbers, money, percent, areas, quarters and unit names.

``{{ amount|money }}`` → ``5.000.000 đồng``, ``{{ project.progress|percent }}`` → ``70%``,
``{{ land|area_m2 }}`` → ``145,5 m²``, ``{{ count|number }}`` → ``1.234``,
``{{ unit.name|in_text }}`` → ``phường Phước Hội`` (a unit's name inside a sentence or after the
first part of a label), ``{% place area.name unit.name %}`` → ``Khu phố 2, phường Phước Hội``,
``{{ concern|choice_label:"category" }}`` → the label of the concern's category,
``{{ concern.summary|shorten:90 }}`` → the summary, cut as ``truncatechars`` cuts it.
"""

from __future__ import annotations

import functools
import unicodedata

from django import template
from django.db import models
from django.template.defaultfilters import truncatechars
from django.utils.translation import get_language

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


@functools.cache
def _choice_labels(field: models.Field, language: str | None) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


@register.filter
def choice_label(instance: models.Model, name: str):
    """What ``instance.get_<name>_display()`` gives, read from a table of the field's labels made once
    per language: Django's method rebuilds that table, translating every label, at each call, which
    made the labels of a list's rows a large part of its page. For fields whose choices are fixed in
    the code, not read from the database."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    return _choice_labels(field, get_language()).get(value, value)


@register.filter(is_safe=True)
def shorten(value, length: int) -> str:
    """``truncatechars``, without its cost for a text that is already short enough, as most summaries
    in a list are: Django's filter resolves its ellipsis and walks the text at each call."""
    text = unicodedata.normalize("NFC", str(value))
    return text if len(text) <= length else truncatechars(text, length)
