"""Form pieces every app uses: date and time pickers, a service's errors shown on a form, and the
renderer of every form's widgets."""

from __future__ import annotations

import datetime
from pathlib import Path

import django.forms
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a native date picker sends, whatever the language of the page.
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A native date picker; its value is always ISO (yyyy-mm-dd), whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    """A native time picker (hh:mm)."""

    input_type = "time"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


def not_in_future(value: datetime.date | None) -> None:
    """The form's own check of a date the model refuses in the future, so that it shows in the same
    round as the form's other errors (the service's check runs only once the form is valid)."""
    if value is not None and value > timezone.localdate():
        raise ValidationError(gettext_lazy("The date cannot be in the future."), code="future")


def date_field(
    label, *, required: bool = True, help_text: str = "", past_only: bool = False
) -> forms.DateField:
    """A date typed in the native picker; ``past_only``: today or earlier."""
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=[ISO_DATE],
        help_text=help_text,
        validators=[not_in_future] if past_only else [],
    )


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes under group headings, shown by ``core/_checkbox_groups.html`` (a crispy field
    template). With ``options_url``, the list follows the select whose id is ``narrowed_by``
    (``static/js/forms.js``; ``date_from``: the id of a date sent along)."""

    def __init__(
        self, *, narrowed_by: str = "", options_url: str = "", date_from: str = "", **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.narrowed_by, self.options_url, self.date_from = narrowed_by, options_url, date_from


def narrowed_by(field: forms.Field, parent_id: str, options_url: str) -> None:
    """Let the choices of ``field`` (a select) follow the select ``parent_id``: the script asks
    ``options_url?parent=<value>`` for them. The form still checks the choice."""
    field.widget.attrs.update({"data-narrowed-by": parent_id, "data-options-url": options_url})


class FormRenderer(DjangoTemplates):
    """Django's widget templates, with the portal's versions in ``core/form_templates`` first.

    Two are overridden. ``attrs.html``: a text's limit is written ``data-maxlength``, not
    ``maxlength``, because a browser cuts a longer paste at ``maxlength`` without a word. The
    portal shows a counter instead (``static/js/forms.js``) and the form refuses a longer text
    with a message that says the limit and the length. ``select.html``: the options are written in
    one pass (``{% select_options %}``, ``core/templatetags/core_forms.py``), not through one
    included template each, which made a long select the dearest part of a page. Every form (the
    admin's too) renders with it (``FORM_RENDERER``).
    """

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).resolve().parent / "form_templates",
                    Path(django.forms.__file__).resolve().parent / "templates",
                ],
                "NAME": "portalforms",
                "OPTIONS": {},
            }
        )


def until(label: str, valid_to: datetime.date | None) -> str:
    """A choice label that says when the unit or organization ended, if it did."""
    if valid_to is None:
        return label
    ended = date_format(valid_to, "SHORT_DATE_FORMAT")
    return _("%(name)s (until %(date)s)") % {"name": label, "date": ended}


def apply_service_errors(
    form: forms.BaseForm, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's (or a model's) ValidationError on ``form``: next to the field when the form
    has it (``field_map`` renames a service's field to the form's), else at the top of the form."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field_map.get(field, field)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            target = None
        form.add_error(target, errors)
