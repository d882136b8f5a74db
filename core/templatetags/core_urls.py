"""Addresses of pages without resolving their routes again at every use.

``{{ activity.pk|object_url:"activities:detail" }}``: the address of one object's page, as
``{% url "activities:detail" activity.pk %}`` writes it, for every row of a list;
``{% fixed_url "cadre:dashboard" %}``: the address of a page without arguments, for the menu.
"""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

# A number that stands for the object's id while the route is resolved once.
_PLACEHOLDER = 987654321


@functools.cache
def _around_id(viewname: str, urlconf: str, prefix: str) -> tuple[str, str]:
    """What comes before and after the id in the address of ``viewname`` (``urlconf`` and ``prefix``
    name the routes and the start of the addresses it was resolved with)."""
    address = reverse(viewname, urlconf=urlconf, args=[_PLACEHOLDER])
    before, _, after = address.rpartition(str(_PLACEHOLDER))
    return before, after


@register.filter
def object_url(pk: int | str, viewname: str) -> str:
    """The address of the page ``viewname`` (a route with one ``<int:pk>``) of the object ``pk``."""
    before, after = _around_id(viewname, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    return f"{before}{int(pk)}{after}"


@functools.cache
def _route(viewname: str, urlconf: str, prefix: str) -> str:
    return reverse(viewname, urlconf=urlconf)


@register.simple_tag
def fixed_url(viewname: str) -> str:
    """``{% url viewname %}`` for a route without arguments (the links of the menu), resolved once
    rather than at every page."""
    return _route(viewname, get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
