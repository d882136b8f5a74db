"""Forms of the savings-and-loan groups: a group, a snapshot by programme, the bank's sheet."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, date_field
from core.sheets import XLSX_ACCEPT, check_xlsx_upload
from organizations.fields import OrganizationChoiceField, UnitChoiceField

from .forms_common import MONEY, TEXTAREA, areas_for_keeping, associations_for
from .models import LendingProgramme, LoanSnapshot, LoanSnapshotLine, SavingsGroup

LINE_FIELDS = (
    ("outstanding_vnd", _("Outstanding balance (VND)")),
    ("overdue_vnd", _("Overdue (VND)")),
    ("frozen_vnd", _("Frozen (VND)")),
    ("borrowers", _("Borrowers")),
)


class GroupForm(forms.ModelForm):
    founded_on = date_field(_("Founded on"))
    closed_on = date_field(_("Closed on"), required=False)

    class Meta:
        model = SavingsGroup
        fields = [
            "code",
            "name",
            "unit",
            "association",
            "leader",
            "members",
            "founded_on",
            "rating",
            "closed_on",
            "notes",
        ]
        field_classes = {"unit": UnitChoiceField, "association": OrganizationChoiceField}
        widgets = {"notes": forms.Textarea(attrs=TEXTAREA), "members": forms.NumberInput(attrs=MONEY)}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choose(areas_for_keeping, user)
        self.fields["association"].choose(associations_for, user)


class SnapshotForm(forms.Form):
    """A group's figures on a date: four numbers per lending programme (an empty line is skipped)."""

    date = date_field(_("Date of the figures"))

    def __init__(self, *args, snapshot: LoanSnapshot | None = None, **kwargs) -> None:
        initial = kwargs.pop("initial", {}) or {}
        if snapshot is not None and snapshot.pk:
            initial["date"] = snapshot.date
            for line in snapshot.lines.all():
                for name, _label in LINE_FIELDS:
                    initial[f"{line.programme}-{name}"] = getattr(line, name)
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["date"].widget = DateInput()
        for programme, label in LendingProgramme.choices:
            for name, column in LINE_FIELDS:
                self.fields[f"{programme}-{name}"] = forms.IntegerField(
                    label=f"{label}: {column}",
                    required=False,
                    min_value=0,
                    widget=forms.NumberInput(attrs=MONEY | {"class": "form-control form-control-sm"}),
                )

    @property
    def programme_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The form's fields by programme, for a table of four columns."""
        return [
            (label, [self[f"{programme}-{name}"] for name, _column in LINE_FIELDS])
            for programme, label in LendingProgramme.choices
        ]

    @property
    def line_headers(self) -> list[str]:
        return [column for _name, column in LINE_FIELDS]

    def clean(self) -> dict:
        cleaned = super().clean()
        for programme in LendingProgramme.values:
            outstanding = cleaned.get(f"{programme}-outstanding_vnd") or 0
            for part, message in (
                ("overdue_vnd", _("The overdue amount cannot be above the outstanding balance.")),
                ("frozen_vnd", _("The frozen amount cannot be above the outstanding balance.")),
            ):
                if (cleaned.get(f"{programme}-{part}") or 0) > outstanding:
                    self.add_error(f"{programme}-{part}", message)
        return cleaned

    def lines(self) -> list[LoanSnapshotLine]:
        """The programme lines that have a figure (after ``is_valid``)."""
        result = []
        for programme in LendingProgramme.values:
            values = {name: self.cleaned_data.get(f"{programme}-{name}") for name, _label in LINE_FIELDS}
            if all(value in (None, 0) for value in values.values()):
                continue
            result.append(
                LoanSnapshotLine(programme=programme, **{name: value or 0 for name, value in values.items()})
            )
        return result


class SheetForm(forms.Form):
    sheet = forms.FileField(
        label=_("The bank's sheet (XLSX)"),
        help_text=_("One row per group, date and programme; see the example sheet."),
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def clean_sheet(self):
        return check_xlsx_upload(self.cleaned_data["sheet"])
