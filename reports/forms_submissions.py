"""The forms of sending a report up: which report to compile (or to look at, for the level above),
its narrative, the leader's sign-off, the level above's return and a new version's reason.

The forms validate and normalise; the services (``reports.submissions``) decide whether the step
is allowed and say why not.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key
from organizations.fields import OrganizationChoiceField, UnitChoiceField, organization_label, unit_label
from organizations.models import MEMBER_ORGANIZATION_KINDS, AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .forms import FIRST_YEAR, organization_options, unit_options
from .models import REPORTABLE_KINDS, organization_above_in, unit_above_in
from .periods import NUMBERS, Period, PeriodKind, containing

KIND_CHOICES = [(kind.value, kind.label) for kind in REPORTABLE_KINDS]
TEXT_LIMIT = 20_000


def last_ended_month(today: datetime.date) -> Period:
    """The month before the one ``today`` is in: the report usually compiled next."""
    return containing(PeriodKind.MONTH, today).previous()


def period_initial(today: datetime.date) -> dict:
    month = last_ended_month(today)
    return {"kind": PeriodKind.MONTH, "year": month.end.year, "number": month.end.month}


def number_of(kind: str, end: datetime.date) -> int | None:
    """The number of the month, quarter or half that ends on ``end`` (read from its last day)."""
    if kind not in NUMBERS:
        return None
    months = 12 // NUMBERS[kind]
    return (end.month + months - 1) // months


def period_of(kind: str, year: int, number: int | None) -> Period:
    if kind == PeriodKind.NINE_MONTHS:
        return Period.of_nine_months(year)
    if kind == PeriodKind.YEAR:
        return Period.of_year(year)
    make = {
        PeriodKind.MONTH: Period.of_month,
        PeriodKind.QUARTER: Period.of_quarter,
        PeriodKind.HALF: Period.of_half,
    }
    return make[kind](year, number)


class PeriodForm(forms.Form):
    """A period a report is sent for: its kind, year and number (month, quarter or half)."""

    kind = forms.ChoiceField(label=_("Period"), choices=KIND_CHOICES)
    year = forms.IntegerField(label=_("Year"))
    number = forms.IntegerField(
        label=_("Month, quarter or half"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_(
            "A month from 1 to 12, a quarter from 1 to 4, or the first (1) or second (2) six months."
        ),
    )

    def __init__(self, *args, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.today.year + 1:
            raise forms.ValidationError(_("Enter a year between 2000 and next year."))
        return year

    def clean(self) -> dict:
        cleaned = super().clean()
        kind, year, number = cleaned.get("kind"), cleaned.get("year"), cleaned.get("number")
        if kind is None or year is None:
            return cleaned
        if kind in NUMBERS:
            highest = NUMBERS[kind]
            if number is None or not 1 <= number <= highest:
                self.add_error(
                    "number",
                    _("For this period, enter a number from 1 to %(highest)s.") % {"highest": highest},
                )
                return cleaned
        cleaned["period"] = period_of(kind, year, number)
        return cleaned


def _own_units(user, chosen: AdministrativeUnit | None) -> list[tuple[int, str]]:
    """The units whose report the user compiles: their scope's own units (not those their scope
    holds as a level above), and the one chosen on the report page. Whoever sees everything gets
    the report page's short list."""
    scope = scope_for(user)
    if scope.is_global:
        return unit_options(user, chosen)
    near = Q(pk__in=scope.root_unit_ids)
    above = unit_above_in(scope.readable_unit_ids, prefix="")
    if above is not None:
        near &= ~above
    if chosen is not None:
        near |= Q(pk=chosen.pk)
    units = AdministrativeUnit.objects.visible_to(user).filter(near).select_related("parent")
    return sorted(((unit.pk, unit_label(unit)) for unit in units), key=lambda item: natural_key(item[1]))


def _own_organizations(user, chosen: Organization | None) -> list[tuple[int, str]]:
    scope = scope_for(user)
    if scope.is_global:
        return organization_options(user, chosen, None)
    near = Q(pk__in=scope.root_org_ids, kind__in=MEMBER_ORGANIZATION_KINDS)
    above = organization_above_in(scope.readable_unit_ids, scope.readable_org_ids, prefix="")
    if above is not None:
        near &= ~above
    if chosen is not None:
        near |= Q(pk=chosen.pk)
    organizations = Organization.objects.visible_to(user).filter(near)
    return sorted(
        ((organization.pk, organization_label(organization)) for organization in organizations),
        key=lambda item: natural_key(item[1]),
    )


class StartForm(PeriodForm):
    """Compile the report of a unit or an organization for a period."""

    unit = UnitChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.none(), required=False)
    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Instead of a unit: the report of an association or union."),
    )
    field_order = ["unit", "organization", "kind", "year", "number"]

    def __init__(
        self,
        *args,
        user,
        today: datetime.date,
        unit: AdministrativeUnit | None = None,
        organization: Organization | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, today=today, **kwargs)
        units = _own_units(user, unit)
        organizations = _own_organizations(user, organization)
        self.fields["unit"].queryset = AdministrativeUnit.objects.visible_to(user)
        self.fields["unit"].choices = [("", "---------"), *units]
        self.fields["organization"].queryset = Organization.objects.visible_to(user)
        self.fields["organization"].choices = [("", "---------"), *organizations]
        if not organizations:
            del self.fields["organization"]
        elif not units:
            del self.fields["unit"]
        if not self.is_bound and len(units) + len(organizations) == 1:
            self.initial.setdefault("unit" if units else "organization", (units or organizations)[0][0])

    def clean(self) -> dict:
        cleaned = super().clean()
        unit, organization = cleaned.get("unit"), cleaned.get("organization")
        if unit and organization:
            self.add_error("organization", _("Choose a unit or an organization, not both."))
        elif (
            not unit
            and not organization
            and not self.has_error("unit")
            and not self.has_error("organization")
        ):
            name = "unit" if "unit" in self.fields else "organization"
            self.add_error(name, _("Choose the unit or the organization whose report this is."))
        return cleaned


def _text(label, *, required: bool = False, rows: int = 6) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": rows})
    )


class NarrativeForm(forms.Form):
    results = _text(_("Results achieved"))
    shortcomings = _text(_("Shortcomings and limitations"))
    proposals = _text(_("Proposals and recommendations"))


class SignOffForm(forms.Form):
    number = forms.CharField(
        label=_("Document number"), max_length=40, help_text=_("As written on the report, e.g. 15/BC-MTTQ.")
    )
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=150)
    signer_title = forms.CharField(
        label=_("Title"), max_length=150, help_text=_("e.g. Chair, or Vice-chair signing for the Chair.")
    )


class ConfirmForm(forms.Form):
    """A step without fields (refresh the figures, send): only its errors are shown."""


class ReturnForm(forms.Form):
    comment = _text(_("What must be corrected"), required=True, rows=4)


class NewVersionForm(forms.Form):
    reason = _text(_("Why a new version"), required=True, rows=3)
