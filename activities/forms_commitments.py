"""The cadre screens of commitments: the filters of the list and the form that records a status.

The form validates and normalises; ``activities.commitments.record_commitment_status`` checks the
scope again, the dates against the commitment and writes.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field
from organizations.choosers import chooser
from organizations.fields import AuthorityFilter, UnitFilter, UnitViewFilter, UnitViewFilterSet
from organizations.models import Authority

from .filters import readable_units
from .models import Commitment, CommitmentStatus


@chooser("authority")
def commitment_owners(user) -> QuerySet[Authority]:
    """The authorities that own a commitment ``user`` may read, by name."""
    owners = Commitment.objects.visible_to(user).filter(owner__isnull=False).values("owner_id")
    return Authority.objects.filter(pk__in=owners).order_by("name", "pk")


class CommitmentFilter(UnitViewFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CommitmentStatus.choices)
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue commitments"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    # The authorities that own a commitment the user may read (one query when the form is shown).
    owner = AuthorityFilter(label=_("Committed by"), chooser=commitment_owners)
    unit = UnitFilter(label=_("Unit"), chooser=readable_units, method="filter_unit")
    view = UnitViewFilter()

    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.overdue(timezone.localdate()) if value else queryset


class CommitmentStatusForm(forms.Form):
    """What became of a commitment: its status, the day it was checked and what shows it."""

    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices, widget=forms.RadioSelect)
    status_on = date_field(
        _("Checked on"),
        required=False,
        past_only=True,
        help_text=_("The day the status was checked; not needed to go back to “not yet due”."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What shows the status: a document's number and date, a visit, a photo's description. "
            "Shown on the public page of a published dialogue or voter contact: write no resident's "
            "name, address or phone number."
        ),
    )

    def __init__(self, *args, commitment: Commitment, **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "status": commitment.status,
                "status_on": commitment.status_on or timezone.localdate(),
                "evidence": commitment.evidence,
            },
        )
        super().__init__(*args, **kwargs)
        self.commitment = commitment

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") and cleaned["status"] != CommitmentStatus.PENDING:
            if not cleaned.get("status_on") and "status_on" not in self.errors:
                self.add_error("status_on", _("Enter the date the status was checked."))
            if not (cleaned.get("evidence") or "").strip() and "evidence" not in self.errors:
                self.add_error("evidence", _("Describe the evidence for this status."))
        return cleaned
