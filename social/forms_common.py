"""What the social forms share: the choices a user may pick (their units, associations, committees)."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet, Subquery

from activities.models import Activity, ActivityKind
from concerns.forms import units_for_choices
from organizations.choosers import chooser
from organizations.models import (
    BOARD_KINDS,
    COMMUNE_LEVEL_KINDS,
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
)
from organizations.scoping import scope_for

from .models import ENTRUSTING_KINDS

MONEY = {"inputmode": "numeric", "min": "0", "step": "1"}
TEXTAREA = {"rows": 3}
# How many of the latest support activities a form offers to link.
LINKABLE_ACTIVITIES = 300


def current_first(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.select_related("unit").order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


def units_for_keeping(user, *, kinds=RESIDENTIAL_AREA_KINDS) -> QuerySet[AdministrativeUnit]:
    """Units of ``kinds`` where ``user`` may keep records (their units, or where their organizations work)."""
    scope = scope_for(user)
    units = AdministrativeUnit.objects.filter(kind__in=kinds)
    if not scope.is_global:
        units = units.filter(pk__in=scope.work_unit_ids)
    return units_for_choices(units)


@chooser("unit")
def units_for_reading(user, *, kinds=COMMUNE_LEVEL_KINDS) -> QuerySet[AdministrativeUnit]:
    scope = scope_for(user)
    return units_for_choices(scope.work_units(AdministrativeUnit.objects.filter(kind__in=kinds)))


@chooser("unit")
def areas_for_keeping(user) -> QuerySet[AdministrativeUnit]:
    """The residential areas where ``user`` may keep records."""
    return units_for_keeping(user)


@chooser("unit")
def places_for_keeping(user) -> QuerySet[AdministrativeUnit]:
    """The wards, communes and residential areas where ``user`` may keep records."""
    return units_for_keeping(user, kinds=(*RESIDENTIAL_AREA_KINDS, *COMMUNE_LEVEL_KINDS))


@chooser("organization")
def associations_for(user) -> QuerySet[Organization]:
    """The entrusting associations (and their branches) ``user`` may keep groups for."""
    return current_first(Organization.objects.editable_by(user).filter(kind__in=ENTRUSTING_KINDS))


@chooser("organization")
def committees_for(user) -> QuerySet[Organization]:
    """The Front committees whose fund ``user`` keeps."""
    return current_first(Organization.objects.editable_by(user).filter(kind=OrganizationKind.FRONT_COMMITTEE))


@chooser("organization")
def organizations_for(user) -> QuerySet[Organization]:
    """The Front committees and associations ``user`` may keep records for (no boards or teams)."""
    return current_first(
        Organization.objects.editable_by(user).exclude(
            kind__in=(*BOARD_KINDS, OrganizationKind.MEDIATION_TEAM, OrganizationKind.FRONT_WORKING_COMMITTEE)
        )
    )


def support_activities_for(user, support_type: str | None = None) -> QuerySet[Activity]:
    """The latest support activities of the work log ``user`` may see, to link a record to."""
    activities = Activity.objects.visible_to(user).filter(kind=ActivityKind.SUPPORT)
    if support_type:
        activities = activities.filter(support_details__support_type=support_type)
    latest = activities.order_by("-date", "-pk").values("pk")[:LINKABLE_ACTIVITIES]
    return Activity.objects.filter(pk__in=Subquery(latest)).select_related("unit").order_by("-date", "-pk")


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.date:%d/%m/%Y} – {obj.unit.name} – {obj.summary[:60]}"


def money_widgets(*names: str) -> dict[str, forms.Widget]:
    return {name: forms.NumberInput(attrs=MONEY) for name in names}
