"""The member registers: a member (the person's data) and their memberships of organizations.

A ``Member`` holds what the register knows of a person, all of it personal data (Law 91/2025):
name, year of birth, gender, ethnicity, residential area, phone. A ``Membership`` is the member in
one organization or branch, from the day they joined to the day they left (exclusive: on the day
they left they are no longer a member), with the reason and the card number where the
organization issues cards. A transfer closes one membership and opens the next on the same day,
linked through ``previous``, so the history of a member is the chain of their memberships.

A person may be a member of several organizations (the Women's Union and the Red Cross), but of
one organization of a kind at a time: at most one open membership per kind.
"""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from core.services import ServiceErrors
from organizations.models import (
    MEMBER_ORGANIZATION_KINDS,
    AdministrativeUnit,
    Gender,
    Organization,
    OrganizationKind,
)
from organizations.scoping import ScopedQuerySet, ScopeIds

from .areas import check_residential_area

# A mobile or landline number as residents give it (0 and 9 digits; +84 is written as 0).
PHONE = re.compile(r"0\d{9}")
# A Youth Union member joins from 16 and leaves the Youth Union at 30 (its statute).
YOUTH_JOIN_AGES = (16, 30)


def normalize_phone(text: str) -> str:
    """A phone as typed ("0912 345 678", "+84 912.345.678") written as the register keeps it."""
    phone = "".join(ch for ch in str(text or "") if ch.isdigit() or ch == "+")
    return "0" + phone[3:] if phone.startswith("+84") else phone


class Ethnicity(models.TextChoices):
    """The ethnic groups of the La Gi area, as the registers write them; the rest are "other"."""

    KINH = "kinh", _("Kinh")
    HOA = "hoa", _("Hoa")
    CHAM = "cham", _("Chăm")
    RAGLAI = "raglai", _("Raglai")
    CO_HO = "co_ho", _("Cơ Ho")
    TAY = "tay", _("Tày")
    NUNG = "nung", _("Nùng")
    KHMER = "khmer", _("Khmer")
    OTHER = "other", _("Other ethnic group")


class LeaveReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Passed away")
    AGED_OUT = "aged_out", _("Aged out of the Youth Union (30)")
    RESIGNED = "resigned", _("Resigned")
    TRANSFERRED = "transferred", _("Transferred to another branch")
    OTHER = "other", _("Other reason")


class MembershipQuerySet(ScopedQuerySet):
    """A membership is seen by the cadres of its organization (and of the organizations above it,
    and of its unit and the units above)."""

    org_lookups = ("organization_id",)

    def active_on(self, on: datetime.date):
        """Memberships that had begun on ``on`` and not yet ended (the day of leaving is not counted)."""
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))

    def open(self):
        return self.filter(left_on__isnull=True)


class MemberQuerySet(ScopedQuerySet):
    """A member is seen by the cadres of an organization they belong or belonged to, and changed by
    the cadres who may change one of those organizations' registers."""

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        if not org_ids:
            return None
        memberships = Membership.objects.filter(organization_id__in=org_ids).values("member_id")
        return Q(pk__in=memberships)


class Member(Recorded):
    """A person on the register of one or more organizations. Every field is personal data."""

    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnic group"), max_length=20, choices=Ethnicity.choices, default=Ethnicity.KINH
    )
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The village, quarter or street group where the member lives."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered member")
        verbose_name_plural = _("registered members")
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["full_name", "birth_year"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.pk])

    def age_on(self, on: datetime.date) -> int | None:
        return None if self.birth_year is None else on.year - self.birth_year

    def clean(self) -> None:
        errors = ServiceErrors()
        this_year = timezone.localdate().year
        if self.birth_year is not None and not 1900 <= self.birth_year <= this_year:
            errors.add("birth_year", _("Enter a year between 1900 and this year."))
        errors.collect(check_residential_area, self, "residential_area")
        self.phone = normalize_phone(self.phone)
        if self.phone and not PHONE.fullmatch(self.phone):
            errors.add("phone", _("Enter a phone number of 10 digits, e.g. 0912345678."))
        errors.raise_if_any()


class Membership(Recorded):
    member = models.ForeignKey(
        Member, verbose_name=_("registered member"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization or branch"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("From this day on, no longer a member.")
    )
    leave_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeaveReason.choices, blank=True
    )
    card_number = models.CharField(
        _("member card number"),
        max_length=30,
        blank=True,
        help_text=_("Where the organization issues member cards."),
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("transferred from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_membership",
    )
    member_import = models.ForeignKey(
        "MemberImport",
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        editable=False,
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on", "-pk"]
        indexes = [
            models.Index(fields=["organization", "joined_on"]),
            models.Index(fields=["joined_on"]),
            models.Index(fields=["left_on"]),
            models.Index(fields=["card_number"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
            models.CheckConstraint(
                condition=(Q(left_on__isnull=True) & Q(leave_reason=""))
                | (Q(left_on__isnull=False) & ~Q(leave_reason="")),
                name="membership_reason_when_left",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.organization}"

    @property
    def is_open(self) -> bool:
        return self.left_on is None

    def is_active_on(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.joined_on <= on and (self.left_on is None or self.left_on > on)

    @property
    def is_member_organization(self) -> bool:
        return self.organization.kind in MEMBER_ORGANIZATION_KINDS

    @property
    def is_youth_union(self) -> bool:
        return self.organization.kind == OrganizationKind.YOUTH_UNION

    def clean(self) -> None:
        errors = ServiceErrors()
        today = timezone.localdate()
        organization = self.organization if self.organization_id else None
        if organization is not None and organization.kind not in MEMBER_ORGANIZATION_KINDS:
            errors.add("organization", _("Choose an association, a union or one of their branches."))
        for field in ("joined_on", "left_on"):
            if getattr(self, field) and getattr(self, field) > today:
                errors.add(field, _("The date cannot be in the future."))
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors.add("left_on", _("A member cannot leave before joining."))
        if self.left_on and not self.leave_reason:
            errors.add("leave_reason", _("Give the reason for leaving."))
        if self.leave_reason and not self.left_on:
            errors.add("left_on", _("Give the date of leaving."))
        youth = organization is not None and organization.kind == OrganizationKind.YOUTH_UNION
        if self.leave_reason == LeaveReason.AGED_OUT and not youth:
            errors.add("leave_reason", _("Only Youth Union members age out."))
        try:
            birth_year = self.member.birth_year
        except Member.DoesNotExist:
            birth_year = None
        if youth and self.joined_on and birth_year:
            low, high = YOUTH_JOIN_AGES
            if not low <= self.joined_on.year - birth_year <= high:
                errors.add("joined_on", _("Youth Union members join between 16 and 30 years of age."))
        errors.raise_if_any()


class MemberImport(Recorded):
    """One import of a register sheet: who, when, which file, for which organization, what it wrote.

    The uploaded file is kept (``content``) only between the upload and the import, so that the
    cadre can map its columns; it is emptied once the import is done. Only its uploader opens it.
    """

    file_name = models.CharField(_("file"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The association whose branches the sheet names."),
    )
    content = models.BinaryField(_("content"), blank=True, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    members_created = models.PositiveIntegerField(_("members created"), default=0)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of a member register")
        verbose_name_plural = _("imports of member registers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
