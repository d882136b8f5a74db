"""The residents' forms: raise a concern, and look up a concern by its tracking code.

Both work without JavaScript on a phone. The places offered are today's wards and communes
and their residential areas, read once per request (two queries whatever their number).
"""

from __future__ import annotations

import datetime
import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key
from core.forms import narrowed_by
from organizations.models import COMMUNE_LEVEL_KINDS, RESIDENTIAL_AREA_KINDS, AdministrativeUnit

from .models import TRACKING_CODE_ALPHABET, TRACKING_CODE_LENGTH, ConcernCategory
from .phones import normalize_phone, validate_vietnamese_phone
from .services import PUBLIC_DESCRIPTION_MAX_LENGTH, PUBLIC_DESCRIPTION_MIN_LENGTH

# The honeypot: a field people never see (hidden with CSS, skipped by screen readers, out of
# the tab order) and that form-filling robots fill in.
HONEYPOT_FIELD = "website"


class PublicPlaces:
    """Today's wards and communes and their residential areas, in two queries."""

    def __init__(self, today: datetime.date) -> None:
        current = AdministrativeUnit.objects.current(today).only("pk", "name", "kind", "parent_id")
        self.units = sorted(current.filter(kind__in=COMMUNE_LEVEL_KINDS), key=lambda u: natural_key(u.name))
        self.units_by_pk = {unit.pk: unit for unit in self.units}
        areas = current.filter(kind__in=RESIDENTIAL_AREA_KINDS, parent_id__in=list(self.units_by_pk))
        self.areas_by_pk = {area.pk: area for area in areas}

    def unit_choices(self) -> list[tuple[str, str]]:
        return [("", _("Choose your ward or commune")), *((str(u.pk), u.name) for u in self.units)]

    def areas_in(self, unit: AdministrativeUnit) -> list[tuple[int, str]]:
        """The residential areas of ``unit``, as ``(pk, name)`` in natural order."""
        areas = [area for area in self.areas_by_pk.values() if area.parent_id == unit.pk]
        return [(area.pk, area.name) for area in sorted(areas, key=lambda a: natural_key(a.name))]

    def area_choices(self) -> list:
        """Residential areas grouped by their ward or commune (``<optgroup>``), after "not sure"."""
        by_unit: dict[int, list[AdministrativeUnit]] = {}
        for area in self.areas_by_pk.values():
            by_unit.setdefault(area.parent_id, []).append(area)
        choices: list = [("", _("Not sure / not needed"))]
        for unit in self.units:
            if unit.pk in by_unit:
                choices.append((unit.name, [(str(pk), name) for pk, name in self.areas_in(unit)]))
        return choices


class MultilineField(forms.CharField):
    """Text whose line breaks count as one character, as the browser counts them while typing."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class RaiseConcernForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    unit = forms.TypedChoiceField(label=_("Ward or commune"), coerce=int)
    residential_area = forms.TypedChoiceField(
        label=_("Residential area (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The village, quarter or street group, if you know it."),
    )
    description = MultilineField(
        label=_("Describe the concern"),
        min_length=PUBLIC_DESCRIPTION_MIN_LENGTH,
        max_length=PUBLIC_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Describe the concern."),
            "min_length": _(
                "Describe the concern in at least %(limit_value)d characters (you wrote %(show_value)d)."
            ),
            "max_length": _(
                "Describe the concern in at most %(limit_value)d characters (you wrote %(show_value)d)."
            ),
        },
    )
    resident_name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    resident_phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=20,
        required=False,
        validators=[validate_vietnamese_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    resident_consent = forms.BooleanField(
        label=_("I agree that the Front keeps my name and phone to contact me about this concern"),
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, places: PublicPlaces | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.places = places or PublicPlaces(timezone.localdate())
        self.fields["unit"].choices = self.places.unit_choices()
        self.fields["residential_area"].choices = self.places.area_choices()
        # With JavaScript, the list follows the ward or commune chosen (static/js/forms.js).
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("concerns_public:area_options"))
        self.fields["description"].help_text = gettext(
            "What is the problem, where exactly, since when (%(min)d to %(max)d characters). "
            "Please do not write other people's names or phone numbers."
        ) % {"min": PUBLIC_DESCRIPTION_MIN_LENGTH, "max": PUBLIC_DESCRIPTION_MAX_LENGTH}
        self.fields["unit"].error_messages["required"] = _("Choose your ward or commune.")
        self.fields["category"].error_messages["required"] = _("Choose what the concern is about.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Your concern"),
                Field("category", template="concerns/_big_choice_field.html"),
                "unit",
                "residential_area",
                "description",
            ),
            Fieldset(
                _("Your contact (optional)"),
                HTML('{% include "concerns/public/_privacy_notice.html" %}'),
                "resident_name",
                "resident_phone",
                "resident_consent",
            ),
            Div(HONEYPOT_FIELD, css_class="concern-hp", aria_hidden="true"),
        )

    @property
    def honeypot_filled(self) -> bool:
        """A robot filled in the field that people never see."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip()) if self.is_bound else False

    def clean_resident_phone(self) -> str:
        return normalize_phone(self.cleaned_data["resident_phone"])

    def clean(self) -> dict:
        data = super().clean()
        unit_pk, area_pk = data.get("unit"), data.get("residential_area")
        unit = self.places.units_by_pk.get(unit_pk) if unit_pk is not None else None
        if unit_pk is not None and unit is None:
            self.add_error("unit", _("Choose your ward or commune from the list."))
        data["unit"] = unit
        area = self.places.areas_by_pk.get(area_pk) if area_pk is not None else None
        if area_pk is not None and area is None:
            self.add_error("residential_area", _("Choose a residential area from the list."))
        elif area is not None and unit is not None and area.parent_id != unit.pk:
            self.add_error(
                "residential_area",
                _("This residential area is not in the ward or commune you chose."),
            )
        data["residential_area"] = area
        if (data.get("resident_name") or data.get("resident_phone")) and not data.get("resident_consent"):
            self.add_error(
                "resident_consent",
                _(
                    "Tick this box if you want us to keep your name and phone to contact you; "
                    "otherwise leave them empty."
                ),
            )
        return data


def normalize_tracking_code(raw: str) -> str:
    """Upper case, without spaces, dashes or dots: "abcd-efgh 23" → "ABCDEFGH23"."""
    return re.sub(r"[\s\-‐-―.]", "", raw or "").upper()


def looks_like_tracking_code(code: str) -> bool:
    return len(code) == TRACKING_CODE_LENGTH and all(char in TRACKING_CODE_ALPHABET for char in code)


class TrackingCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("The code you received when you raised the concern, e.g. K7MXQ2PA9R."),
        error_messages={"required": _("Enter your tracking code.")},
    )

    def clean_code(self) -> str:
        return normalize_tracking_code(self.cleaned_data["code"])
