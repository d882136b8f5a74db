"""Forms of the Great Unity houses: a house, a photo of it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import SupportType
from core.forms import date_field
from organizations.fields import OrganizationChoiceField, UnitChoiceField

from .forms_common import (
    TEXTAREA,
    ActivityChoiceField,
    money_widgets,
    organizations_for,
    places_for_keeping,
    support_activities_for,
)
from .models import GreatUnityHouse


class HouseForm(forms.ModelForm):
    started_on = date_field(_("Work started on"), required=False)
    handed_over_on = date_field(_("Handed over on"), required=False)

    class Meta:
        model = GreatUnityHouse
        fields = [
            "household",
            "unit",
            "organization",
            "work",
            "status",
            "cost_fund_vnd",
            "cost_state_vnd",
            "cost_donors_vnd",
            "cost_family_vnd",
            "labour_days",
            "started_on",
            "handed_over_on",
            "handover_activity",
            "notes",
        ]
        field_classes = {
            "unit": UnitChoiceField,
            "organization": OrganizationChoiceField,
            "handover_activity": ActivityChoiceField,
        }
        widgets = {
            "notes": forms.Textarea(attrs=TEXTAREA),
            **money_widgets(
                "cost_fund_vnd", "cost_state_vnd", "cost_donors_vnd", "cost_family_vnd", "labour_days"
            ),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choose(places_for_keeping, user)
        self.fields["organization"].choose(organizations_for, user)
        self.fields["handover_activity"].queryset = support_activities_for(
            user, SupportType.GREAT_UNITY_HOUSE
        )


class HousePhotoForm(forms.Form):
    photo = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False)
    people_consent = forms.BooleanField(
        label=_("The people shown agreed to publication"),
        required=False,
        help_text=_("Photos of people are published only with their consent."),
    )
