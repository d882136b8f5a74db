"""The doorstep visit with a concern: one form on one screen, prefilled from the last visit."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from members.selectors import own_areas_first
from members.services import parse_household_codes
from organizations.choosers import chooser
from organizations.fields import OrganizationChoiceField, UnitChoiceField
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import scope_for

from .forms import entry_areas, organizations_for_entry
from .models import ConcernCategory
from .phones import validate_vietnamese_phone


@chooser("unit")
def visited_areas(user) -> QuerySet[AdministrativeUnit]:
    """The residential areas where ``user`` may record a visit, those they answer for first."""
    return own_areas_first(user, entry_areas(user))


class VisitConcernForm(forms.Form):
    """A household visit and the one concern raised at it, on one phone screen."""

    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none()
    )
    date = date_field(_("Date of the visit"), past_only=True)
    households_visited = forms.IntegerField(
        label=_("Households visited"),
        min_value=1,
        max_value=10_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    household_numbers = forms.CharField(
        label=_("Numbers of the households visited"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_(
            "Optional: their numbers in the area's list of households, e.g. 12, 15, 31. "
            "A household listed twice in a year is counted once as reached. No names."
        ),
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
        # The areas the cadre answers for come first.
        self.fields["residential_area"].choose(visited_areas, user)
        self.fields["organization"].choose(organizations_for_entry, user)
        if not scope_for(user).writes_in_units:
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
                "household_numbers",
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

    def clean_household_numbers(self) -> list[str]:
        return parse_household_codes(self.cleaned_data["household_numbers"])

    def clean(self) -> dict:
        data = super().clean()
        numbers, visited = data.get("household_numbers") or [], data.get("households_visited")
        if visited is not None and len(numbers) > visited:
            self.add_error(
                "household_numbers",
                _("More households are listed than were visited (%(count)s).") % {"count": visited},
            )
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
