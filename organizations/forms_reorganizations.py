"""Forms of the reorganization screens: the decision and its units, the residential areas, the
accounts whose access follows.

They validate what a field can tell on its own (a date, a required number, a unit after that is
either an existing unit or a new one); whether the plan holds together (the number of units for
the kind, codes already taken, areas left unassigned) is ``organizations.reorganizing.preview``'s
to say, on the preview page.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .choosers import Spec, chooser
from .fields import UnitChoiceField, UnitsChoiceField, unit_label
from .forms import CadreFormMixin, current_first
from .models import AdministrativeUnit, Reorganization, UnitKind
from .reorganizing import NewUnit, ScopeMove


def open_units(also: list[int] | None = None):
    """Units that have not ended (and ``also``, the ones a draft already names), by name."""
    condition = Q(valid_to__isnull=True)
    if also:
        condition |= Q(pk__in=also)
    return current_first(AdministrativeUnit.objects.select_related("parent").filter(condition))


@chooser("unit")
def open_units_for(user, *, also: list[int] = ()) -> QuerySet[AdministrativeUnit]:
    """``open_units`` for the staff who prepare a reorganization; nothing for another account."""
    units = open_units(list(also))
    return units if user.is_staff else units.none()


class ReorganizationForm(CadreFormMixin, forms.ModelForm):
    submit_label = _("Save the draft")

    before = UnitsChoiceField(
        label=_("Units that end"),
        queryset=AdministrativeUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "They close on the day before the effective date; their records stay with them. "
            "Hold Ctrl (or Cmd) to choose several."
        ),
    )

    class Meta:
        model = Reorganization
        fields = ["kind", "effective_date", "basis_number", "basis_date", "basis_body", "note"]
        widgets = {
            "effective_date": DateInput(),
            "basis_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        named = list((self.instance.plan or {}).get("before") or [])
        if user is None:
            self.fields["before"].queryset = open_units(named)
        else:
            self.fields["before"].choose(open_units_for, user, also=named)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["before"] = named
        self.helper = self.build_helper(
            "kind",
            "effective_date",
            Fieldset(
                _("Legal basis"),
                Div(
                    Div("basis_number", css_class="col-md-6"),
                    Div("basis_date", css_class="col-md-6"),
                    css_class="row",
                ),
                "basis_body",
            ),
            "note",
            "before",
        )
        # The units after follow in the same <form>: one button under everything.
        self.helper.layout.fields.pop()


class AfterUnitForm(forms.Form):
    """One unit after: an existing unit that takes the others in, or a new unit."""

    unit = UnitChoiceField(
        label=_("Existing unit"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("An open unit that takes the others in; leave empty to describe a new unit."),
    )
    name = forms.CharField(label=_("Name of the new unit"), max_length=150, required=False)
    code = forms.CharField(label=_("Code of the new unit"), max_length=20, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of the new unit"), choices=[("", "---------"), *UnitKind.choices], required=False
    )
    parent = UnitChoiceField(
        label=_("Unit above the new unit"), queryset=AdministrativeUnit.objects.none(), required=False
    )

    def __init__(self, *args, units=None, chooser: Spec | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("unit", "parent"):
            self.fields[name].queryset = units
            if chooser is not None:  # one list for both fields of every row, read once
                self.fields[name].use_chooser(chooser)

    def clean(self) -> dict:
        data = super().clean()
        described = [name for name in ("name", "code", "kind", "parent") if data.get(name)]
        if data.get("unit") and described:
            self.add_error("unit", _("Choose an existing unit or describe a new one, not both."))
        elif described:
            for name, message in (
                ("name", _("Give the name of the new unit.")),
                ("code", _("Give the code of the new unit.")),
                ("kind", _("Choose the kind of the new unit.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data

    def spec(self, key: str) -> dict | None:
        """This unit as the plan writes it, or None for a row left empty."""
        data = self.cleaned_data
        if data.get("unit"):
            return {"key": key, "unit": data["unit"].pk}
        if not data.get("name"):
            return None
        return {
            "key": key,
            "name": data["name"].strip(),
            "code": data["code"].strip(),
            "kind": data["kind"],
            "parent": data["parent"].pk if data.get("parent") else None,
        }


class BaseAfterUnitFormSet(forms.BaseFormSet):
    def specs(self) -> list[dict]:
        found = [form.spec(f"u{index}") for index, form in enumerate(self.forms) if form.cleaned_data]
        return [spec for spec in found if spec is not None]


def after_unit_formset(data=None, *, reorganization: Reorganization, user=None):
    """The units after of a draft, and empty rows to add more (three rows at least); with ``user``,
    their lists are choosers when long."""
    plan = reorganization.plan or {}
    initial = [
        {"unit": spec.get("unit"), **{k: spec.get(k) for k in ("name", "code", "kind", "parent")}}
        for spec in plan.get("after") or []
    ]
    named = [spec[k] for spec in plan.get("after") or [] for k in ("unit", "parent") if spec.get(k)]
    formset_class = forms.formset_factory(
        AfterUnitForm, formset=BaseAfterUnitFormSet, extra=max(1, 3 - len(initial)), max_num=20
    )
    units = open_units(named)
    form_kwargs: dict = {"units": units}
    if user is not None:
        units = open_units_for(user, also=named)
        params = {"also": named}
        form_kwargs = {
            "units": units,
            "chooser": Spec.of(open_units_for, user, params, order="natural", queryset=units),
        }
    return formset_class(data, initial=initial, prefix="after", form_kwargs=form_kwargs)


def unit_after_label(unit: NewUnit) -> str:
    return unit_label(unit.existing) if unit.existing else unit.name


class AreaForm(forms.Form):
    """For each open residential area of the units that end: the unit after it goes to and its name."""

    def __init__(self, data=None, *, areas: list[AdministrativeUnit], after: list[NewUnit], chosen: dict):
        super().__init__(data)
        choices = [("", "---------")] + [(unit.key, unit_after_label(unit)) for unit in after]
        self.groups: dict[AdministrativeUnit, list[tuple[forms.BoundField, forms.BoundField]]] = {}
        for area in areas:
            mine = chosen.get(str(area.pk)) or {}
            self.fields[f"to_{area.pk}"] = forms.ChoiceField(
                label=_("%(area)s goes to") % {"area": area.name},
                choices=choices,
                initial=mine.get("to") or (after[0].key if len(after) == 1 else ""),
                error_messages={"required": _("Choose the unit this area goes to.")},
            )
            self.fields[f"name_{area.pk}"] = forms.CharField(
                label=_("Name of %(area)s after") % {"area": area.name},
                max_length=150,
                initial=mine.get("name") or area.name,
                error_messages={"required": _("Give the name of the area after.")},
            )
            self.groups.setdefault(area.parent, []).append((self[f"to_{area.pk}"], self[f"name_{area.pk}"]))
        self.areas = areas

    def assignments(self) -> dict[str, dict]:
        return {
            str(area.pk): {
                "to": self.cleaned_data[f"to_{area.pk}"],
                "name": self.cleaned_data[f"name_{area.pk}"].strip(),
            }
            for area in self.areas
        }


def scope_target_label(move: ScopeMove, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(key, key) for key in move.targets)


class ScopeForm(forms.Form):
    """One box per account whose access lies on what ends: extend it to what takes it over."""

    def __init__(self, data=None, *, moves: list[ScopeMove], labels: dict[str, str]) -> None:
        super().__init__(data)
        self.moves = moves
        for move in moves:
            scope = move.scope
            self.fields[f"scope_{scope.pk}"] = forms.BooleanField(
                label=_("Extend the access of %(account)s (%(access)s) to %(targets)s")
                % {
                    "account": scope.user.get_username(),
                    "access": scope.get_access_display().lower(),
                    "targets": scope_target_label(move, labels),
                },
                help_text=_("Today: %(place)s.") % {"place": scope.unit or scope.organization},
                required=False,
                initial=move.chosen,
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.fields)

    def chosen(self) -> list[int]:
        return [move.scope.pk for move in self.moves if self.cleaned_data.get(f"scope_{move.scope.pk}")]
