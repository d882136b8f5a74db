"""Forms for concerns: recording one, and one small form per workflow step.

The forms validate and normalise what was typed; the services in ``concerns.services``
do the writing. ``apply_service_errors`` puts a service's ValidationError next to the
fields it is about.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.fields import OrganizationChoiceField, UnitChoiceField
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import scope_for

from .models import TRACKING_CODE_LENGTH, Concern, ConcernCategory
from .phones import validate_vietnamese_phone


def _for_choices(units: QuerySet[AdministrativeUnit]) -> QuerySet[AdministrativeUnit]:
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
        units = units.filter(pk__in=scope.writable_unit_ids | scope.writable_org_unit_ids)
    return _for_choices(units)


def units_for_reading(user) -> QuerySet[AdministrativeUnit]:
    scope = scope_for(user)
    units = AdministrativeUnit.objects.all()
    if not scope.is_global:
        units = units.filter(pk__in=scope.readable_unit_ids | scope.readable_org_unit_ids)
    return _for_choices(units)


def organizations_for_entry(user) -> QuerySet[Organization]:
    """Organizations ``user`` may record work for; today's first."""
    return Organization.objects.editable_by(user).order_by(F("valid_to").desc(nulls_first=True), "name")


_TEXTAREA_SMALL = {"rows": 3}


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
            "summary": forms.Textarea(attrs=_TEXTAREA_SMALL),
            "detail": forms.Textarea(attrs=_TEXTAREA_SMALL),
            "resident_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "resident_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_for_entry(user)
        self.fields["unit"].queryset = units.exclude(kind__in=RESIDENTIAL_AREA_KINDS)
        self.fields["residential_area"].queryset = units.filter(kind__in=RESIDENTIAL_AREA_KINDS)
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
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=_TEXTAREA_SMALL))

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
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs=_TEXTAREA_SMALL))
    answered_on = date_field(_("Answered on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=_TEXTAREA_SMALL))

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
        widget=forms.Textarea(attrs=_TEXTAREA_SMALL),
        help_text=_("How: by phone, at a visit, at a meeting..."),
    )

    field_map: dict[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("informed_on", timezone.localdate())


class CloseForm(forms.Form):
    closed_on = date_field(_("Closed on"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=_TEXTAREA_SMALL))

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
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=_TEXTAREA_SMALL))

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
        widget=forms.Textarea(attrs=_TEXTAREA_SMALL),
        help_text=_("e.g. a private dispute for the court, a matter of another province."),
    )

    field_map = {"close_reason": "reason"}


class VisitConcernForm(forms.Form):
    """A household visit and the one concern raised at it, on one phone screen."""

    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none()
    )
    date = date_field(_("Date of the visit"))
    households_visited = forms.IntegerField(
        label=_("Households visited"),
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    organization = OrganizationChoiceField(
        label=_("Organized by"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Leave empty for the Front working committee of the residential area."),
    )
    visit_summary = forms.CharField(
        label=_("Short summary of the visit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No residents' names: this may be published."),
    )
    category = forms.ChoiceField(
        label=_("Category of the concern"),
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label=_("The concern, in short"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Without names or addresses. May be shown to the public."),
    )
    detail = forms.CharField(
        label=_("Confidential detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for cadres in charge; never published."),
    )
    resident_name = forms.CharField(
        label=_("Resident's name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    resident_phone = forms.CharField(
        label=_("Resident's phone"),
        max_length=20,
        required=False,
        validators=[validate_vietnamese_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    resident_consent = forms.BooleanField(
        label=_("The resident agreed that we keep their name and phone to contact them"),
        required=False,
    )

    def __init__(self, *args, user, last_visit=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units_for_entry(user)
        self.fields["residential_area"].queryset = units.filter(kind__in=RESIDENTIAL_AREA_KINDS)
        self.fields["organization"].queryset = organizations_for_entry(user)
        scope = scope_for(user)
        if not scope.is_global and not scope.writable_unit_ids:
            # An organization's cadre logs the visits of their organization.
            self.fields["organization"].required = True
            self.fields["organization"].help_text = ""
        if not self.is_bound:
            self.initial.update(visit_prefill(last_visit))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Visit"),
                "residential_area",
                Row(Column("date", css_class="col-7"), Column("households_visited", css_class="col-5")),
                "organization",
                "visit_summary",
            ),
            Fieldset(
                _("Concern"),
                Field("category", template="concerns/_big_choice_field.html"),
                "summary",
                "detail",
            ),
            Fieldset(
                _("Resident (optional, confidential)"),
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
        return data


def visit_prefill(last_visit) -> dict:
    """Residential area, organizing association and date of the cadre's last visit.

    The date is that visit's date when it was entered today (a cadre entering the visits
    of one round), otherwise today.
    """
    today = timezone.localdate()
    if last_visit is None:
        return {"date": today}
    prefill: dict = {"date": today}
    details = getattr(last_visit, "visit_details", None)
    if details is not None:
        prefill["residential_area"] = details.residential_area_id
    organizations = list(last_visit.organizations.all())
    # The area's own Front working committee is the default anyway: leave the field empty so
    # that it follows the area; an association chosen last time is kept.
    if organizations and organizations[0].kind != OrganizationKind.FRONT_WORKING_COMMITTEE:
        prefill["organization"] = organizations[0].pk
    if last_visit.created_at and timezone.localdate(last_visit.created_at) == today:
        prefill["date"] = last_visit.date
    return prefill


def _units_for_correction(user, concern: Concern) -> QuerySet[AdministrativeUnit]:
    """The units where ``user`` may record concerns, and the concern's own (so that it can stay)."""
    scope = scope_for(user)
    units = AdministrativeUnit.objects.all()
    if not scope.is_global:
        own = {concern.unit_id, concern.residential_area_id} - {None}
        units = units.filter(pk__in=scope.writable_unit_ids | scope.writable_org_unit_ids | own)
    return _for_choices(units)


class ConcernEditForm(forms.Form):
    """The facts of a concern, corrected by a cadre; its status and history stay as they are."""

    category = forms.ChoiceField(
        label=_("Category"), choices=ConcernCategory.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=1000,
        widget=forms.Textarea(attrs=_TEXTAREA_SMALL),
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

    def __init__(self, *args, user, concern: Concern, summary_to_write: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = _units_for_correction(user, concern)
        self.fields["unit"].queryset = units.exclude(kind__in=RESIDENTIAL_AREA_KINDS)
        self.fields["residential_area"].queryset = units.filter(kind__in=RESIDENTIAL_AREA_KINDS)
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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("category", template="concerns/_big_choice_field.html"),
            "summary",
            "detail",
            Row(
                Column("unit", css_class="col-12 col-md-6"),
                Column("residential_area", css_class="col-12 col-md-6"),
            ),
            "note",
        )


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
