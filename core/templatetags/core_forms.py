"""``{% form_key %}``: the one-time key of a form that creates or changes something (``core.idempotency``)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from ..idempotency import FIELD_NAME, new_key

register = template.Library()


@register.simple_tag
def form_key() -> str:
    """A hidden field with a fresh key: each time a form is shown, it can be saved once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())
