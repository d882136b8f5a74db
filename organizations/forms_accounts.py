"""The forms of the staff's account screens (``views_staff_accounts``)."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from .choosers import chooser
from .fields import OrganizationChoiceField, PersonChoiceField, UnitChoiceField
from .models import Access, AdministrativeUnit, Organization, Person, User
from .services_accounts import ScopeChoice

# The whole structure, for the staff (``staff_member_required``): nothing for another account.


@chooser("person")
def all_people(user) -> QuerySet[Person]:
    people = Person.objects.select_related("unit").order_by("full_name", "pk")
    return people if user.is_staff else people.none()


@chooser("unit")
def all_units(user) -> QuerySet[AdministrativeUnit]:
    units = AdministrativeUnit.objects.select_related("parent").order_by(
        F("valid_to").desc(nulls_first=True), "parent__name", "name"
    )
    return units if user.is_staff else units.none()


@chooser("organization")
def all_organizations(user) -> QuerySet[Organization]:
    organizations = Organization.objects.order_by(F("valid_to").desc(nulls_first=True), "name", "pk")
    return organizations if user.is_staff else organizations.none()


class PasswordForm(forms.Form):
    """A password chosen by staff, and whether the cadre must change it at the next login."""

    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Give it to the cadre in person."),
    )
    must_change_password = forms.BooleanField(
        label=_("Must choose a new password at the next login"), required=False, initial=True
    )


class AccountForm(PasswordForm, forms.ModelForm):
    """A new cadre account: who it is, and the password it starts with."""

    person = PersonChoiceField(
        label=_("Linked person"),
        queryset=Person.objects.select_related("unit").order_by("full_name", "pk"),
        required=False,
        help_text=_("Optional: the person of the structure this account belongs to."),
    )

    class Meta:
        model = User
        fields = ["username", "last_name", "first_name", "person"]
        labels = {"last_name": _("Family and middle name"), "first_name": _("Given name")}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["person"].choose(all_people, user)
        self.fields["password"].label = _("Initial password")
        self.fields["must_change_password"].label = _("Must choose a new password at the first login")


class ScopeForm(forms.Form):
    """A scope: a unit or an organization, and the access chosen explicitly (no default)."""

    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=AdministrativeUnit.objects.select_related("parent").order_by(
            F("valid_to").desc(nulls_first=True), "parent__name", "name"
        ),
        required=False,
        help_text=_("The unit and every unit below it, with their organizations."),
    )
    organization = OrganizationChoiceField(
        label=_("or organization"),
        queryset=Organization.objects.order_by(F("valid_to").desc(nulls_first=True), "name", "pk"),
        required=False,
        help_text=_("The organization and its branches."),
    )
    access = forms.ChoiceField(
        label=_("Access"), choices=Access.choices, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args, required: bool = True, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.required = required
        if user is not None:
            self.fields["unit"].choose(all_units, user)
            self.fields["organization"].choose(all_organizations, user)

    def clean(self) -> dict:
        data = super().clean()
        unit, organization, access = data.get("unit"), data.get("organization"), data.get("access")
        if not (unit or organization or access) and not self.required:
            return data
        if bool(unit) == bool(organization):
            raise forms.ValidationError(_("Choose either a unit or an organization."))
        if not access:
            self.add_error("access", _("Choose read only, or read and write."))
        return data

    def choice(self) -> ScopeChoice | None:
        data = self.cleaned_data
        if not (data.get("unit") or data.get("organization")):
            return None
        return ScopeChoice(
            access=data["access"], unit=data.get("unit"), organization=data.get("organization")
        )
