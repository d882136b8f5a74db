"""Forms of the member registers and the residential areas. They validate and normalise; the
services check the scope and the rules that span records, and their errors show next to the fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import apply_service_errors, date_field
from core.sheets import XLSX_ACCEPT, check_xlsx_upload
from organizations.choosers import chooser, ids
from organizations.fields import OrganizationChoiceField, PersonChoiceField, UnitChoiceField
from organizations.models import (
    MEMBER_ORGANIZATION_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    Person,
)
from organizations.scoping import scope_for

from .member_sheet import COLUMNS, LABELS, REQUIRED
from .models import Assignment, HouseholdFigure, LeaveReason, Member, Membership

NUMBER = {"inputmode": "numeric"}


def _current_first(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


def registers_kept_by(user) -> QuerySet[Organization]:
    """The associations, unions and branches whose register ``user`` may change."""
    return _current_first(Organization.objects.editable_by(user).filter(kind__in=MEMBER_ORGANIZATION_KINDS))


@chooser("organization")
def registers_read_by(user) -> QuerySet[Organization]:
    return _current_first(Organization.objects.visible_to(user).filter(kind__in=MEMBER_ORGANIZATION_KINDS))


def areas_for(user, *, writable: bool = False) -> QuerySet[AdministrativeUnit]:
    """Residential areas of the user's units (where their organizations work, for reading)."""
    scope = scope_for(user)
    areas = AdministrativeUnit.objects.filter(kind__in=RESIDENTIAL_AREA_KINDS)
    if not scope.is_global:
        areas = areas.filter(pk__in=scope.writable_unit_ids if writable else scope.readable_work_unit_ids)
    return areas.select_related("parent").order_by(
        F("valid_to").desc(nulls_first=True), "parent__name", "name"
    )


# The choices of the registers' forms, built for a user (``organizations.choosers``).


