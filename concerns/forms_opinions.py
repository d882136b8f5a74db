"""The forms of an opinion raised at a voter contact (a question at a dialogue) and of a petition.

The opinion form is made to be filled again and again on a phone during the meeting: the category
as big buttons, the topic offered from those already typed for the activity, the answer on the
spot in its own group, the voter's name and phone last (optional, confidential).
"""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind
from core.forms import date_field, narrowed_by
from organizations.choosers import chooser
from organizations.fields import AuthorityChoiceField, OrganizationChoiceField, UnitChoiceField
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .forms import SMALL_TEXTAREA, entry_areas, entry_units, organizations_for_entry
from .models import ConcernCategory, PetitionChannel, PetitionType
from .phones import validate_vietnamese_phone

TOPIC_LIST_ID = "opinion-topics"


@chooser("unit")
def areas_of_unit_on(user, *, unit: int, area: bool, on: datetime.date) -> QuerySet[AdministrativeUnit]:
    """The residential areas of ``unit`` (or ``unit`` itself when it is an ``area``) on ``on``: the
    areas of a meeting's voters, whoever asks (the meeting itself was found in the user's scope)."""
    if area:
        areas = AdministrativeUnit.objects.filter(pk=unit)
    else:
        areas = AdministrativeUnit.objects.filter(
            Q(parent_id=unit) | Q(parent__parent_id=unit), kind__in=RESIDENTIAL_AREA_KINDS
        )
    return areas.current(on).select_related("parent").order_by("parent__name", "name")


def _name_field(label) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=150, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


def _phone_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        validators=[validate_vietnamese_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class OpinionForm(forms.Form):
    """One opinion of a voter contact, or one question of a dialogue."""

    category = forms.ChoiceField(
        label=_("Category"), choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    topic = forms.CharField(
        label=_("Topic"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": TOPIC_LIST_ID, "autocomplete": "off"}),
        help_text=_("A few words that group opinions on the same question, e.g. “Road 23/4 flooding”."),
    )
    summary = forms.CharField(
        label=_("The opinion, in short"),
        max_length=1000,
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("Without names or addresses."),
    )
    publishable = forms.BooleanField(
        label=_("This summary may be shown on the public page of the meeting"),
        required=False,
        help_text=_("Without the voter's name: only the summary and its answer."),
    )
    residential_area = UnitChoiceField(
        label=_("Residential area of the voter"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    answered_on_spot = forms.BooleanField(label=_("Answered on the spot"), required=False)
    answered_by = forms.CharField(
        label=_("Answered by"),
        max_length=150,
        required=False,
        help_text=_("Who gave the answer on the spot, e.g. “Chairman of the ward People's Committee”."),
    )
    authority = AuthorityChoiceField(label=_("Of the authority"), required=False)
    answer = forms.CharField(
        label=_("Answer given"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA)
    )
    detail = forms.CharField(
        label=_("Confidential detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for cadres in charge; never published."),
    )
    resident_name = _name_field(_("Voter's name"))
    resident_phone = _phone_field(_("Voter's phone"))
    resident_consent = forms.BooleanField(
        label=_("The voter agreed that we keep their name and phone to contact them"), required=False
    )

    def __init__(self, *args, user, activity: Activity, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        question = activity.kind == ActivityKind.DIALOGUE
        if question:
            # At a dialogue residents ask questions; at a voter contact voters raise opinions.
            self.fields["summary"].label = _("The question, in short")
            self.fields["residential_area"].label = _("Residential area of the resident")
            self.fields["resident_name"].label = _("Resident's name")
            self.fields["resident_phone"].label = _("Resident's phone")
            self.fields["resident_consent"].label = _(
                "The resident agreed that we keep their name and phone to contact them"
            )
        unit = activity.unit
        self.fields["residential_area"].choose(
            areas_of_unit_on, user, unit=unit.pk, area=unit.is_residential_area, on=activity.date
        )
        self.fields["authority"].offer(user, on=activity.date)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("category", template="concerns/_big_choice_field.html"),
            "topic",
            "summary",
            "publishable",
            "residential_area",
            Fieldset(
                _("Answer on the spot"),
                "answered_on_spot",
                "answered_by",
                "authority",
                "answer",
            ),
            Fieldset(
                _("Voter (optional, confidential)")
                if not question
                else _("Resident (optional, confidential)"),
                "detail",
                "resident_name",
                "resident_phone",
                "resident_consent",
            ),
        )

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("resident_name") or data.get("resident_phone")) and not data.get("resident_consent"):
            self.add_error(
                "resident_consent",
                _("Keep the resident's name or phone only if they agreed; otherwise leave them empty."),
            )
        if data.get("answered_on_spot"):
            if not (data.get("answer") or "").strip():
                self.add_error("answer", _("Enter the answer given on the spot."))
            if not (data.get("answered_by") or "").strip():
                self.add_error("answered_by", _("Enter who answered on the spot."))
        return data


class PetitionForm(forms.Form):
    """A petition the Front received: its kind, how it came, what it is about, who sent it."""

    petition_type = forms.ChoiceField(
        label=_("Kind of petition"), choices=PetitionType.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("Received how"), choices=[("", "---------"), *PetitionChannel.choices]
    )
    received_on = date_field(_("Received on"), past_only=True)
    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    organization = OrganizationChoiceField(
        label=_("Received by organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The organization whose cadre received the petition, if any."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=ConcernCategory.choices)
    summary = forms.CharField(
        label=_("What the petition is about"),
        max_length=1000,
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("Without the petitioner's name or address."),
    )
    detail = forms.CharField(
        label=_("Confidential detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for cadres in charge; never published."),
    )
    petitioner_name = _name_field(_("Petitioner's name"))
    petitioner_phone = _phone_field(_("Petitioner's phone"))
    consent = forms.BooleanField(
        label=_("The petitioner agreed that we keep their name and phone to contact them"), required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choose(entry_units, user)
        self.fields["residential_area"].choose(entry_areas, user)
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("cadre:area_options"))
        self.fields["organization"].choose(organizations_for_entry, user)
        scope = scope_for(user)
        if not scope.is_global and not scope.writable_unit_ids:
            self.fields["organization"].required = True
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            self.initial.setdefault("category", ConcernCategory.OTHER)
        self.fields["petitioner_name"].help_text = _(
            "Confidential. A denouncer's name and phone are shown only on the petition's own page, "
            "to the cadres in charge of its unit."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("petition_type", template="concerns/_big_choice_field.html"),
            Row(
                Column("channel", css_class="col-12 col-md-6"),
                Column("received_on", css_class="col-12 col-md-6"),
            ),
            Row(
                Column("unit", css_class="col-12 col-md-6"),
                Column("residential_area", css_class="col-12 col-md-6"),
            ),
            "organization",
            "category",
            "summary",
            Fieldset(
                _("Petitioner (confidential)"),
                "detail",
                "petitioner_name",
                "petitioner_phone",
                "consent",
            ),
        )

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("petitioner_name") or data.get("petitioner_phone")) and not data.get("consent"):
            self.add_error(
                "consent",
                _("Keep the petitioner's name or phone only if they agreed; otherwise leave them empty."),
            )
        return data
