"""People, the terms of office of organizations, and the positions people hold."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DemoFlag

from ..scoping import ScopedQuerySet, ScopeIds, any_of, scope_for
from .structure import BOARD_KINDS, AdministrativeUnit, Organization, _check_dates, record_condition
from .titles import organization_tier, position_title_label, term_label


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class PersonQuerySet(ScopedQuerySet):
    """People of the user's units, and people holding a position in the user's organizations.

    Reading a name follows any position, past or present (office holders' names are public by
    nature). The private fields (phone, e-mail, year of birth) follow the person's *current*
    positions: they are read by the cadres of the person's home unit and of an organization where
    the person holds a position today (``with_private_flag``), and changed by the cadres of the
    home unit, or of the organizations that hold every one of the person's current positions
    (``editable_by``): a person who also sits on another body is kept by their home unit, so that
    a board or an association cannot rewrite the record of a Front committee member.
    """

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        if not write:
            parts: list = [Q(unit_id__in=unit_ids)] if unit_ids else []
            if org_ids:
                parts.append(
                    Position.objects.filter(organization_id__in=org_ids).order_by().values("person_id")
                )
            return any_of(self.model, parts, wide=unit_ids.wide or org_ids.wide)
        current = Position.objects.current()
        inside = current.filter(organization_id__in=org_ids).values("person_id")
        elsewhere = current.exclude(organization_id__in=org_ids).values("person_id")
        return Q(unit_id__in=unit_ids) | (Q(pk__in=inside) & ~Q(pk__in=elsewhere))

    def with_private_flag(self, user):
        """Each row with ``user_can_read_private``: whether the user may read the private fields."""
        scope = scope_for(user)
        if scope.is_global or scope.is_empty:
            return self.annotate(user_can_read_private=Value(scope.is_global, output_field=BooleanField()))
        holders = Position.objects.current().filter(organization_id__in=scope.org_ids_query())
        condition = Q(unit_id__in=scope.unit_ids_query()) | Q(pk__in=holders.values("person_id"))
        return self.annotate(user_can_read_private=ExpressionWrapper(condition, output_field=BooleanField()))


class Person(DemoFlag):
    """Somebody who holds or held a position. Phone, e-mail and year of birth are private."""

    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    phone = models.CharField(_("phone (private)"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail (private)"), blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("home unit"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The unit whose cadres keep this person's record."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        this_year = timezone.localdate().year
        if self.birth_year is not None and not (1900 <= self.birth_year <= this_year):
            raise ValidationError({"birth_year": _("Enter a year between 1900 and this year.")})


class TermQuerySet(ScopedQuerySet):
    """Terms follow their organization; changing them is changing its record."""

    org_lookups = ("organization_id",)

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        condition = super().scope_condition(unit_ids, org_ids, write=write)
        if not write or condition is None:
            return condition
        return condition & record_condition(
            unit_ids, unit_lookup="organization__unit_id", kind_lookup="organization__kind"
        )


class Term(models.Model):
    """A term of office (nhiệm kỳ) of an organization, e.g. the 2025–2030 term."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="terms"
    )
    ordinal = models.PositiveSmallIntegerField(_("ordinal"), help_text=_("e.g. 12 for the 12th term."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["organization", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "ordinal"], name="unique_term_ordinal"),
        ]

    def __str__(self) -> str:
        """``Khóa XII, nhiệm kỳ 2024–2029``: the ordinal in Roman numerals and the years."""
        return term_label(self.ordinal, self.start, self.end)

    def clean(self) -> None:
        _check_dates(self.start, self.end, "end")


class PositionTitle(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    STANDING_MEMBER = "standing_member", _("Standing member")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    HEAD = "head", _("Head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    MEMBER = "member", _("Member")


class PositionQuerySet(ScopedQuerySet):
    """Positions follow their organization; changing them is changing its record. Who sits on a
    board is changed in the oversight screens only, so board positions are not editable here."""

    org_lookups = ("organization_id",)

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        condition = super().scope_condition(unit_ids, org_ids, write=write)
        if not write or condition is None:
            return condition
        record = record_condition(
            unit_ids, unit_lookup="organization__unit_id", kind_lookup="organization__kind"
        )
        return condition & record & ~Q(organization__kind__in=BOARD_KINDS)

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


class Position(models.Model):
    """A position held by a person in an organization over dates."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="positions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=30, choices=PositionTitle.choices)
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="positions",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["organization", "title", "start"]

    def __str__(self) -> str:
        return f"{self.title_label} – {self.person} ({self.organization})"

    @property
    def title_label(self) -> str:
        """The title as the body calls it (Trưởng ban, Tổ trưởng, Chi hội trưởng, Bí thư, Ủy viên ...).

        Reads the organization (and its parent, when loaded with it): select them with the positions.
        """
        organization = self.organization
        return position_title_label(self.title, organization.kind, tier=organization_tier(organization))

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)

    def clean(self) -> None:
        _check_dates(self.start, self.end, "end")
        if (
            self.term_id is not None
            and self.organization_id is not None
            and self.term.organization_id != self.organization_id
        ):
            raise ValidationError({"term": _("The term must belong to the same organization.")})
