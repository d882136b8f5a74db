"""Great Unity houses (nhà Đại đoàn kết): built or repaired for poor households, counted in houses.

The household is confidential; what a public page shows is where (the residential area), what
(new build or repair), when, what it cost by source and the labour given, and the handover
photos whose people agreed to their publication.

A support activity of the "Great Unity house" type in the work log is the handover event; the
houses it handed over name it (``handover_activity``). Houses are counted from this register
only, never from the activities' recipients (README, "Social policy work").
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind
from core.formatting import unit_in_text
from core.models import ConsentedPhoto, Recorded
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet

from .common import (
    NOT_NEGATIVE_COUNT,
    NOT_NEGATIVE_MONEY,
    add_error,
    check_not_future,
    check_period,
    check_unit_on,
    raise_errors,
)


class HouseWork(models.TextChoices):
    NEW_BUILD = "new_build", _("New build")
    REPAIR = "repair", _("Repair")


class HouseStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    BUILDING = "building", _("Under construction")
    HANDED_OVER = "handed_over", _("Handed over")


# The sources of a house's cost, in the order reports list them: (field, label).
COST_SOURCES = (
    ("cost_fund_vnd", _("Fund for the Poor")),
    ("cost_state_vnd", _("State budget")),
    ("cost_donors_vnd", _("Businesses and donors")),
    ("cost_family_vnd", _("The family")),
)


class GreatUnityHouseQuerySet(ScopedQuerySet):
    unit_lookups = ("unit_id",)
    org_lookups = ("organization_id",)

    def handed_over(self):
        return self.filter(status=HouseStatus.HANDED_OVER, handed_over_on__isnull=False)

    def handed_over_between(self, start: datetime.date, end: datetime.date):
        return self.handed_over().filter(handed_over_on__range=(start, end))


class GreatUnityHouse(Recorded):
    household = models.CharField(
        _("household (confidential)"),
        max_length=255,
        blank=True,
        help_text=_("The household the house is for. Never shown to the public."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village, quarter or street group (the ward or commune when it was not recorded)."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("built by"),
        on_delete=models.PROTECT,
        related_name="great_unity_houses",
        help_text=_("The Front committee or the association that led the work."),
    )
    work = models.CharField(_("work"), max_length=10, choices=HouseWork.choices, default=HouseWork.NEW_BUILD)
    status = models.CharField(
        _("status"), max_length=12, choices=HouseStatus.choices, default=HouseStatus.PLANNED
    )
    cost_fund_vnd = models.PositiveBigIntegerField(
        _("from the Fund for the Poor (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    cost_state_vnd = models.PositiveBigIntegerField(
        _("from the state budget (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    cost_donors_vnd = models.PositiveBigIntegerField(
        _("from businesses and donors (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    cost_family_vnd = models.PositiveBigIntegerField(
        _("from the family (VND)"), default=0, validators=[NOT_NEGATIVE_MONEY]
    )
    labour_days = models.PositiveIntegerField(
        _("labour days given"), default=0, validators=[NOT_NEGATIVE_COUNT]
    )
    started_on = models.DateField(_("work started on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handover_activity = models.ForeignKey(
        Activity,
        verbose_name=_("handover in the work log"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="great_unity_houses",
        help_text=_("The support activity at which the house was handed over, if it was logged."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Only for cadres; never published."))

    objects = GreatUnityHouseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Great Unity house")
        verbose_name_plural = _("Great Unity houses")
        ordering = [F("handed_over_on").desc(nulls_first=True), "-pk"]
        indexes = [models.Index(fields=["status", "handed_over_on"]), models.Index(fields=["unit"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(handed_over_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(handed_over_on__gte=F("started_on")),
                name="house_handover_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        # Inside the sentence the unit is written lower-case ("Xây mới ở thôn Bình Minh").
        return _("%(work)s in %(area)s") % {
            "work": self.get_work_display(),
            "area": unit_in_text(self.unit.name),
        }

    def get_absolute_url(self) -> str:
        return reverse("social:house_detail", args=[self.pk])

    @property
    def total_cost_vnd(self) -> int:
        return sum(getattr(self, field) or 0 for field, _label in COST_SOURCES)

    @property
    def costs(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in COST_SOURCES]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        unit = self.unit if self.unit_id else None
        if unit is not None and not (unit.is_residential_area or unit.kind in COMMUNE_LEVEL_KINDS):
            add_error(errors, "unit", _("Choose a village, quarter or street group."))
        check_period(errors, self.started_on, self.handed_over_on, "handed_over_on")
        check_not_future(errors, "started_on", self.started_on)
        check_not_future(errors, "handed_over_on", self.handed_over_on)
        if self.status == HouseStatus.HANDED_OVER and not self.handed_over_on:
            add_error(errors, "handed_over_on", _("Give the date the house was handed over."))
        if self.handed_over_on and self.status != HouseStatus.HANDED_OVER:
            add_error(errors, "status", _("A house with a handover date is handed over."))
        check_unit_on(errors, "unit", unit, self.handed_over_on or self.started_on)
        if self.handover_activity_id is not None and self.handover_activity.kind != ActivityKind.SUPPORT:
            add_error(errors, "handover_activity", _("Choose a support activity of the work log."))
        raise_errors(errors)


def house_photo_upload_to(instance: HousePhoto, filename: str) -> str:
    # The file name is made by the image processing (a random name), never the uploader's.
    return f"social/houses/{timezone.localdate():%Y/%m}/{filename}"


class HousePhoto(ConsentedPhoto):
    """A photo of a house (its handover), public only with the consent of the people shown."""

    house = models.ForeignKey(
        GreatUnityHouse, verbose_name=_("house"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=house_photo_upload_to, width_field="width", height_field="height"
    )

    class Meta:
        verbose_name = _("photo of a house")
        verbose_name_plural = _("photos of houses")
        ordering = ["pk"]
