"""The demo Fund for the Poor of each Front committee: spending first (the houses' share, the support
activities of the fund, health insurance and scholarships), then the receipts that cover it, the
yearly campaign, and on 1 July 2025 each old committee's balance carried over to its successor."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from activities.models import Activity, ActivityKind, SupportType
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, UnitLineage
from social.models import (
    DonorKind,
    FundCampaign,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    SpendingPurpose,
)

from .common import MERGER, START
from .social_data import NAMED_DONORS, SPENDING_TEXTS, anonymous_donor, fund_beneficiary

K = OrganizationKind
LAST_OLD_DAY = MERGER - datetime.timedelta(days=1)
CAMPAIGN_TEXT = "Vận động cán bộ, nhân dân, doanh nghiệp ủng hộ Quỹ “Vì người nghèo” (minh họa)."


def _committees() -> list[Organization]:
    return list(
        Organization.objects.filter(kind=K.FRONT_COMMITTEE, unit__kind__in=("ward", "commune"))
        .select_related("unit")
        .order_by("pk")
    )


def _years(committee: Organization, today: datetime.date) -> list[int]:
    first = (committee.valid_from or START).year
    last = (committee.valid_to or today).year
    return list(range(max(first, START.year), last + 1))


def _day(rng: random.Random, committee: Organization, year: int, today: datetime.date) -> datetime.date:
    start = max(datetime.date(year, 1, 1), committee.valid_from or START)
    end = min(datetime.date(year, 12, 31), committee.valid_to or today, today)
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def seed_fund(rng: random.Random, today: datetime.date, houses: list[GreatUnityHouse]) -> None:
    committees = _committees()
    spending = _spending(rng, today, committees, houses)
    spent: dict[tuple[int, int], int] = defaultdict(int)
    for row in spending:
        spent[(row.committee_id, row.date.year)] += row.amount_vnd
    campaigns, receipts = _receipts(rng, today, committees, spent)
    FundCampaign.objects.bulk_create(campaigns)
    for receipt in receipts:
        if receipt.campaign is not None:
            receipt.campaign_id = receipt.campaign.pk
    FundReceipt.objects.bulk_create(receipts)
    FundSpending.objects.bulk_create(spending)
    _carry_over(committees)


def _spending(rng, today, committees, houses) -> list[FundSpending]:
    rows: list[FundSpending] = []
    number = 0
    areas = {a.pk: a.name for a in AdministrativeUnit.objects.all()}
    for house in houses:
        if house.handed_over_on is None or not house.cost_fund_vnd:
            continue
        number += 1
        work = "xây mới" if house.work == "new_build" else "sửa chữa"
        rows.append(
            FundSpending(
                committee_id=house.organization_id,
                date=house.handed_over_on,
                purpose=SpendingPurpose.HOUSING,
                description=SPENDING_TEXTS["housing"].format(work=work, area=areas[house.unit_id].lower()),
                beneficiary=fund_beneficiary(number),
                amount_vnd=house.cost_fund_vnd,
                house=house,
                is_demo=True,
            )
        )
    fund_activities = (
        Activity.objects.filter(
            kind=ActivityKind.SUPPORT, support_details__support_type=SupportType.FUND_FOR_THE_POOR
        )
        .filter(fund_spending__isnull=True)
        .select_related("support_details")
        .prefetch_related("organizations")
        .order_by("date", "pk")
    )
    for activity in fund_activities:
        front = next((o for o in activity.organizations.all() if o.kind == K.FRONT_COMMITTEE), None)
        details = activity.support_details
        if front is None or not details.value_vnd:
            continue
        rows.append(
            FundSpending(
                committee=front,
                date=activity.date,
                purpose=SpendingPurpose.LIVELIHOOD,
                description=SPENDING_TEXTS["livelihood"].format(count=details.recipients),
                beneficiary=details.beneficiaries,
                amount_vnd=details.value_vnd,
                activity=activity,
                is_demo=True,
            )
        )
    for committee in committees:
        for year in _years(committee, today):
            for purpose in (SpendingPurpose.HEALTH, SpendingPurpose.EDUCATION):
                number += 1
                rows.append(
                    FundSpending(
                        committee=committee,
                        date=_day(rng, committee, year, today),
                        purpose=purpose,
                        description=SPENDING_TEXTS[purpose],
                        beneficiary=fund_beneficiary(number),
                        amount_vnd=rng.randint(5, 30) * 1_000_000,
                        is_demo=True,
                    )
                )
    return rows


def _receipts(rng, today, committees, spent) -> tuple[list[FundCampaign], list[FundReceipt]]:
    campaigns, receipts = [], []
    number = 0
    for committee in committees:
        for year in _years(committee, today):
            campaign_start = datetime.date(year, 10, 17)
            campaign = None
            in_life = committee.valid_to is None or campaign_start <= committee.valid_to
            if in_life and campaign_start <= today and (committee.valid_from or START) <= campaign_start:
                campaign = FundCampaign(
                    committee=committee,
                    name=f"Tháng cao điểm “Vì người nghèo” năm {year}",
                    start=campaign_start,
                    end=datetime.date(year, 11, 18),
                    target_vnd=200_000_000,
                    description=CAMPAIGN_TEXT,
                    is_demo=True,
                )
                campaigns.append(campaign)
            target = int(spent.get((committee.pk, year), 0) * rng.uniform(1.1, 1.3)) + 20_000_000
            gifts = rng.randint(4, 8)
            for index in range(gifts):
                amount = max(1_000_000, target // gifts // 100_000 * 100_000)
                date = _day(rng, committee, year, today)
                if campaign is not None and index % 2 == 0 and campaign.end <= today:
                    date = campaign.start + datetime.timedelta(days=rng.randint(0, 30))
                if index % 3 == 2:
                    number += 1
                    kind, name, consent = DonorKind.INDIVIDUAL, anonymous_donor(number), False
                elif index % 3 == 1:
                    kind, name, consent = DonorKind.INDIVIDUAL, "", False
                else:
                    kind, name = rng.choice(NAMED_DONORS)
                    consent = True
                receipts.append(
                    FundReceipt(
                        committee=committee,
                        campaign=campaign
                        if campaign is not None and campaign.start <= date <= campaign.end
                        else None,
                        date=date,
                        donor_kind=kind,
                        donor_name=name,
                        donor_consent=consent,
                        amount_vnd=amount,
                        is_demo=True,
                    )
                )
    return campaigns, receipts


def _carry_over(committees: list[Organization]) -> None:
    """On 1 July 2025 each old committee's balance moves to the committee of its successor unit."""
    successors = {
        org.unit_id: org for org in committees if org.valid_from is not None and org.valid_from >= MERGER
    }
    became = dict(UnitLineage.objects.values_list("before_id", "after_id"))
    moves_out, moves_in = [], []
    for committee in committees:
        successor = successors.get(became.get(committee.unit_id))
        if committee.valid_to != LAST_OLD_DAY or successor is None:
            continue
        raised = sum(FundReceipt.objects.filter(committee=committee).values_list("amount_vnd", flat=True))
        spent = sum(FundSpending.objects.filter(committee=committee).values_list("amount_vnd", flat=True))
        balance = raised - spent
        if balance <= 0:
            continue
        moves_out.append(
            FundSpending(
                committee=committee,
                date=LAST_OLD_DAY,
                purpose=SpendingPurpose.TRANSFER,
                description=f"Chuyển số dư sang Quỹ “Vì người nghèo” của {successor.name}",
                amount_vnd=balance,
                is_demo=True,
            )
        )
        moves_in.append(
            FundReceipt(
                committee=successor,
                date=MERGER,
                donor_kind=DonorKind.TRANSFER,
                donor_name=f"Số dư chuyển từ {committee.name} (trước 01/07/2025)",
                donor_consent=True,
                amount_vnd=balance,
                is_demo=True,
            )
        )
    FundSpending.objects.bulk_create(moves_out)
    FundReceipt.objects.bulk_create(moves_in)
