"""Tags of the forms: ``{% form_key %}``, the one-time key of a form that creates or changes something
(``core.idempotency``), ``{% error_summary %}``, the mistakes of a form that was not saved, and
``{{ field|bootstrap_field }}`` and ``{% bootstrap_fields form %}``, the fields of a filter form, and
``{% select_options widget.optgroups %}``, the options of a select (``core/form_templates``)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BoundField
from django.template.base import render_value_in_context
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


# Bootstrap's class of each kind of input, after the input's own classes and its type.
INPUT_CLASSES = {"select": "form-select", "checkbox": "form-check-input", "input": "form-control"}


def _input_class(widget: forms.Widget, bootstrap: str, invalid: bool) -> str:
    """The class of an input as crispy-forms writes it: the widget's own classes, the widget's type
    in lower case (``select``, ``dateinput``), Bootstrap's class, ``is-invalid`` after a mistake."""
    classes = widget.attrs.get("class", "")
    type_name = type(widget).__name__.lower()
    if type_name not in classes:
        classes = f"{classes} {type_name}" if classes else type_name
    present = classes.split()
    for name in [bootstrap, "is-invalid"] if invalid else [bootstrap]:
        if name not in present:
            classes += f" {name}"
    return classes


def _options(field: BoundField) -> list:
    """The options of a list of radio buttons or checkboxes, with the attributes Django gives them."""
    widget = field.field.widget
    widget_id = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": widget_id} if widget_id else {})
    return widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)


@register.filter
def bootstrap_field(field: BoundField) -> SafeString:
    """One field of a filter form: its label (or legend), input, mistakes and help, in the markup of
    crispy-forms' Bootstrap 5 pack, written once in ``core/_field.html`` rather than through
    crispy's nest of templates. For the inputs, selects, checkboxes and radio buttons of a filter;
    the entry forms keep crispy-forms."""
    widget = field.field.widget
    if widget.is_hidden:
        return field.as_widget()
    invalid = bool(field.errors)
    context = {
        "field": field,
        "css_classes": field.css_classes(),
        "fieldset": field.use_fieldset,
        "required": field.field.required,
    }
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        context.update(kind="choices", optgroups=_options(field))
    elif isinstance(widget, forms.CheckboxInput):
        css = _input_class(widget, INPUT_CLASSES["checkbox"], invalid)
        context.update(kind="checkbox", widget=field.as_widget(attrs={"class": css}))
    else:
        bootstrap = INPUT_CLASSES["select" if isinstance(widget, forms.Select) else "input"]
        css = _input_class(widget, bootstrap, invalid)
        context.update(kind="input", widget=field.as_widget(attrs={"class": css}))
    return get_template("core/_field.html").render(context)


@register.inclusion_tag("core/_filter_form.html")
def bootstrap_fields(form: forms.BaseForm) -> dict:
    """The mistakes of a filter form that concern no field, then each of its fields
    (``bootstrap_field``)."""
    return {"form": form}


def _option_attrs(attrs: dict) -> SafeString:
    """An option's attributes as Django's ``attrs.html`` writes them: a true one by its name alone,
    a false one not at all."""
    if not attrs:  # most options
        return SafeString()
    pairs = (
        (name, "" if value is True else format_html('="{}"', value))
        for name, value in attrs.items()
        if value is not False
    )
    return format_html_join("", " {}{}", pairs)


@register.simple_tag(takes_context=True)
def select_options(context, optgroups) -> SafeString:
    """The options of a select, and their groups, written in one pass: the same markup as Django's
    ``select.html`` and ``select_option.html``, at a small part of the cost of a template per
    option, which made a select of a hundred units the dearest part of a filter."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            label = render_value_in_context(group_name, context)
            parts.append(format_html('\n  <optgroup label="{}">', label))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>',
                option["value"],
                _option_attrs(option["attrs"]),
                render_value_in_context(option["label"], context),
            )
            for option in options
        )
        if group_name:
            parts.append("\n  </optgroup>")
    return SafeString("".join(parts))
