"""The Fund for the Poor: the disclosure's sums and balance, a donor named only with consent, the
beneficiaries never public, the printable notice, and who may record receipts and spending."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from organizations.models import Organization, OrganizationKind
from social import reports
from social.models import DonorKind, FundReceipt, FundSpending, SpendingPurpose
from social.public import disclosure
from social.services import save_receipt
from tests.factories import OrganizationFactory, UnitFactory

pytestmark = pytest.mark.django_db

MILLION = 1_000_000
D = datetime.date


@pytest.fixture
def committee() -> Organization:
    """A Front committee made up for the test, with a year and a half of its fund."""
    ward = UnitFactory(name="Phường Thử Quỹ", valid_from=D(2020, 1, 1))
    committee = OrganizationFactory(
        name="Ủy ban MTTQ Việt Nam phường Thử Quỹ", kind="front_committee", unit=ward
    )
    receipts = [
        (D(2024, 11, 1), DonorKind.BUSINESS, "Công ty Thử Đồng Ý", True, 100 * MILLION),
        (D(2025, 2, 10), DonorKind.INDIVIDUAL, "ÔNG-KHÔNG-ĐỒNG-Ý", False, 30 * MILLION),
        (D(2025, 10, 20), DonorKind.BUSINESS, "Công ty Thử Đồng Ý", True, 50 * MILLION),
        (D(2025, 11, 5), DonorKind.INDIVIDUAL, "", True, 5 * MILLION),
        (D(2026, 1, 5), DonorKind.AGENCY, "Trường Thử", True, 7 * MILLION),
    ]
    for date, kind, name, consent, amount in receipts:
        FundReceipt.objects.create(
            committee=committee,
            date=date,
            donor_kind=kind,
            donor_name=name,
            donor_consent=consent,
            amount_vnd=amount,
        )
    spending = [
        (D(2024, 12, 1), SpendingPurpose.TET, 20 * MILLION),
        (D(2025, 3, 1), SpendingPurpose.HOUSING, 40 * MILLION),
        (D(2025, 8, 15), SpendingPurpose.LIVELIHOOD, 15 * MILLION),
        (D(2025, 9, 1), SpendingPurpose.HOUSING, 25 * MILLION),
    ]
    for date, purpose, amount in spending:
        FundSpending.objects.create(
            committee=committee,
            date=date,
            purpose=purpose,
            description="Chi thử công khai",
            beneficiary="HỘ-NHẬN-BÍ-MẬT",
            amount_vnd=amount,
        )
    return committee


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("in_english")
def test_the_disclosure_sums_and_balance(committee):
    year = disclosure(committee, D(2025, 1, 1), D(2025, 12, 31))
    assert (year.opening, year.raised, year.spent, year.closing) == (
        80 * MILLION,
        85 * MILLION,
        80 * MILLION,
        85 * MILLION,
    )
    assert year.by_donor_kind == [("Individual or family", 35 * MILLION), ("Business", 50 * MILLION)]
    assert year.by_purpose == [
        ("Great Unity houses", 65 * MILLION),
        ("Livelihoods and production", 15 * MILLION),
    ]
    assert [(label, r, s) for label, r, s in year.by_quarter] == [
        ("Q1 2025", 30 * MILLION, 40 * MILLION),
        ("Q3 2025", 0, 40 * MILLION),
        ("Q4 2025", 55 * MILLION, 0),
    ]
    third = disclosure(committee, D(2025, 7, 1), D(2025, 9, 30))
    assert (third.opening, third.raised, third.spent, third.closing) == (
        70 * MILLION,
        0,
        40 * MILLION,
        30 * MILLION,
    )
    # The reports' figures agree with the disclosure.
    figures = reports.fund_figures(
        FundReceipt.objects.filter(committee=committee),
        FundSpending.objects.filter(committee=committee),
        D(2025, 1, 1),
        D(2025, 12, 31),
    )
    assert (figures.raised, figures.spent, figures.balance) == (85 * MILLION, 80 * MILLION, 85 * MILLION)


@pytest.mark.usefixtures("english")
def test_the_public_disclosure_names_a_donor_only_with_consent_and_never_a_beneficiary(client, committee):
    url = reverse("social_public:fund_detail", args=[committee.pk])
    html = client.get(url, {"year": 2025}).content.decode()
    assert "Công ty Thử Đồng Ý" in html
    assert "ÔNG-KHÔNG-ĐỒNG-Ý" not in html and "HỘ-NHẬN-BÍ-MẬT" not in html
    assert html.count("Anonymous donor") == 2  # no consent, and consent without a name
    assert 'id="sum-closing">85,000,000 VND<' in html
    assert "Trường Thử" not in html  # another year

    notice = client.get(reverse("social_public:fund_notice", args=[committee.pk]), {"year": 2025})
    text = notice.content.decode()
    assert notice.status_code == 200 and 'id="disclosure-notice"' in text
    assert "ÔNG-KHÔNG-ĐỒNG-Ý" not in text and "HỘ-NHẬN-BÍ-MẬT" not in text
    assert text.count("Chi thử công khai") == 3 and "print-notice.css" in text
    assert client.get(url, {"year": "x"}).status_code == 404
    assert client.get(url, {"year": 2025, "quarter": 5}).status_code == 404


def test_the_disclosure_in_vietnamese_writes_money_as_a_front_office_does(client, committee):
    html = client.get(
        reverse("social_public:fund_detail", args=[committee.pk]), {"year": 2025}
    ).content.decode()
    assert 'id="sum-closing">85.000.000 đồng<' in html


def test_who_may_record_a_receipt(demo_user):
    ph = Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code="LD-PPHUOCHOI")
    receipt = FundReceipt(committee=ph, date=D(2026, 1, 2), amount_vnd=MILLION)
    assert save_receipt(actor=demo_user("cadre_ward"), receipt=receipt).pk
    for user in ("cadre_women", "cadre_viewer", "board_member"):
        with pytest.raises(ValidationError):
            save_receipt(
                actor=demo_user(user), receipt=FundReceipt(committee=ph, date=D(2026, 1, 2), amount_vnd=1)
            )
    women = Organization.objects.get(
        kind=OrganizationKind.WOMENS_UNION, unit__code="LD-PPHUOCHOI", parent=None
    )
    with pytest.raises(ValidationError) as refused:
        save_receipt(
            actor=demo_user("admin"), receipt=FundReceipt(committee=women, date=D(2026, 1, 2), amount_vnd=1)
        )
    assert "committee" in refused.value.message_dict


def test_the_demo_funds_never_go_below_zero_and_carry_their_balance_over_on_1_july_2025():
    for committee in Organization.objects.filter(kind=OrganizationKind.FRONT_COMMITTEE):
        raised = sum(FundReceipt.objects.filter(committee=committee).values_list("amount_vnd", flat=True))
        spent = sum(FundSpending.objects.filter(committee=committee).values_list("amount_vnd", flat=True))
        assert raised >= spent, committee
        if committee.valid_to == D(2025, 6, 30) and raised:
            assert raised == spent, f"{committee} carried its balance over"
    assert FundReceipt.objects.filter(donor_kind=DonorKind.TRANSFER, date=D(2025, 7, 1)).count() == 9
