"""Forms of the cadre screens for the organization structure.

Forms validate and normalise; they never save. Views hand the cleaned instance to a
service of ``organizations.services``, which checks the scope again and writes.
Choices are limited to what the user may see or change, so a foreign id posted by hand
is a field error ("select a valid choice"), not a write.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, apply_service_errors

from .choosers import chooser, ids
from .fields import OrganizationChoiceField, PersonChoiceField, UnitChoiceField
from .models import (
    MEMBER_ORGANIZATION_KINDS,
    AdministrativeUnit,
    Gender,
    Organization,
    Person,
    Position,
    PositionTitle,
    Term,
)
from .scoping import scope_for


def current_first(queryset: QuerySet) -> QuerySet:
    """Current rows (no end date) first, then the ended ones, each by name."""
    return queryset.order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


def writable_units(user, *, include_org_units: bool, also: int | None = None) -> QuerySet:
    """Units where ``user`` may place an organization or a person.

    With ``include_org_units``, the units where the organizations of an organization scope
    work count too (a Women's Union cadre may add a branch in a residential area of her
    ward). ``also`` keeps the current value of an edited object among the choices; the
    service does the final check.
    """
    scope = scope_for(user)
    units = AdministrativeUnit.objects.select_related("parent")
    if scope.is_global:
        return current_first(units.all())
    condition = Q(pk__in=AdministrativeUnit.objects.editable_by(user).values("pk"))
    if include_org_units:
        condition |= Q(pk__in=scope.writable_org_unit_ids)
    if also is not None:
        condition |= Q(pk=also)
    return current_first(units.filter(condition))


@chooser("unit")
def organization_units(user, *, keep: list[int] = ()) -> QuerySet:
    """Where ``user`` may place an organization (``keep``: an edited one's unit)."""
    return writable_units(user, include_org_units=True, also=keep[0] if keep else None)


@chooser("unit")
def person_units(user, *, keep: list[int] = ()) -> QuerySet:
    """Where ``user`` may place a person (``keep``: an edited person's unit)."""
    return writable_units(user, include_org_units=False, also=keep[0] if keep else None)


@chooser("organization")
def parent_organizations(user, *, keep: list[int] = (), edited: int | None = None) -> QuerySet:
    """The associations an organization may belong to: those whose record ``user`` keeps, and the
    edited one's present parent (``keep``); never the edited organization itself."""
    parents = Q(pk__in=Organization.objects.record_editable_by(user).values("pk"))
    if keep:
        parents |= Q(pk__in=keep)
    choices = Organization.objects.filter(parents).select_related("unit")
    if edited is not None:
        choices = choices.exclude(pk=edited)
    return current_first(choices)


@chooser("person")
def visible_people(user, *, keep: list[int] = ()) -> QuerySet:
    """The people ``user`` sees, and ``keep`` (a position's present holder)."""
    if not keep:
        return Person.objects.visible_to(user).select_related("unit")
    people = Q(pk__in=Person.objects.visible_to(user).values("pk")) | Q(pk__in=keep)
    return Person.objects.filter(people).select_related("unit")


def organization_scoped_kinds(user) -> set[str] | None:
    """The kinds an account that writes through organization scopes only may add: those of its
    writable member organizations. None for an account that writes in a unit (the service checks)."""
    scope = scope_for(user)
    if scope.writes_in_units:
        return None
    return set(
        Organization.objects.record_editable_by(user)
        .filter(kind__in=MEMBER_ORGANIZATION_KINDS)
        .values_list("kind", flat=True)
        .distinct()
    )


def can_add_organizations(user) -> bool:
    """A unit's writer, or the writer of a member organization (who adds its branches)."""
    kinds = organization_scoped_kinds(user)
    return kinds is None or bool(kinds)


class CadreFormMixin:
    """A crispy helper with one submit button; each form gives its layout."""

    submit_label = _("Save")

    def build_helper(self, *layout) -> FormHelper:
        helper = FormHelper()
        # The template writes the <form> tag, with its CSRF token and one-time key.
        helper.form_tag = False
        helper.layout = Layout(
            *layout, Div(Submit("save", self.submit_label, css_class="btn-portal"), css_class="mt-3")
        )
        return helper


class OrganizationForm(CadreFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "kind",
            "unit",
            "parent",
            "description",
            "office_address",
            "public_contact",
            "valid_from",
            "valid_to",
        ]
        field_classes = {"unit": UnitChoiceField, "parent": OrganizationChoiceField}
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    # On creation only: who heads the new branch or group, saved with it (one transaction).
    head = PersonChoiceField(
        label=_("Head (optional)"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("The person who heads it from its start: the position is recorded with it."),
    )
    head_title = forms.ChoiceField(
        label=_("Title of the head"),
        choices=[
            (PositionTitle.HEAD, PositionTitle.HEAD.label),
            (PositionTitle.CHAIR, PositionTitle.CHAIR.label),
            (PositionTitle.SECRETARY, PositionTitle.SECRETARY.label),
        ],
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is None:
            self.fields["head"].choose(visible_people, user)
        else:
            del self.fields["head"], self.fields["head_title"]
        self.fields["unit"].choose(organization_units, user, keep=ids([instance.unit_id]))
        kinds = organization_scoped_kinds(user)
        if kinds is not None:
            # Through an organization scope only: branches of the user's own kind of association.
            if instance.pk is not None:
                kinds = {instance.kind}
            self.fields["kind"].choices = [
                (value, label) for value, label in self.fields["kind"].choices if value in kinds
            ]
        self.fields["parent"].choose(
            parent_organizations, user, keep=ids([instance.parent_id]), edited=instance.pk
        )
        self.fields["parent"].help_text = _(
            "The association a branch or group belongs to; empty for a top level."
        )
        self.helper = self.build_helper(
            "name",
            "kind",
            Div(Div("unit", css_class="col-md-6"), Div("parent", css_class="col-md-6"), css_class="row"),
            "description",
            "office_address",
            "public_contact",
            Div(Div("valid_from", css_class="col-6"), Div("valid_to", css_class="col-6"), css_class="row"),
            *(
                [
                    Div(
                        Div("head", css_class="col-md-8"),
                        Div("head_title", css_class="col-md-4"),
                        css_class="row",
                    )
                ]
                if "head" in self.fields
                else []
            ),
        )

    def head_position(self) -> Position | None:
        """The head's position, starting with the organization, or None when no head was named."""
        person = self.cleaned_data.get("head") if "head" in self.fields else None
        if person is None:
            return None
        start = self.cleaned_data.get("valid_from") or timezone.localdate()
        title = self.cleaned_data.get("head_title") or PositionTitle.HEAD
        return Position(person=person, title=title, start=start)


class TermForm(CadreFormMixin, forms.ModelForm):
    class Meta:
        model = Term
        fields = ["ordinal", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.helper = self.build_helper(
            "ordinal",
            Div(Div("start", css_class="col-6"), Div("end", css_class="col-6"), css_class="row"),
        )

    def clean_ordinal(self) -> int:
        ordinal = self.cleaned_data["ordinal"]
        others = Term.objects.filter(organization_id=self.instance.organization_id, ordinal=ordinal)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("This organization already has a term with this number."), code="duplicate"
            )
        return ordinal


NEW_PERSON_FIELDS = {
    "new_full_name": "full_name",
    "new_gender": "gender",
    "new_birth_year": "birth_year",
    "new_phone": "phone",
    "new_email": "email",
}


class PositionForm(CadreFormMixin, forms.ModelForm):
    """A position in one organization; on creation the holder may be a new person."""

    new_full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    new_gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "---------"), *Gender.choices], required=False
    )
    new_birth_year = forms.IntegerField(label=_("Year of birth"), required=False)
    new_phone = forms.CharField(label=_("Phone (private)"), max_length=20, required=False)
    new_email = forms.EmailField(label=_("E-mail (private)"), required=False)

    class Meta:
        model = Position
        fields = ["person", "title", "term", "start", "end", "decision_number"]
        field_classes = {"person": PersonChoiceField}
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(
        self, *args, user, organization: Organization, allow_new_person: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.new_person: Person | None = None
        self.allow_new_person = allow_new_person
        self.fields["person"].choose(visible_people, user, keep=ids([self.instance.person_id]))
        self.fields["term"].queryset = organization.terms.all()
        self.fields["decision_number"].help_text = _(
            "Number of the decision that appointed or recognised the holder."
        )
        if allow_new_person:
            self.fields["person"].required = False
            self.fields["person"].help_text = _(
                "Choose a person already recorded, or enter a new person below."
            )
            person_part = (
                Fieldset(_("Holder"), "person"),
                Fieldset(
                    _("Or a new person"),
                    "new_full_name",
                    "new_gender",
                    "new_birth_year",
                    "new_phone",
                    "new_email",
                ),
            )
        else:
            for name in NEW_PERSON_FIELDS:
                del self.fields[name]
            person_part = ("person",)
        self.helper = self.build_helper(
            *person_part,
            Fieldset(
                _("Position"),
                "title",
                "term",
                Div(Div("start", css_class="col-6"), Div("end", css_class="col-6"), css_class="row"),
                "decision_number",
            ),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.allow_new_person:
            return cleaned
        new_name = (cleaned.get("new_full_name") or "").strip()
        has_new_data = new_name or any(
            cleaned.get(name) for name in NEW_PERSON_FIELDS if name != "new_full_name"
        )
        if cleaned.get("person") is not None and has_new_data:
            raise ValidationError(
                _("Choose an existing person or enter a new person, not both."), code="both"
            )
        if cleaned.get("person") is None and "person" not in self.errors:
            if not new_name:
                if has_new_data:
                    self.add_error("new_full_name", _("Enter the new person's full name."))
                else:
                    self.add_error("person", _("Choose a person or enter a new person's name."))
                return cleaned
            self.new_person = self._build_new_person(cleaned, new_name)
        return cleaned

    def _build_new_person(self, cleaned: dict, full_name: str) -> Person:
        person = Person(
            full_name=full_name,
            gender=cleaned.get("new_gender") or "",
            birth_year=cleaned.get("new_birth_year"),
            phone=cleaned.get("new_phone") or "",
            email=cleaned.get("new_email") or "",
            unit_id=self.instance.organization.unit_id,
        )
        try:
            person.full_clean()
        except ValidationError as exc:
            apply_service_errors(self, exc, field_map={v: k for k, v in NEW_PERSON_FIELDS.items()})
        return person


class PersonForm(CadreFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "gender", "birth_year", "phone", "email", "unit"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choose(person_units, user, keep=ids([self.instance.unit_id]))
        self.helper = self.build_helper(
            "full_name",
            Div(Div("gender", css_class="col-6"), Div("birth_year", css_class="col-6"), css_class="row"),
            Div(Div("phone", css_class="col-md-6"), Div("email", css_class="col-md-6"), css_class="row"),
            "unit",
        )
