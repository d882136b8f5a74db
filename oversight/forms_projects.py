"""Forms of the investment projects and of the monitoring session screen.

The session screen is the board member's main journey: the session, its findings (a
small formset) and, optionally, a recommendation, saved together by one service call.
"""

from __future__ import annotations

from crispy_forms.layout import Fieldset
from django import forms
from django.db.models import F, Q, QuerySet
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.choosers import chooser
from organizations.fields import OrganizationChoiceField, UnitChoiceField
from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
)
from organizations.scoping import scope_for

from .forms import NUMERIC, TEXTAREA, RecommendationForm, current_first, helper, row
from .models import Aspect, MonitoringFinding, MonitoringSession, Project


def _writable_units(user) -> Q:
    scope = scope_for(user)
    return Q() if scope.is_global else Q(pk__in=scope.writable_unit_ids)


def _current_units(units):
    return units.order_by(F("valid_to").desc(nulls_first=True), "parent__name", "name", "pk")


@chooser("unit")
def project_units(user) -> QuerySet[AdministrativeUnit]:
    """The wards and communes where ``user`` records projects."""
    units = AdministrativeUnit.objects.filter(_writable_units(user)).select_related("parent")
    return _current_units(units.filter(kind__in=COMMUNE_LEVEL_KINDS))


@chooser("unit")
def project_areas(user) -> QuerySet[AdministrativeUnit]:
    units = AdministrativeUnit.objects.filter(_writable_units(user)).select_related("parent")
    return _current_units(units.filter(kind__in=RESIDENTIAL_AREA_KINDS))


@chooser("organization")
def project_boards(user) -> QuerySet[Organization]:
    """The Community Investment Monitoring Boards of the units where ``user`` writes."""
    boards = Organization.objects.filter(kind=OrganizationKind.INVESTMENT_MONITORING_BOARD)
    scope = scope_for(user)
    if not scope.is_global:
        boards = boards.filter(unit_id__in=scope.writable_unit_ids)
    return current_first(boards)


class ProjectForm(forms.ModelForm):
    planned_start = date_field(_("Planned start"))
    planned_end = date_field(_("Planned end"))
    actual_start = date_field(_("Actual start"), required=False)
    actual_end = date_field(_("Actual end"), required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "description",
            "investor",
            "funding_source",
            "total_investment_vnd",
            "approving_decision",
            "unit",
            "residential_area",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "stage",
            "progress",
            "board",
        ]
        field_classes = {
            "unit": UnitChoiceField,
            "residential_area": UnitChoiceField,
            "board": OrganizationChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs=TEXTAREA),
            "total_investment_vnd": forms.NumberInput(attrs=NUMERIC),
            "progress": forms.NumberInput(attrs={**NUMERIC, "min": 0, "max": 100}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choose(project_units, user)
        self.fields["residential_area"].choose(project_areas, user)
        self.fields["board"].choose(project_boards, user)
        self.helper = helper(
            "name",
            "description",
            row("investor", "funding_source"),
            row("total_investment_vnd", "approving_decision"),
            row("unit", "residential_area"),
            row("planned_start", "planned_end"),
            row("actual_start", "actual_end"),
            row("stage", "progress"),
            "board",
        )


class SessionForm(forms.ModelForm):
    held_on = date_field(_("Held on"))
    aspects = forms.MultipleChoiceField(
        label=_("Aspects checked"), choices=Aspect.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = MonitoringSession
        fields = ["held_on", "stage", "aspects", "summary", "internal_notes", "savings_vnd", "is_published"]
        widgets = {
            "summary": forms.Textarea(attrs=TEXTAREA),
            "internal_notes": forms.Textarea(attrs=TEXTAREA),
            "savings_vnd": forms.NumberInput(attrs=NUMERIC),
        }
        labels = {
            "is_published": _("Publish the public findings and the recommendation on the project's page")
        }

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        if project.board_id is not None and self.instance.board_id is None:
            self.instance.board = project.board
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("stage", project.stage)
        self.helper = helper(
            row("held_on", "stage"), "aspects", "summary", "internal_notes", "savings_vnd", "is_published"
        )
        self.helper.form_tag = False
        self.helper.layout.fields.pop()  # the screen has one submit button for all its parts


class FindingForm(forms.ModelForm):
    class Meta:
        model = MonitoringFinding
        fields = ["aspect", "text", "is_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("What was found")}

    def has_changed(self) -> bool:
        """A new finding left without aspect and text is an unused row, whatever its "public" box."""
        if self.instance.pk is None:
            return any(name in self.changed_data for name in ("aspect", "text"))
        return super().has_changed()


class BaseFindingFormSet(BaseModelFormSet):
    def findings(self) -> list[MonitoringFinding]:
        """The filled-in findings to save (new and changed), unsaved."""
        return [
            form.instance
            for form in self.forms
            if form.has_changed() and form not in self.deleted_forms and form.cleaned_data
        ]

    def removed(self) -> list[MonitoringFinding]:
        return [form.instance for form in self.deleted_forms if form.instance.pk is not None]


def finding_formset(data=None, *, session: MonitoringSession | None = None, extra: int = 2):
    formset_class = modelformset_factory(
        MonitoringFinding,
        form=FindingForm,
        formset=BaseFindingFormSet,
        extra=extra,
        can_delete=session is not None,
    )
    queryset = session.findings.order_by("pk") if session is not None else MonitoringFinding.objects.none()
    return formset_class(data, queryset=queryset, prefix="findings")


class SessionRecommendationForm(RecommendationForm):
    """The optional recommendation of the session screen: left empty, no recommendation is made."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "recommendation")
        super().__init__(*args, **kwargs)
        self.fields["content"].required = False
        self.helper.form_tag = False
        self.helper.layout.fields.pop()
        self.helper.layout = self.helper.layout.__class__(
            Fieldset(_("Recommendation"), *self.helper.layout.fields)
        )

    def clean(self) -> dict:
        data = super().clean()
        if not self.has_content():
            for name in ("authority", "sent_on", "due_date", "document_number", "concern"):
                if data.get(name):
                    self.add_error("content", _("Write the recommendation, or leave its fields empty."))
                    break
        return data
