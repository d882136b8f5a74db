"""Dated administrative units and organizations: the structure, as it was on any date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DatedQuerySet, DemoFlag

from ..scoping import ScopedQuerySet, ScopeIds, scope_for


def _check_dates(start: datetime.date | None, end: datetime.date | None, end_field: str) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")})


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    TOWN = "town", _("Town (district level)")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    VILLAGE = "village", _("Village (thôn)")
    QUARTER = "quarter", _("Quarter (khu phố)")
    STREET_GROUP = "street_group", _("Street group (tổ dân phố)")


RESIDENTIAL_AREA_KINDS = (UnitKind.VILLAGE, UnitKind.QUARTER, UnitKind.STREET_GROUP)
COMMUNE_LEVEL_KINDS = (UnitKind.WARD, UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE)


class AdministrativeUnitQuerySet(ScopedQuerySet, DatedQuerySet):
    unit_lookups = ("pk",)

    def residential_areas(self):
        return self.filter(kind__in=RESIDENTIAL_AREA_KINDS)


class AdministrativeUnit(DemoFlag):
    """A province, town, ward, commune or residential area over the dates it existed.

    A unit that ends is closed (``valid_to``) and never deleted; the reorganization that closed
    it records which units it became (``became``, see ``lineage``), so that old records keep
    pointing at the unit they were logged in while reports can roll them up into today's
    structure through ``current_unit``.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    current_unit = models.ForeignKey(
        "self",
        verbose_name=_("unit today"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The unit this one is part of today (itself while it is open)."),
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["name", "code"]
        indexes = [
            # The choices of a form and a filter (``current_first``), read from the top until the
            # chooser knows the list is long, instead of sorting a province's units. PostgreSQL
            # puts NULL first in a descending column by default (SQLite cannot be told to).
            models.Index(F("valid_to").desc(), "name", "id", name="unit_current_first_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:unit_detail", args=[self.pk])

    @property
    def is_residential_area(self) -> bool:
        return self.kind in RESIDENTIAL_AREA_KINDS

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    def clean(self) -> None:
        _check_dates(self.valid_from, self.valid_to, "valid_to")
        if self.parent_id is not None:
            if self.pk is not None and self.parent_id == self.pk:
                raise ValidationError({"parent": _("A unit cannot be its own parent.")})
            if self.pk is not None:
                ancestor_ids = _ancestor_ids(self.parent_id)
                if self.pk in ancestor_ids:
                    raise ValidationError(
                        {"parent": _("The parent cannot be one of this unit's own sub-units.")}
                    )

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if self.current_unit_id is None:
            # A new unit is its own unit of today until a reorganization closes it.
            type(self).objects.filter(pk=self.pk).update(current_unit=self.pk)
            self.current_unit_id = self.pk


def _ancestor_ids(unit_id: int) -> set[int]:
    """The unit and all units above it (one query, walking in Python)."""
    parents = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    seen: set[int] = set()
    current: int | None = unit_id
    while current is not None and current not in seen:
        seen.add(current)
        current = parents.get(current)
    return seen


class OrganizationKind(models.TextChoices):
    FRONT_COMMITTEE = "front_committee", _("Fatherland Front committee")
    FRONT_WORKING_COMMITTEE = "front_working_committee", _("Front working committee (residential area)")
    WOMENS_UNION = "womens_union", _("Women's Union")
    FARMERS_ASSOCIATION = "farmers_association", _("Farmers' Association")
    YOUTH_UNION = "youth_union", _("Ho Chi Minh Communist Youth Union")
    VETERANS_ASSOCIATION = "veterans_association", _("Veterans' Association")
    TRADE_UNION = "trade_union", _("Trade Union")
    RED_CROSS = "red_cross", _("Red Cross Society")
    ELDERLY_ASSOCIATION = "elderly_association", _("Elderly Association")
    STUDY_PROMOTION = "study_promotion", _("Study Promotion Association")
    INSPECTION_BOARD = "inspection_board", _("People's Inspection Board")
    INVESTMENT_MONITORING_BOARD = "investment_monitoring_board", _("Community Investment Monitoring Board")
    MEDIATION_TEAM = "mediation_team", _("Mediation team")


# The member organizations (associations and unions): the only kinds whose record an account scoped
# to an organization keeps, for its own organization and for branches of the same kind below it.
# Front committees, working committees, boards and mediation teams are kept by the cadres of
# their unit; who sits on a board is kept in the oversight screens (BOARD_KINDS).
MEMBER_ORGANIZATION_KINDS = (
    OrganizationKind.WOMENS_UNION,
    OrganizationKind.FARMERS_ASSOCIATION,
    OrganizationKind.YOUTH_UNION,
    OrganizationKind.VETERANS_ASSOCIATION,
    OrganizationKind.TRADE_UNION,
    OrganizationKind.RED_CROSS,
    OrganizationKind.ELDERLY_ASSOCIATION,
    OrganizationKind.STUDY_PROMOTION,
)
BOARD_KINDS = (OrganizationKind.INSPECTION_BOARD, OrganizationKind.INVESTMENT_MONITORING_BOARD)


def record_condition(unit_ids: ScopeIds, *, unit_lookup: str, kind_lookup: str) -> Q:
    """Among writable organizations, those whose record (name, kind, terms, positions) may change:
    every one in a writable unit, and, through an organization scope, member organizations only."""
    return Q(**{f"{unit_lookup}__in": unit_ids}) | Q(**{f"{kind_lookup}__in": MEMBER_ORGANIZATION_KINDS})


class OrganizationQuerySet(ScopedQuerySet, DatedQuerySet):
    """``editable_by`` is where the user may work (log activities, write articles for the
    organization); ``record_editable_by`` is whose record the user may change."""

    org_lookups = ("pk",)

    def _record_condition(self, user) -> Q | bool:
        condition = self._writable_condition(user)
        if isinstance(condition, bool):
            return condition
        unit_ids = scope_for(user).unit_ids_query(write=True)
        return condition & record_condition(unit_ids, unit_lookup="unit_id", kind_lookup="kind")

    def record_editable_by(self, user):
        condition = self._record_condition(user)
        if isinstance(condition, bool):
            return self.all() if condition else self.none()
        return self.filter(condition)

    def with_record_edit_flag(self, user):
        """Each row with ``user_can_edit``: whether it is in ``record_editable_by(user)`` (one query)."""
        condition = self._record_condition(user)
        if isinstance(condition, bool):
            flag = Value(condition, output_field=BooleanField())
        else:
            flag = ExpressionWrapper(condition, output_field=BooleanField())
        return self.annotate(user_can_edit=flag)


class Organization(DemoFlag):
    """A Front committee, a member organization or one of its branches and groups, or a board."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganizationKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="organizations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    description = models.TextField(_("description"), blank=True)
    office_address = models.CharField(_("office address"), max_length=255, blank=True)
    public_contact = models.CharField(
        _("public contact"),
        max_length=255,
        blank=True,
        help_text=_("An office phone or e-mail that may be shown to the public."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "unit"]),
            # As the units': the choices in ``current_first`` order, read from the top.
            models.Index(F("valid_to").desc(), "name", "id", name="org_current_first_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:organization_detail", args=[self.pk])

    def clean(self) -> None:
        _check_dates(self.valid_from, self.valid_to, "valid_to")
        if self.parent_id is not None and self.pk is not None:
            parents = dict(Organization.objects.values_list("pk", "parent_id"))
            current: int | None = self.parent_id
            seen: set[int] = set()
            while current is not None and current not in seen:
                if current == self.pk:
                    raise ValidationError(
                        {"parent": _("The parent cannot be this organization or one of its own branches.")}
                    )
                seen.add(current)
                current = parents.get(current)
