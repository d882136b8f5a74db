"""Forms of the Fund for the Poor: a campaign, a receipt, a spending."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.fields import OrganizationChoiceField

from .forms_common import TEXTAREA, ActivityChoiceField, committees_for, money_widgets, support_activities_for
from .models import FundCampaign, FundReceipt, FundSpending, GreatUnityHouse


class CampaignForm(forms.ModelForm):
    start = date_field(_("Start"))
    end = date_field(_("End"), required=False)

    class Meta:
        model = FundCampaign
        fields = ["committee", "name", "start", "end", "target_vnd", "description"]
        field_classes = {"committee": OrganizationChoiceField}
        widgets = {"description": forms.Textarea(attrs=TEXTAREA), **money_widgets("target_vnd")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].choose(committees_for, user)


class ReceiptForm(forms.ModelForm):
    date = date_field(_("Date"))

    class Meta:
        model = FundReceipt
        fields = [
            "committee",
            "campaign",
            "date",
            "donor_kind",
            "donor_name",
            "donor_consent",
            "amount_vnd",
            "notes",
        ]
        field_classes = {"committee": OrganizationChoiceField}
        widgets = {"notes": forms.Textarea(attrs=TEXTAREA), **money_widgets("amount_vnd")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].choose(committees_for, user)
        self.fields["campaign"].queryset = FundCampaign.objects.editable_by(user).select_related("committee")


class SpendingForm(forms.ModelForm):
    date = date_field(_("Date"))

    class Meta:
        model = FundSpending
        fields = [
            "committee",
            "date",
            "purpose",
            "description",
            "amount_vnd",
            "beneficiary",
            "house",
            "activity",
        ]
        field_classes = {"committee": OrganizationChoiceField, "activity": ActivityChoiceField}
        widgets = {"beneficiary": forms.Textarea(attrs=TEXTAREA), **money_widgets("amount_vnd")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].choose(committees_for, user)
        self.fields["house"].queryset = GreatUnityHouse.objects.editable_by(user).select_related("unit")
        self.fields["activity"].queryset = support_activities_for(user)
