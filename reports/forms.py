"""The choice of a report: whose (a unit or an organization of the reader's scope), which period
and which view of the units.

The unit and organization fields accept and offer anything the reader may see (``visible_to``),
the roots of the reader's scope first: the whole list when it is short, a searchable chooser
when it is long (``organizations.choosers``). The rows of a report also link to the report of each
unit below. ``unit_options`` and ``organization_options`` are the short lists of the reports sent
up (``forms_submissions``) for an account that sees everything: the one chosen, the roots and
the units (or organizations) right below them, at most ``MAX_OPTIONS``.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from core.formatting import natural_key
from core.forms import DateInput
from organizations.choosers import chooser
from organizations.fields import (
    DEFAULT_VIEW,
    VIEW_CHOICES,
    OrganizationChoiceField,
    UnitChoiceField,
    organization_label,
    unit_label,
)
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import scope_for

from .periods import NUMBERS, Period, PeriodKind, containing, term_period

MAX_OPTIONS = 100
# Today's units and organizations first (on SQLite and PostgreSQL alike) when the list is cut.
CURRENT_FIRST = F("valid_to").desc(nulls_first=True)
FIRST_YEAR = 2000
# The longest range of dates a report takes (a term of office is five years).
MAX_DAYS = 366 * 10


def unit_options(user, chosen: AdministrativeUnit | None) -> list[tuple[int, str]]:
    """The chosen unit, the user's scope units and the units right below them (one query)."""
    scope = scope_for(user)
    visible = AdministrativeUnit.objects.visible_to(user)
    roots = Q(parent__isnull=True) if scope.is_global else Q(pk__in=scope.root_unit_ids)
    near = roots | Q(parent__in=visible.filter(roots))
    if chosen is not None:
        near |= Q(pk=chosen.pk) | Q(parent_id=chosen.pk)
        if chosen.parent_id:
            near |= Q(pk=chosen.parent_id)
    units = visible.filter(near).select_related("parent").order_by(CURRENT_FIRST, "pk")
    found = list(units[:MAX_OPTIONS])
    if chosen is not None and chosen not in found:
        found[-1:] = [chosen]
    labelled = [(unit, unit_label(unit)) for unit in found]
    # The roots first, then the units below them; today's before those that ended; in natural order.
    top = set(scope.root_unit_ids) if not scope.is_global else {u.pk for u in found if u.parent_id is None}
    labelled.sort(
        key=lambda item: (item[0].pk not in top, item[0].valid_to is not None, natural_key(item[1]))
    )
    return [(unit.pk, label) for unit, label in labelled]


def organization_options(
    user, chosen: Organization | None, unit: AdministrativeUnit | None
) -> list[tuple[int, str]]:
    """The chosen organization, the user's scope organizations, and the organizations (not their
    branches) of the chosen unit or of the user's scope units (one query)."""
    scope = scope_for(user)
    visible = Organization.objects.visible_to(user)
    near = Q(pk__in=scope.root_org_ids)
    if unit is not None:
        near |= Q(unit=unit, parent__isnull=True)
    elif scope.root_unit_ids:
        near |= Q(unit_id__in=scope.root_unit_ids, parent__isnull=True)
    elif scope.is_global:  # the organizations of the provinces and of the units right below them
        top = Q(unit__parent__isnull=True) | Q(unit__parent__parent__isnull=True)
        near |= top & Q(parent__isnull=True, valid_to__isnull=True)
    if chosen is not None:
        near |= Q(pk=chosen.pk) | Q(parent_id=chosen.pk)
    organizations = visible.filter(near).order_by(CURRENT_FIRST, "pk")
    found = list(organizations[:MAX_OPTIONS])
    if chosen is not None and chosen not in found:
        found[-1:] = [chosen]
    found.sort(
        key=lambda org: (org.pk not in scope.root_org_ids, org.valid_to is not None, natural_key(org.name))
    )
    return [(organization.pk, organization_label(organization)) for organization in found]


def _roots_first(roots: Q) -> Case:
    return Case(When(roots, then=Value(0)), default=Value(1))


