"""Correcting a concern's facts, and recording that a resident withdrew their consent."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import narrowed_by
from organizations.choosers import chooser, ids
from organizations.fields import UnitChoiceField
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit
from organizations.scoping import scope_for

from .forms import SMALL_TEXTAREA, units_for_choices
from .models import Concern, ConcernCategory, PetitionChannel, PetitionType


def _units_for_correction(user, own: list[int]) -> QuerySet[AdministrativeUnit]:
    """The units where ``user`` may record concerns, and the concern's own (``own``: its unit and
    residential area, so that they can stay)."""
    scope = scope_for(user)
    units = AdministrativeUnit.objects.all()
    if not scope.is_global:
        units = units.filter(pk__in=scope.work_unit_ids | set(own))
    return units_for_choices(units)


@chooser("unit")
def correction_units(user, *, own: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    return _units_for_correction(user, own).exclude(kind__in=RESIDENTIAL_AREA_KINDS)


@chooser("unit")
def correction_areas(user, *, own: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    return _units_for_correction(user, own).filter(kind__in=RESIDENTIAL_AREA_KINDS)


class ConcernEditForm(forms.Form):
    """The facts of a concern, corrected by a cadre; its status and history stay as they are."""

    category = forms.ChoiceField(
        label=_("Category"), choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=1000,
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("What the concern is about, without names or addresses. May be shown to the public."),
    )
    detail = forms.CharField(
        label=_("Confidential detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only for cadres in charge; never published."),
    )
    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("Why the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the concern's timeline to the cadres in charge."),
    )

    # An opinion's or question's, or a petition's own facts (``_add_kind_fields``).
    topic = forms.CharField(
        label=_("Topic"),
        max_length=120,
        required=False,
        help_text=_("A few words that group opinions on the same question, e.g. “Road 23/4 flooding”."),
    )
    publishable = forms.BooleanField(
        label=_("This summary may be shown on the public page of the meeting"), required=False
    )
    petition_type = forms.ChoiceField(label=_("Kind of petition"), choices=PetitionType.choices)
    petition_channel = forms.ChoiceField(label=_("Received how"), choices=PetitionChannel.choices)

    def __init__(self, *args, user, concern: Concern, summary_to_write: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        kind_fields = self._kind_fields(concern)
        for name in ("topic", "publishable", "petition_type", "petition_channel"):
            if name not in kind_fields:
                del self.fields[name]
        own = ids([concern.unit_id, concern.residential_area_id])
        self.fields["unit"].choose(correction_units, user, own=own)
        self.fields["residential_area"].choose(correction_areas, user, own=own)
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("cadre:area_options"))
        if not self.is_bound:
            self.initial.update(
                {
                    "category": concern.category,
                    # The public form's neutral text is not a summary: the cadre writes one.
                    "summary": "" if summary_to_write else concern.summary,
                    "detail": concern.detail,
                    "unit": concern.unit_id,
                    "residential_area": concern.residential_area_id,
                }
            )
            self.initial.update({name: getattr(concern, name) for name in kind_fields})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[name for name in ("petition_type", "petition_channel") if name in kind_fields],
            Field("category", template="concerns/_big_choice_field.html"),
            *[name for name in ("topic",) if name in kind_fields],
            "summary",
            *[name for name in ("publishable",) if name in kind_fields],
            "detail",
            Row(
                Column("unit", css_class="col-12 col-md-6"),
                Column("residential_area", css_class="col-12 col-md-6"),
            ),
            "note",
        )

    @staticmethod
    def _kind_fields(concern: Concern) -> tuple[str, ...]:
        if concern.is_opinion:
            return ("topic", "publishable")
        if concern.is_petition:
            return ("petition_type", "petition_channel")
        return ()


class WithdrawConsentForm(forms.Form):
    """The resident withdrew their consent: a ticked box, so that a mis-tap erases nothing."""

    confirm = forms.BooleanField(
        label=_("The resident withdrew their consent: erase their name and phone"),
        help_text=_("This cannot be undone. The concern is still followed, without a way to contact them."),
        error_messages={"required": _("Tick the box to confirm that the resident withdrew their consent.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. how and when the resident asked. No name or phone here."),
    )

    # Its fields sit on the concern's page next to the workflow forms.
    prefix = "withdraw"
