"""Forms of the movements, exemplary models and commendations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.fields import OrganizationChoiceField

from .forms_common import TEXTAREA, organizations_for
from .models import Commendation, EmulationMovement, ExemplaryModel


class MovementForm(forms.ModelForm):
    started_on = date_field(_("Started on"), required=False)

    class Meta:
        model = EmulationMovement
        fields = ["name", "kind", "organization", "started_on", "description"]
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"description": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(organizations_for, user)


class ExemplaryModelForm(forms.ModelForm):
    decision_date = date_field(_("Date of the recognising decision"), required=False)

    class Meta:
        model = ExemplaryModel
        fields = [
            "name",
            "field",
            "organization",
            "year",
            "movements",
            "decision_number",
            "decision_date",
            "decided_by",
            "results",
            "story",
            "person_name",
            "name_consent",
            "is_published",
        ]
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {
            "results": forms.Textarea(attrs=TEXTAREA),
            "story": forms.Textarea(attrs={"rows": 8}),
            "movements": forms.CheckboxSelectMultiple,
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(organizations_for, user)
        # The movements' names are public; any of them may be chosen.
        self.fields["movements"].queryset = EmulationMovement.objects.order_by("name", "pk")


class CommendationForm(forms.ModelForm):
    decision_date = date_field(_("Decision date"))

    class Meta:
        model = Commendation
        fields = [
            "recipient_kind",
            "recipient_name",
            "name_consent",
            "organization",
            "exemplary_model",
            "movement",
            "level",
            "form",
            "awarded_by",
            "decision_number",
            "decision_date",
            "reason",
            "is_published",
        ]
        field_classes = {"organization": OrganizationChoiceField}
        widgets = {"reason": forms.Textarea(attrs=TEXTAREA)}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(organizations_for, user)
        self.fields["exemplary_model"].queryset = ExemplaryModel.objects.visible_to(user).order_by(
            "name", "pk"
        )
        self.fields["movement"].queryset = EmulationMovement.objects.order_by("name", "pk")
