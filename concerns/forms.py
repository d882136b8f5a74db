"""Forms for concerns: recording one, and one small form per workflow step.

The forms validate and normalise what was typed; the services in ``concerns.services``
do the writing. ``apply_service_errors`` puts a service's ValidationError next to the
fields it is about.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, QuerySet, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, narrowed_by
from organizations.fields import OrganizationChoiceField, UnitChoiceField
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .models import TRACKING_CODE_LENGTH, Concern


def units_for_choices(units: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
    """Wards and communes first, then residential areas grouped by their unit; today's before old ones."""
    return (
        units.select_related("parent")
        .annotate(is_area=Case(When(kind__in=RESIDENTIAL_AREA_KINDS, then=Value(1)), default=Value(0)))
        .order_by("is_area", F("valid_to").desc(nulls_first=True), "parent__name", "name")
    )


def units_for_entry(user) -> QuerySet[AdministrativeUnit]:
    """Units where ``user`` may record concerns (their units, or where their organizations work)."""
    scope = scope_for(user)
    units = AdministrativeUnit.objects.all()
    if not scope.is_global:
        units = units.filter(pk__in=scope.work_unit_ids)
    return units_for_choices(units)


def units_for_reading(user) -> QuerySet[AdministrativeUnit]:
    scope = scope_for(user)
    units = AdministrativeUnit.objects.all()
    if not scope.is_global:
        units = units.filter(pk__in=scope.readable_work_unit_ids)
    return units_for_choices(units)


def organizations_for_entry(user) -> QuerySet[Organization]:
    """Organizations ``user`` may record work for; today's first."""
    return Organization.objects.editable_by(user).order_by(F("valid_to").desc(nulls_first=True), "name")


SMALL_TEXTAREA = {"rows": 3}


class ConcernForm(forms.ModelForm):
    """A concern recorded directly (from a petition, a dialogue, a phone call...)."""

    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none())
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    organization = OrganizationChoiceField(
        label=_("Received by organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The organization whose cadre received the concern, if any."),
    )
    received_on = date_field(_("Received on"))

    class Meta:
        model = Concern
        fields = [
            "source",
            "received_on",
            "unit",
            "residential_area",
            "organization",
            "category",
            "summary",
            "detail",
            "resident_name",
            "resident_phone",
            "resident_consent",
        ]
        widgets = {
            "summary": forms.Textarea(attrs=SMALL_TEXTAREA),
            "detail": forms.Textarea(attrs=SMALL_TEXTAREA),
            "resident_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "resident_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_for_entry(user)
        self.fields["unit"].queryset = units.exclude(kind__in=RESIDENTIAL_AREA_KINDS)
        self.fields["residential_area"].queryset = units.filter(kind__in=RESIDENTIAL_AREA_KINDS)
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("cadre:area_options"))
        self.fields["organization"].queryset = organizations_for_entry(user)
        scope = scope_for(user)
        if not scope.is_global and not scope.writable_unit_ids:
            # An organization's cadre records the concerns their organization received.
            self.fields["organization"].required = True
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


class ForwardForm(forms.Form):
    authority = forms.CharField(
        label=_("Forwarded to (authority)"),
        max_length=255,
        help_text=_("e.g. the People's Committee of the ward, the land office."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    forwarded_on = date_field(_("Forwarded on"))
    due_date = date_field(_("Answer due by"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map = {"forwarded_to": "authority", "forward_document_number": "document_number"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("forwarded_on", timezone.localdate())

    def clean(self) -> dict:
        data = super().clean()
        forwarded_on, due_date = data.get("forwarded_on"), data.get("due_date")
        if forwarded_on and due_date and due_date < forwarded_on:
            self.add_error("due_date", _("The due date cannot be before the date it was forwarded."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_(
            "The resident reads this answer on the public status page of the concern: "
            "write it plainly, without other people's names or phone numbers."
        ),
    )
    answered_on = date_field(_("Answered on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class InformForm(forms.Form):
    informed_on = date_field(_("Resident informed on"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("How: by phone, at a visit, at a meeting..."),
    )

    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("informed_on", timezone.localdate())


class CloseForm(forms.Form):
    closed_on = date_field(_("Closed on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())


class DuplicateForm(forms.Form):
    duplicate_of = forms.CharField(
        label=_("Tracking code of the concern it repeats"),
        max_length=TRACKING_CODE_LENGTH + 4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map = {"close_reason": "reason"}

    def __init__(self, *args, user, concern: Concern, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.concern = concern

    def clean_duplicate_of(self) -> Concern:
        code = self.cleaned_data["duplicate_of"].strip().upper().replace(" ", "").replace("-", "")
        original = Concern.objects.visible_to(self.user).filter(tracking_code=code).first()
        if original is None:
            raise ValidationError(_("No concern with this tracking code in your units."))
        if original.pk == self.concern.pk:
            raise ValidationError(_("A concern cannot be a duplicate of itself."))
        return original


class NotInScopeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("e.g. a private dispute for the court, a matter of another province."),
    )

    field_map = {"close_reason": "reason"}
