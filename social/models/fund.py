"""The Fund for the Poor (Quỹ "Vì người nghèo") of each Front committee: campaigns, receipts, spending.

The Front discloses what its fund raised and spent. Public: each receipt's date and amount,
the donor's name only when the donor agreed ("anonymous donor" otherwise), and each spending's
date, purpose, public description and amount. Never public: who received support
(``beneficiary``), internal notes, the name of a donor who did not agree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind
from core.models import Recorded
from organizations.models import Organization, OrganizationKind
from organizations.scoping import ScopedQuerySet

from .common import POSITIVE_MONEY, add_error, check_not_future, check_period, raise_errors
from .houses import GreatUnityHouse


class FundScopedQuerySet(ScopedQuerySet):
    """Rows of a Front committee's fund: the committee's unit or the committee itself."""

    unit_lookups = ("committee__unit_id",)
    org_lookups = ("committee_id",)

    def between(self, start, end):
        return self.filter(date__range=(start, end))


def committee_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Organization,
        verbose_name=_("Front committee"),
        on_delete=models.PROTECT,
        related_name=related_name,
        limit_choices_to={"kind": OrganizationKind.FRONT_COMMITTEE},
    )


def check_committee(errors: dict[str, list], committee: Organization | None) -> None:
    if committee is not None and committee.kind != OrganizationKind.FRONT_COMMITTEE:
        add_error(errors, "committee", _("The fund is kept by a Fatherland Front committee."))


class DonorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual or family")
    BUSINESS = "business", _("Business")
    AGENCY = "agency", _("Agency or school")
    COLLECTIVE = "collective", _("Association or collective")
    TRANSFER = "transfer", _("Carried over from another fund")


class SpendingPurpose(models.TextChoices):
    HOUSING = "housing", _("Great Unity houses")
    LIVELIHOOD = "livelihood", _("Livelihoods and production")
    HEALTH = "health", _("Health care")
    EDUCATION = "education", _("Education and scholarships")
    DISASTER = "disaster", _("Relief after disasters")
    TET = "tet", _("Tết gifts")
    TRANSFER = "transfer", _("Carried over to another fund")
    OTHER = "other", _("Other support")


class FundCampaign(Recorded):
    """A fund-raising campaign (a "month for the poor", a call after a flood)."""

    committee = committee_field("fund_campaigns")
    name = models.CharField(_("name"), max_length=255)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    target_vnd = models.PositiveBigIntegerField(_("target (VND)"), default=0)
    description = models.TextField(_("description"), blank=True, help_text=_("Shown to the public."))

    objects = FundScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund-raising campaign")
        verbose_name_plural = _("fund-raising campaigns")
        ordering = ["-start", "-pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_committee(errors, self.committee if self.committee_id else None)
        check_period(errors, self.start, self.end, "end")
        raise_errors(errors)


class FundReceipt(Recorded):
    committee = committee_field("fund_receipts")
    campaign = models.ForeignKey(
        FundCampaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    date = models.DateField(_("date"))
    donor_kind = models.CharField(
        _("donor"), max_length=12, choices=DonorKind.choices, default=DonorKind.INDIVIDUAL
    )
    donor_name = models.CharField(
        _("donor's name"),
        max_length=255,
        blank=True,
        help_text=_("Shown to the public only if the donor agreed; otherwise as an anonymous donor."),
    )
    donor_consent = models.BooleanField(
        _("the donor agreed to be named in the public disclosure"), default=False
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), validators=[POSITIVE_MONEY])
    notes = models.TextField(_("notes"), blank=True, help_text=_("Only for cadres; never published."))

    objects = FundScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund receipt")
        verbose_name_plural = _("fund receipts")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["committee", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gt=0),
                name="fund_receipt_positive",
                violation_error_message=_("Enter an amount above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.amount_vnd}"

    @property
    def public_donor(self) -> str:
        """The donor as the public disclosure names them."""
        if self.donor_consent and self.donor_name.strip():
            return self.donor_name
        return str(_("Anonymous donor"))

    def clean(self) -> None:
        errors: dict[str, list] = {}
        committee = self.committee if self.committee_id else None
        check_committee(errors, committee)
        check_not_future(errors, "date", self.date)
        if (
            self.campaign_id is not None
            and committee is not None
            and self.campaign.committee_id != committee.pk
        ):
            add_error(errors, "campaign", _("The campaign must be the same committee's."))
        raise_errors(errors)


class FundSpending(Recorded):
    committee = committee_field("fund_spending")
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=SpendingPurpose.choices)
    description = models.CharField(
        _("what it paid for"),
        max_length=255,
        blank=True,
        help_text=_("Shown to the public: never a beneficiary's name."),
    )
    beneficiary = models.TextField(
        _("beneficiaries (confidential)"), blank=True, help_text=_("Never shown to the public.")
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), validators=[POSITIVE_MONEY])
    house = models.ForeignKey(
        GreatUnityHouse,
        verbose_name=_("Great Unity house"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_spending",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity in the work log"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fund_spending",
        help_text=_("The support activity at which the support was given, if it was logged."),
    )

    objects = FundScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund spending")
        verbose_name_plural = _("fund spending")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["committee", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_vnd__gt=0),
                name="fund_spending_positive",
                violation_error_message=_("Enter an amount above zero."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_purpose_display()}"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_committee(errors, self.committee if self.committee_id else None)
        check_not_future(errors, "date", self.date)
        if self.house_id is not None and self.purpose != SpendingPurpose.HOUSING:
            add_error(errors, "house", _("Only spending on Great Unity houses names a house."))
        if self.activity_id is not None and self.activity.kind != ActivityKind.SUPPORT:
            add_error(errors, "activity", _("Choose a support activity of the work log."))
        raise_errors(errors)
