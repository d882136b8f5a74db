"""Form pieces every app uses: date and time pickers, and a service's errors shown on a form."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

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


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date typed in the native picker."""
    return forms.DateField(
        label=label, required=required, widget=DateInput(), input_formats=[ISO_DATE], help_text=help_text
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
