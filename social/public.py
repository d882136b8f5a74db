"""What the public pages of the social app read: public columns only.

Never read here: households, beneficiaries, donors who did not agree to be named, group leaders,
notes, names in exemplary models or commendations without consent. Loan figures reach the public
only as aggregates (none of them per group).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractQuarter

from core.formatting import quarter
from organizations.models import Organization, OrganizationKind

from .models import (
    Commendation,
    DonorKind,
    ExemplaryModel,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    HousePhoto,
    SpendingPurpose,
)

# What a public page may read of each model (everything else stays in the database).
HOUSE_FIELDS = (
    "id",
    "unit",
    "organization",
    "work",
    "status",
    "cost_fund_vnd",
    "cost_state_vnd",
    "cost_donors_vnd",
    "cost_family_vnd",
    "labour_days",
    "started_on",
    "handed_over_on",
    "updated_at",
)
RECEIPT_FIELDS = ("id", "committee", "date", "donor_kind", "donor_name", "donor_consent", "amount_vnd")
SPENDING_FIELDS = ("id", "committee", "date", "purpose", "description", "amount_vnd")


def handed_over_houses() -> QuerySet[GreatUnityHouse]:
    """Handed-over houses, with their consented photos (two queries for any number)."""
    return (
        GreatUnityHouse.objects.handed_over()
        .only(*HOUSE_FIELDS, "unit__name", "unit__valid_to", "unit__parent__name", "organization__name")
        .select_related("unit__parent", "organization")
        .prefetch_related(
            Prefetch(
                "photos", queryset=HousePhoto.objects.filter(people_consent=True), to_attr="public_photos"
            )
        )
        .order_by("-handed_over_on", "-pk")
    )


def fund_committees() -> QuerySet[Organization]:
    """Front committees that have a fund record, today's first."""
    has_receipt = FundReceipt.objects.filter(committee=OuterRef("pk"))
    has_spending = FundSpending.objects.filter(committee=OuterRef("pk"))
    return (
        Organization.objects.filter(kind=OrganizationKind.FRONT_COMMITTEE)
        .filter(Exists(has_receipt) | Exists(has_spending))
        .select_related("unit")
        .order_by(F("valid_to").desc(nulls_first=True), "name", "pk")
    )


def public_receipts(committee: Organization) -> QuerySet[FundReceipt]:
    return FundReceipt.objects.filter(committee=committee).only(*RECEIPT_FIELDS).order_by("-date", "-pk")


def public_spending(committee: Organization) -> QuerySet[FundSpending]:
    return FundSpending.objects.filter(committee=committee).only(*SPENDING_FIELDS).order_by("-date", "-pk")


@dataclass
class Disclosure:
    """What a committee's fund raised and spent in a period, and its balance before and after."""

    start: datetime.date
    end: datetime.date
    opening: int = 0
    raised: int = 0
    spent: int = 0
    by_donor_kind: list[tuple[str, int]] = field(default_factory=list)
    by_purpose: list[tuple[str, int]] = field(default_factory=list)
    by_quarter: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def closing(self) -> int:
        return self.opening + self.raised - self.spent


def disclosure(committee: Organization, start: datetime.date, end: datetime.date) -> Disclosure:
    """The sums of the public disclosure (four aggregate queries, whatever the number of rows)."""
    receipts = FundReceipt.objects.filter(committee=committee, date__lte=end)
    spending = FundSpending.objects.filter(committee=committee, date__lte=end)
    in_period = Q(date__gte=start)
    before = Q(date__lt=start)
    r = receipts.aggregate(
        before=Coalesce(Sum("amount_vnd", filter=before), 0),
        during=Coalesce(Sum("amount_vnd", filter=in_period), 0),
    )
    s = spending.aggregate(
        before=Coalesce(Sum("amount_vnd", filter=before), 0),
        during=Coalesce(Sum("amount_vnd", filter=in_period), 0),
    )
    result = Disclosure(
        start=start, end=end, opening=r["before"] - s["before"], raised=r["during"], spent=s["during"]
    )
    by_kind = dict(
        receipts.filter(in_period).values_list("donor_kind").annotate(total=Sum("amount_vnd")).order_by()
    )
    result.by_donor_kind = [(label, by_kind[code]) for code, label in DonorKind.choices if code in by_kind]
    by_purpose: dict[str, int] = {}
    by_quarter: dict[int, list[int]] = {}
    rows = (
        spending.filter(in_period)
        .annotate(quarter=ExtractQuarter("date"))
        .values_list("purpose", "quarter")
        .annotate(total=Sum("amount_vnd"))
        .order_by()
    )
    for purpose, number, total in rows:
        by_purpose[purpose] = by_purpose.get(purpose, 0) + total
        by_quarter.setdefault(number, [0, 0])[1] += total
    result.by_purpose = [
        (label, by_purpose[code]) for code, label in SpendingPurpose.choices if code in by_purpose
    ]
    for number, total in (
        receipts.filter(in_period)
        .annotate(quarter=ExtractQuarter("date"))
        .values_list("quarter")
        .annotate(total=Sum("amount_vnd"))
        .order_by()
    ):
        by_quarter.setdefault(number, [0, 0])[0] += total
    if start.year == end.year:
        result.by_quarter = [
            (quarter(number, start.year), *by_quarter[number]) for number in sorted(by_quarter)
        ]
    return result


def published_models() -> QuerySet[ExemplaryModel]:
    return (
        ExemplaryModel.objects.published()
        .select_related("organization")
        .prefetch_related("movements")
        .annotate(commendation_count=Count("commendations", filter=Q(commendations__is_published=True)))
        .order_by("-year", "name", "pk")
    )


def published_commendations() -> QuerySet[Commendation]:
    return (
        Commendation.objects.published()
        .select_related("organization", "exemplary_model", "movement")
        .order_by("-decision_date", "-pk")
    )