@chooser("unit")
def report_units(user) -> QuerySet[AdministrativeUnit]:
    """Every unit ``user`` sees: the roots of the scope first, today's before those that ended."""
    scope = scope_for(user)
    roots = Q(parent__isnull=True) if scope.is_global else Q(pk__in=scope.root_unit_ids)
    return (
        AdministrativeUnit.objects.visible_to(user)
        .select_related("parent")
        .order_by(_roots_first(roots), CURRENT_FIRST, "parent__name", "name", "pk")
    )


@chooser("organization")
def report_organizations(user) -> QuerySet[Organization]:
    """Every organization ``user`` sees: the scope's own first, today's before those that ended."""
    scope = scope_for(user)
    if scope.is_global:
        roots = Q(unit__parent__isnull=True, parent__isnull=True)
    else:
        roots = Q(pk__in=scope.root_org_ids)
    return Organization.objects.visible_to(user).order_by(_roots_first(roots), CURRENT_FIRST, "name", "pk")


class ReportForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("Empty: the units of your account."),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Instead of a unit: an organization with its branches."),
    )
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
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
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    view = forms.ChoiceField(
        label=_("View the units"),
        choices=VIEW_CHOICES,
        initial=DEFAULT_VIEW,
        widget=forms.RadioSelect,
        help_text=_(
            "As it is now, a unit includes the records of the units that became part of it; "
            "as it was, only the records logged in it."
        ),
    )

    def __init__(
        self,
        data=None,
        *,
        user,
        today: datetime.date,
        unit: AdministrativeUnit | None = None,
        organization: Organization | None = None,
    ) -> None:
        super().__init__(data)
        self.user, self.today = user, today
        self.chosen_unit, self.chosen_organization = unit, organization
        self.fields["unit"].choose(report_units, user)
        self.fields["organization"].choose(report_organizations, user)

    @staticmethod
    def defaults(today: datetime.date) -> dict[str, str]:
        """What a report shows before anything is chosen: this year, as it is now."""
        return {"kind": PeriodKind.YEAR, "year": str(today.year), "view": DEFAULT_VIEW}

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.today.year + 1:
            raise forms.ValidationError(_("Enter a year between 2000 and next year."))
        return year

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("unit") and cleaned.get("organization"):
            self.add_error("organization", _("Choose a unit or an organization, not both."))
        kind, year = cleaned.get("kind"), cleaned.get("year")
        if kind is None or (year is None and kind != PeriodKind.CUSTOM):
            return cleaned
        period = self._period(kind, year, cleaned)
        if period is not None:
            cleaned["period"] = period
        return cleaned

    def _period(self, kind: str, year: int | None, cleaned: dict) -> Period | None:
        number = cleaned.get("number")
        if kind in NUMBERS:
            highest = NUMBERS[kind]
            if number is None:  # this year: the month (quarter, half) of today; another: the last
                current = containing(kind, self.today)
                number = _number_of(current) if current.end.year == year else highest
            if not 1 <= number <= highest:
                self.add_error(
                    "number",
                    _("For this period, enter a number from 1 to %(highest)s.") % {"highest": highest},
                )
                return None
            make = {
                PeriodKind.MONTH: Period.of_month,
                PeriodKind.QUARTER: Period.of_quarter,
                PeriodKind.HALF: Period.of_half,
            }[kind]
            return make(year, number)
        if kind == PeriodKind.NINE_MONTHS:
            return Period.of_nine_months(year)
        if kind == PeriodKind.YEAR:
            return Period.of_year(year)
        if kind == PeriodKind.TERM:
            unit = cleaned.get("unit") or self._first_scope_unit()
            return term_period(year, unit=unit, organization=cleaned.get("organization"))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            for name, value in (("start", start), ("end", end)):
                if value is None:
                    self.add_error(name, _("Enter the first and the last day of the period."))
            return None
        if end < start:
            self.add_error("end", _("The end date cannot be before the start date."))
            return None
        if (end - start).days >= MAX_DAYS:
            self.add_error("end", _("A report covers at most ten years."))
            return None
        return Period.between(start, end)

    def _first_scope_unit(self) -> AdministrativeUnit | None:
        roots = scope_for(self.user).root_unit_ids
        return AdministrativeUnit(pk=roots[0]) if roots else None


def _number_of(period: Period) -> int:
    """The number of a month, quarter or half within its year (read from its last day)."""
    months = 12 // NUMBERS[period.kind]
    return (period.end.month + months - 1) // months
