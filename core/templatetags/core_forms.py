"""Tags of the forms: ``{% form_key %}``, the one-time key of a form that creates or changes something
(``core.idempotency``), and ``{% error_summary %}``, the mistakes of a form that was not saved."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import format_html

from ..idempotency import FIELD_NAME, new_key

register = template.Library()


@register.simple_tag
def form_key() -> str:
    """A hidden field with a fresh key: each time a form is shown, it can be saved once."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())


@dataclass(frozen=True)
class SummaryLine:
    message: str
    label: str = ""
    anchor: str = ""  # the id of the field's input, or of its wrapper (a list of radio buttons)


def _lines(form, lines: list[SummaryLine]) -> None:
    if isinstance(form, list | tuple):  # the parts of a page, e.g. a form and its formsets
        for part in form:
            _lines(part, lines)
        return
    if form is None or not getattr(form, "is_bound", False):
        return
    if hasattr(form, "forms"):  # a formset: its own errors, then each row's
        lines.extend(SummaryLine(str(message)) for message in form.non_form_errors())
        for row in form.forms:
            _lines(row, lines)
        return
    for name, messages in form.errors.items():
        if name == NON_FIELD_ERRORS or name not in form.fields:
            lines.extend(SummaryLine(str(message)) for message in messages)
            continue
        field = form[name]
        # A list of radio buttons or checkboxes has no single input: its wrapper (crispy's
        # ``div_id_…``) is the target, and the script focuses its first input.
        anchor = field.id_for_label or (f"div_{field.auto_id}" if field.auto_id else "")
        lines.extend(SummaryLine(str(message), str(field.label or ""), anchor) for message in messages)


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*forms) -> dict:
    """Every mistake of the forms (and formsets) of a page that was not saved, in one list at the top.

    Each line links to its field; ``static/js/forms.js`` moves the focus to the list when the page
    opens, and ``role="alert"`` has screen readers announce it. Nothing is shown when the forms were
    not sent or have no error. Forms that are ``None`` are skipped, so a page passes all it may have;
    a list is read part by part.
    """
    lines: list[SummaryLine] = []
    for form in forms:
        _lines(form, lines)
    return {"lines": lines}
