"""Forms for concerns: recording one, and one small form per workflow step.

The forms validate and normalise what was typed; the services in ``concerns.services``
do the writing. ``apply_service_errors`` puts a service's ValidationError next to the
fields it is about.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, QuerySet, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field, narrowed_by
from organizations.choosers import chooser
from organizations.fields import AuthorityChoiceField, OrganizationChoiceField, UnitChoiceField
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .models import TRACKING_CODE_LENGTH, Concern, ConcernSource, InformedHow


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


@chooser("unit")
def units_for_reading(user) -> QuerySet[AdministrativeUnit]:
    return units_for_choices(scope_for(user).work_units(AdministrativeUnit.objects.all()))


@chooser("organization")
def organizations_for_entry(user) -> QuerySet[Organization]:
    """Organizations ``user`` may record work for; today's first."""
    return Organization.objects.editable_by(user).order_by(F("valid_to").desc(nulls_first=True), "name")


@chooser("unit")
def entry_units(user) -> QuerySet[AdministrativeUnit]:
    """The units (not the residential areas) where ``user`` may record concerns."""
    return units_for_entry(user).exclude(kind__in=RESIDENTIAL_AREA_KINDS)


@chooser("unit")
def entry_areas(user) -> QuerySet[AdministrativeUnit]:
    """The residential areas where ``user`` may record concerns."""
    return units_for_entry(user).filter(kind__in=RESIDENTIAL_AREA_KINDS)


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
        # A petition is received with its own form (its kind and how it came), a concern of the
        # public form only by the residents themselves.
        self.fields["source"].choices = [
            (value, label)
            for value, label in self.fields["source"].choices
            if value not in (ConcernSource.PETITION, ConcernSource.PUBLIC_FORM)
        ]
        self.fields["unit"].choose(entry_units, user)
        self.fields["residential_area"].choose(entry_areas, user)
        narrowed_by(self.fields["residential_area"], "id_unit", reverse_lazy("cadre:area_options"))
        self.fields["organization"].choose(organizations_for_entry, user)
        scope = scope_for(user)
        if not scope.is_global and not scope.writable_unit_ids:
            # An organization's cadre records the concerns their organization received.
            self.fields["organization"].required = True
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())


def _date_in(form: forms.Form, name: str) -> datetime.date | None:
    """The date a bound form was sent in its field ``name``, before validation (None if unreadable)."""
    if not form.is_bound:
        return None
    try:
        return datetime.date.fromisoformat(form.data.get(form.add_prefix(name)) or "")
    except ValueError:
        return None


class ForwardForm(forms.Form):
    authority = AuthorityChoiceField(
        label=_("Forwarded to (authority)"),
        help_text=_("The authorities of your units, of the town and province, and the national bodies."),
    )
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    forwarded_on = date_field(_("Forwarded on"))
    due_date = date_field(
        _("Answer due by"),
        required=False,
        help_text=_(
            "Leave it empty: the authority's days to answer are counted from the day it was forwarded."
        ),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map = {"forward_document_number": "document_number"}
    # The workflow's view gives it the user and the concern (``views_actions.Action.make_form``).
    needs_context = True

    def __init__(self, *args, user, concern: Concern, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("forwarded_on", timezone.localdate())
        on = _date_in(self, "forwarded_on") or timezone.localdate()
        self.fields["authority"].offer(user, on=on, chosen=concern.authority_id)

    def clean(self) -> dict:
        data = super().clean()
        forwarded_on, due_date = data.get("forwarded_on"), data.get("due_date")
        if forwarded_on and due_date and due_date < forwarded_on:
            self.add_error("due_date", _("The due date cannot be before the date it was forwarded."))
        if error := AuthorityChoiceField.not_current(data.get("authority"), forwarded_on):
            self.add_error("authority", error)
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
    reply_document_number = forms.CharField(
        label=_("Reply document number"),
        max_length=60,
        required=False,
        help_text=_("The number of the authority's written reply, e.g. “125/UBND-VP”."),
    )
    commitment_text = forms.CharField(
        label=_("Commitment in the answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("If the authority committed to do something, what: it is then followed to its deadline."),
    )
    commitment_deadline = date_field(_("Commitment deadline"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=SMALL_TEXTAREA))

    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())

    def clean(self) -> dict:
        data = super().clean()
        if data.get("commitment_text", "").strip() and not data.get("commitment_deadline"):
            self.add_error("commitment_deadline", _("Enter the date by which the commitment is to be kept."))
        if data.get("commitment_deadline") and not data.get("commitment_text", "").strip():
            self.add_error("commitment_text", _("Enter the commitment, or leave its deadline empty."))
        return data


class InformForm(forms.Form):
    informed_on = date_field(_("Resident informed on"))
    how = forms.ChoiceField(label=_("Informed how"), choices=InformedHow.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs=SMALL_TEXTAREA),
        help_text=_("e.g. at which meeting, by whom."),
    )

    field_map = {"informed_how": "how"}

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
    needs_context = True

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