@chooser("unit")
def member_areas(user, *, keep: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    """The residential areas a member may live in: those the user reads, and the member's own."""
    scope = scope_for(user)
    areas = AdministrativeUnit.objects.filter(kind__in=RESIDENTIAL_AREA_KINDS).select_related("parent")
    if not scope.is_global:
        areas = areas.filter(pk__in=scope.readable_work_unit_ids | {*keep, 0})
    return areas.order_by(F("valid_to").desc(nulls_first=True), "parent__name", "name")


@chooser("organization")
def kept_registers(user) -> QuerySet[Organization]:
    return registers_kept_by(user).select_related("unit")


@chooser("organization")
def kept_top_registers(user) -> QuerySet[Organization]:
    """The associations and unions (not their branches) whose register ``user`` keeps."""
    return registers_kept_by(user).filter(parent__isnull=True)


@chooser("organization")
def kept_area_branches(user) -> QuerySet[Organization]:
    """The branches of residential areas whose register ``user`` keeps."""
    return registers_kept_by(user).filter(unit__kind__in=RESIDENTIAL_AREA_KINDS).select_related("unit")


@chooser("organization")
def transfer_branches(user, *, kind: str, leaving: int) -> QuerySet[Organization]:
    """Where a member of ``leaving`` may be transferred: today's organizations of its kind, anywhere
    (the register that receives the member is kept by another unit's cadres)."""
    return _current_first(Organization.objects.current().filter(kind=kind).exclude(pk=leaving))


@chooser("unit")
def writable_areas(user) -> QuerySet[AdministrativeUnit]:
    return areas_for(user, writable=True)


@chooser("unit")
def readable_areas(user) -> QuerySet[AdministrativeUnit]:
    return areas_for(user)


@chooser("person")
def visible_people(user) -> QuerySet[Person]:
    return Person.objects.visible_to(user).select_related("unit")


class MemberForm(forms.ModelForm):
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none()
    )

    class Meta:
        model = Member
        fields = ["full_name", "birth_year", "gender", "ethnicity", "residential_area", "phone"]
        widgets = {
            "birth_year": forms.NumberInput(attrs=NUMBER),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = ids([self.instance.residential_area_id])
        self.fields["residential_area"].choose(member_areas, user, keep=keep)


class MembershipForm(forms.ModelForm):
    """Joining an organization: which one, when, the card."""

    organization = OrganizationChoiceField(
        label=_("Organization or branch"), queryset=Organization.objects.none()
    )
    joined_on = date_field(_("Joined on"))

    class Meta:
        model = Membership
        fields = ["organization", "joined_on", "card_number"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(kept_registers, user)


class NewMemberForm(MemberForm):
    """A new member and their first membership, on one form."""

    organization = OrganizationChoiceField(
        label=_("Organization or branch"), queryset=Organization.objects.none()
    )
    joined_on = date_field(_("Joined on"))
    card_number = forms.CharField(
        label=_("Member card number"),
        max_length=30,
        required=False,
        help_text=Membership._meta.get_field("card_number").help_text,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].choose(kept_registers, user)

    def membership(self) -> Membership:
        data = self.cleaned_data
        return Membership(
            organization=data["organization"],
            joined_on=data["joined_on"],
            card_number=data["card_number"].strip(),
        )

    def clean(self) -> dict:
        """The membership's own checks too, so that one round shows every mistake."""
        data = super().clean()
        if data.get("organization") and data.get("joined_on"):
            membership = self.membership()
            membership.member = self.instance
            try:
                membership.full_clean(exclude=["member", "previous"], validate_unique=False)
            except ValidationError as error:
                apply_service_errors(self, error)
        return data


class LeaveForm(forms.Form):
    left_on = date_field(_("Left on"), help_text=_("From this day on, no longer a member."))
    reason = forms.ChoiceField(
        label=_("Reason for leaving"),
        choices=[(value, label) for value, label in LeaveReason.choices if value != LeaveReason.TRANSFERRED],
        widget=forms.RadioSelect,
    )


class TransferForm(forms.Form):
    organization = OrganizationChoiceField(label=_("To the branch"), queryset=Organization.objects.none())
    on = date_field(_("Date of the transfer"))
    card_number = forms.CharField(
        label=_("New card number"),
        max_length=30,
        required=False,
        help_text=_("Leave empty to keep the member's card."),
    )

    def __init__(self, *args, membership: Membership, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(
            transfer_branches, user, kind=membership.organization.kind, leaving=membership.organization_id
        )


class SheetForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("Association or union"),
        queryset=Organization.objects.none(),
        help_text=_("The sheet's branches are this organization's."),
    )
    sheet = forms.FileField(
        label=_("The register sheet (XLSX)"),
        help_text=_("One row per member; see the example sheet."),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].choose(kept_top_registers, user)

    def clean_sheet(self):
        return check_xlsx_upload(self.cleaned_data["sheet"])


class MappingForm(forms.Form):
    """Which column of the sheet holds what: one choice per field, proposed from the headers."""

    def __init__(self, *args, headers: list[str], proposed: dict[str, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from openpyxl.utils import get_column_letter

        choices = [("", _("– not in the sheet –"))] + [
            (
                str(index),
                f"{get_column_letter(index + 1)}: {header}" if header else get_column_letter(index + 1),
            )
            for index, header in enumerate(headers)
        ]
        for key in COLUMNS:
            self.fields[key] = forms.TypedChoiceField(
                label=LABELS[key],
                choices=choices,
                coerce=int,
                empty_value=None,
                required=key in REQUIRED,
                initial=str(proposed[key]) if key in proposed else "",
            )

    def clean(self) -> dict:
        data = super().clean()
        used: dict[int, str] = {}
        for key in COLUMNS:
            index = data.get(key)
            if index is None:
                continue
            if index in used:
                self.add_error(
                    key, _("This column is already chosen for %(field)s.") % {"field": LABELS[used[index]]}
                )
            used.setdefault(index, key)
        return data

    def mapping(self) -> dict[str, int]:
        return {key: index for key, index in self.cleaned_data.items() if index is not None}


class HouseholdFigureForm(forms.ModelForm):
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none()
    )

    class Meta:
        model = HouseholdFigure
        fields = ["residential_area", "year", "households", "residents", "source"]
        widgets = {name: forms.NumberInput(attrs=NUMBER) for name in ("year", "households", "residents")}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residential_area"].choose(writable_areas, user)


class AssignmentForm(forms.ModelForm):
    person = PersonChoiceField(label=_("Person in charge"), queryset=Person.objects.none())
    residential_area = UnitChoiceField(
        label=_("Residential area"), queryset=AdministrativeUnit.objects.none()
    )
    organization = OrganizationChoiceField(
        label=_("Branch"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("The branch of the area this person answers for, if any."),
    )
    start = date_field(_("Start"))
    end = date_field(_("End"), required=False)

    class Meta:
        model = Assignment
        fields = ["person", "role", "residential_area", "organization", "start", "end"]

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choose(visible_people, user)
        self.fields["residential_area"].choose(readable_areas, user)
        self.fields["organization"].choose(kept_area_branches, user)
