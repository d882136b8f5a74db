"""Forms of the boards' screens: inspections, work plans, reports, the founding decision of a
monitoring board and its members. Like every oversight form, they validate and never save."""

from __future__ import annotations

from crispy_forms.layout import Fieldset
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.choosers import chooser, ids
from organizations.fields import OrganizationChoiceField, UnitChoiceField
from organizations.forms import PositionForm
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationKind

from .forms import NUMERIC, TEXTAREA, ConcernCodeField, boards_for_work, helper, row
from .models import BoardMember, Inspection, InspectionReport, InspectionWorkPlan, MonitoringBoard

# --- inspections --------------------------------------------------------------------------


@chooser("organization")
def inspection_boards(user, *, keep: list[int] = ()) -> QuerySet[Organization]:
    """The People's Inspection Boards ``user`` records work for, and an edited inspection's board."""
    boards = boards_for_work(user, OrganizationKind.INSPECTION_BOARD)
    if keep:
        boards = boards | Organization.objects.filter(pk__in=keep)
    return boards


@chooser("unit")
def areas_below(user, *, unit: int) -> QuerySet[AdministrativeUnit]:
    """The residential areas right below ``unit`` (a board's ward or commune)."""
    return AdministrativeUnit.objects.filter(parent_id=unit, kind__in=RESIDENTIAL_AREA_KINDS).select_related(
        "parent"
    )


class InspectionForm(forms.ModelForm):
    concern = ConcernCodeField(label=_("Resident's concern"))
    start = date_field(_("Start"))
    end = date_field(_("End"), required=False)

    class Meta:
        model = Inspection
        fields = [
            "board",
            "trigger",
            "plan",
            "concern",
            "petition_reference",
            "subject",
            "start",
            "end",
            "findings",
            "violations_found",
            "money_recovered_vnd",
            "land_recovered_m2",
        ]
        field_classes = {"board": OrganizationChoiceField}
        widgets = {
            "findings": forms.Textarea(attrs=TEXTAREA),
            "violations_found": forms.NumberInput(attrs=NUMERIC),
            "money_recovered_vnd": forms.NumberInput(attrs=NUMERIC),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = ids([self.instance.board_id]) if self.instance.pk is not None else []
        self.fields["board"].choose(inspection_boards, user, keep=keep)
        self.fields["plan"].queryset = InspectionWorkPlan.objects.filter(
            board__in=Organization.objects.visible_to(user).filter(kind=OrganizationKind.INSPECTION_BOARD)
        ).select_related("board")
        self.fields["plan"].label_from_instance = lambda plan: f"{plan} – {plan.board.name}"
        self.fields["concern"].user = user
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("start", timezone.localdate())
        self.helper = helper(
            "board",
            "trigger",
            "plan",
            "concern",
            "petition_reference",
            "subject",
            row("start", "end"),
            "findings",
            Fieldset(
                _("Figures"),
                row("violations_found", "land_recovered_m2"),
                "money_recovered_vnd",
            ),
        )


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = InspectionWorkPlan
        fields = ["year", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, board: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("year", timezone.localdate().year)
        self.helper = helper("year", "content")


class ReportForm(forms.ModelForm):
    class Meta:
        model = InspectionReport
        fields = [
            "period",
            "year",
            "number",
            "text",
            "inspections_count",
            "violations_found",
            "recommendations_count",
            "money_recovered_vnd",
            "land_recovered_m2",
            "is_published",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "money_recovered_vnd": forms.NumberInput(attrs=NUMERIC),
        }

    def __init__(self, *args, board: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.helper = helper(
            row("period", "year", "number", css="col-sm-4"),
            "text",
            Fieldset(
                _("Figures"),
                row("inspections_count", "violations_found", "recommendations_count", css="col-sm-4"),
                row("money_recovered_vnd", "land_recovered_m2"),
            ),
            "is_published",
        )


# --- boards -------------------------------------------------------------------------------


class MonitoringBoardForm(forms.ModelForm):
    decision_date = date_field(_("Founding decision date"), required=False)

    class Meta:
        model = MonitoringBoard
        fields = ["decision_number", "decision_date", "decided_by", "is_constituted"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = helper(row("decision_number", "decision_date"), "decided_by", "is_constituted")


class BoardMemberForm(PositionForm):
    """A member of a board: the position, and the area they represent and the recognising decision."""

    residential_area = UnitChoiceField(
        label=_("Residential area represented"), queryset=AdministrativeUnit.objects.none(), required=False
    )
    decision_date = date_field(_("Date of the recognising decision"), required=False)
    is_front_representative = forms.BooleanField(
        label=_("Front representative"),
        required=False,
        help_text=_("The member sent by the Fatherland Front committee, not a resident member."),
    )

    def __init__(
        self, *args, user, organization: Organization, member: BoardMember | None = None, **kwargs
    ) -> None:
        super().__init__(
            *args, user=user, organization=organization, allow_new_person=member is None, **kwargs
        )
        self.fields.pop("term")
        self.fields["residential_area"].choose(areas_below, user, unit=organization.unit_id)
        self.fields["end"].help_text = _(
            "Leave empty: the term follows the term of the residential area's head."
        )
        self.member = member or BoardMember()
        if member is not None and not self.is_bound:
            self.initial.update(
                decision_number=member.decision_number or self.instance.decision_number,
                residential_area=member.residential_area_id,
                decision_date=member.decision_date,
                is_front_representative=member.is_front_representative,
            )
        person_part = ["person"]
        if member is None:
            person_part = [
                Fieldset(_("Member"), "person"),
                Fieldset(
                    _("Or a new person"),
                    "new_full_name",
                    "new_gender",
                    "new_birth_year",
                    "new_phone",
                    "new_email",
                ),
            ]
        self.helper = helper(
            *person_part,
            Fieldset(
                _("On the board"),
                "title",
                "residential_area",
                "is_front_representative",
                row("start", "end"),
                row("decision_number", "decision_date"),
            ),
        )

    def board_member(self) -> BoardMember:
        """The member's oversight facts from the cleaned data (unsaved)."""
        member = self.member
        member.decision_number = self.cleaned_data.get("decision_number") or ""
        member.residential_area = self.cleaned_data.get("residential_area")
        member.decision_date = self.cleaned_data.get("decision_date")
        member.is_front_representative = self.cleaned_data.get("is_front_representative", False)
        return member
