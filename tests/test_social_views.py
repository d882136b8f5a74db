"""The social cadre screens save through the services: each form creates its record, in the user's
scope, with the audit log's actor; a house's page records who saw its household."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from social.models import (
    Commendation,
    EmulationMovement,
    ExemplaryModel,
    FundCampaign,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    SavingsGroup,
)

pytestmark = pytest.mark.django_db


def org(kind: str, unit: str, *, area: str | None = None) -> Organization:
    if area:
        return Organization.objects.get(kind=kind, unit__code=area, parent__unit__code=unit)
    return Organization.objects.get(kind=kind, unit__code=unit, parent=None)


def unit(code: str) -> int:
    return AdministrativeUnit.objects.get(code=code).pk


def post(client, name: str, data: dict, *args):
    response = client.post(reverse(f"social:{name}", args=args), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_the_womens_union_cadre_records_a_group_and_a_model(login_as, demo_user):
    client = login_as("cadre_women")
    branch = org(OrganizationKind.WOMENS_UNION, "LD-PLAGI", area="LD-PLAGI-KP05")
    post(
        client,
        "group_create",
        {
            "code": "TK-THU-01",
            "name": "Tổ TK&VV thử",
            "unit": unit("LD-PLAGI-KP05"),
            "association": branch.pk,
            "members": "30",
            "founded_on": "2024-05-01",
            "rating": "good",
        },
    )
    group = SavingsGroup.objects.get(code="TK-THU-01")
    assert group.created_by == demo_user("cadre_women")
    assert LogEntry.objects.get_for_object(group).get().actor == demo_user("cadre_women")

    union = org(OrganizationKind.WOMENS_UNION, "LD-PLAGI")
    movement = EmulationMovement.objects.get(organization=union)
    post(
        client,
        "model_create",
        {
            "name": "Mô hình thử",
            "field": "economy",
            "organization": union.pk,
            "year": "2026",
            "movements": [movement.pk],
            "story": "Câu chuyện.",
        },
    )
    assert list(ExemplaryModel.objects.get(name="Mô hình thử").movements.all()) == [movement]

    # A unit of another ward is not offered: the form refuses it.
    response = client.post(
        reverse("social:group_create"),
        {"code": "TK-THU-02", "name": "x", "unit": unit("LD-PPHUOCHOI-KP01"), "association": branch.pk},
    )
    assert response.status_code == 200 and not SavingsGroup.objects.filter(code="TK-THU-02").exists()


def test_the_ward_cadre_records_a_house_the_fund_and_a_commendation(login_as, demo_user):
    client = login_as("cadre_ward")
    front = org(OrganizationKind.FRONT_COMMITTEE, "LD-PPHUOCHOI")
    post(
        client,
        "house_create",
        {
            "household": "HỘ-THỬ-BÍ-MẬT",
            "unit": unit("LD-PPHUOCHOI-KP04"),
            "organization": front.pk,
            "work": "repair",
            "status": "handed_over",
            "cost_fund_vnd": "30000000",
            "cost_state_vnd": "0",
            "cost_donors_vnd": "5000000",
            "cost_family_vnd": "5000000",
            "labour_days": "20",
            "handed_over_on": "2026-02-01",
        },
    )
    house = GreatUnityHouse.objects.get(household="HỘ-THỬ-BÍ-MẬT")
    assert house.total_cost_vnd == 40_000_000
    page = client.get(reverse("social:house_detail", args=[house.pk]))
    assert "HỘ-THỬ-BÍ-MẬT" in page.content.decode()
    accessed = LogEntry.objects.get_for_object(house).filter(action=LogEntry.Action.ACCESS)
    assert accessed.get().actor == demo_user("cadre_ward")

    post(
        client,
        "campaign_create",
        {"committee": front.pk, "name": "Đợt thử", "start": "2026-10-17", "target_vnd": "0"},
    )
    campaign = FundCampaign.objects.get(name="Đợt thử")
    post(
        client,
        "receipt_create",
        {
            "committee": front.pk,
            "campaign": campaign.pk,
            "date": "2026-10-20",
            "donor_kind": "business",
            "donor_name": "Công ty thử",
            "donor_consent": "on",
            "amount_vnd": "10000000",
        },
    )
    assert FundReceipt.objects.get(donor_name="Công ty thử").campaign == campaign
    post(
        client,
        "spending_create",
        {
            "committee": front.pk,
            "date": "2026-02-01",
            "purpose": "housing",
            "amount_vnd": "30000000",
            "beneficiary": "HỘ-THỬ-BÍ-MẬT",
            "house": house.pk,
        },
    )
    assert FundSpending.objects.get(house=house).amount_vnd == 30_000_000

    farmers = org(OrganizationKind.FARMERS_ASSOCIATION, "LD-PPHUOCHOI")
    post(
        client, "movement_create", {"name": "Phong trào thử", "kind": "campaign", "organization": farmers.pk}
    )
    post(
        client,
        "commendation_create",
        {
            "recipient_kind": "collective",
            "recipient_name": "Chi hội thử",
            "organization": farmers.pk,
            "level": "commune",
            "form": "merit_certificate",
            "decision_number": "5/QĐ",
            "decision_date": "2026-03-01",
            "is_published": "on",
        },
    )
    assert Commendation.objects.get(recipient_name="Chi hội thử").created_by == demo_user("cadre_ward")


def test_the_overview_shows_the_year_s_figures(login_as):
    html = login_as("cadre_area").get(reverse("social:overview"), {"year": 2025}).content.decode()
    for part in (
        'id="loans-by-association"',
        'id="loans-by-unit"',
        'id="fund-figures"',
        'id="house-figures"',
    ):
        assert part in html
