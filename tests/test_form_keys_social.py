"""A form sent twice saves once (core.idempotency), on the social policy screens: a savings group and
its loan figures, the bank's sheet (the same file uploaded again), a Great Unity house and its photo
(the same image uploaded again), the Fund for the Poor's campaigns, receipts and spending, exemplary
models, commendations and movements. Posted again with its key, each form is answered with the
first result and recorded once."""

from __future__ import annotations

import pytest

from organizations.models import AdministrativeUnit, OrganizationKind
from social.models import (
    COST_SOURCES,
    Commendation,
    EmulationMovement,
    ExemplaryModel,
    FundCampaign,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    HousePhoto,
    LoanImport,
    LoanSnapshot,
    SavingsGroup,
)
from tests.helpers import CreateForm, either_repeat_of_each
from tests.social_common import upload
from tests.test_articles_common import jpeg_upload
from tests.test_social_loan_import import SAMPLE
from tests.test_social_views import org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PH = "LD-PPHUOCHOI"


def front() -> int:
    return org(OrganizationKind.FRONT_COMMITTEE, PH).pk


def farmers() -> int:
    return org(OrganizationKind.FARMERS_ASSOCIATION, PH).pk


def ph_house() -> GreatUnityHouse:
    """A Great Unity house of the demo in Phường Phước Hội (cadre_ward's scope)."""
    return GreatUnityHouse.objects.filter(unit__code__startswith=PH).order_by("pk").first()


def group_data() -> dict:
    return {
        "code": "KEY-TK-01",
        "name": "Tổ TK&VV thử",
        "unit": AdministrativeUnit.objects.get(code="LD-PLAGI-KP05").pk,
        "association": org(OrganizationKind.WOMENS_UNION, "LD-PLAGI", area="LD-PLAGI-KP05").pk,
        "members": "30",
        "founded_on": "2024-05-01",
        "rating": "good",
    }


def model_data() -> dict:
    union = org(OrganizationKind.WOMENS_UNION, "LD-PLAGI")
    return {
        "name": "KEY-MODEL mô hình thử",
        "field": "economy",
        "organization": union.pk,
        "year": "2026",
        "movements": [EmulationMovement.objects.filter(organization=union).first().pk],
        "story": "Câu chuyện.",
    }


def house_data() -> dict:
    """A house planned, its costs not known yet."""
    return {
        "household": "KEY-HOUSE hộ thử",
        "unit": AdministrativeUnit.objects.get(code=f"{PH}-KP04").pk,
        "organization": front(),
        "work": "repair",
        "status": "planned",
        "labour_days": "0",
        **{field: "0" for field, _label in COST_SOURCES},
    }


def receipt_data() -> dict:
    return {
        "committee": front(),
        "campaign": "",
        "date": "2026-10-20",
        "donor_kind": "business",
        "donor_name": "KEY-DONOR công ty thử",
        "donor_consent": "on",
        "amount_vnd": "10000000",
    }


def spending_data() -> dict:
    return {
        "committee": front(),
        "date": "2026-02-01",
        "purpose": "housing",
        "amount_vnd": "30000000",
        "beneficiary": "KEY-HOUSE hộ thử",
        "house": ph_house().pk,
    }


def commendation_data() -> dict:
    return {
        "recipient_kind": "collective",
        "recipient_name": "KEY-COMMENDATION chi hội thử",
        "organization": farmers(),
        "level": "commune",
        "form": "merit_certificate",
        "decision_number": "5/QĐ",
        "decision_date": "2026-03-01",
    }


def snapshot_data() -> dict:
    return {
        "date": "2019-12-31",
        "poor-outstanding_vnd": "100000000",
        "poor-overdue_vnd": "2000000",
        "students-outstanding_vnd": "50000000",
        "students-borrowers": "2",
    }


def group_of_phuoc_hoi() -> SavingsGroup:
    return SavingsGroup.objects.get(code="TK-LD-PPHUOCHOI-KP02-PN")


HOUSE_PHOTO = CreateForm(
    "cadre_ward",
    "social:house_photo_add",
    lambda: {"photo": jpeg_upload("phone.jpg"), "caption": "Bàn giao nhà", "people_consent": "on"},
    HousePhoto,
    ph_house,
)
FORMS = [
    # A group's code is unique, and a group has one set of figures a date.
    CreateForm("cadre_women", "social:group_create", group_data, SavingsGroup),
    CreateForm(
        "cadre_ward",
        "social:snapshot_create",
        snapshot_data,
        LoanSnapshot,
        group_of_phuoc_hoi,
    ),
    CreateForm(
        "cadre_area", "social:sheet_import", lambda: {"sheet": upload(SAMPLE.read_bytes())}, LoanImport
    ),
    CreateForm("cadre_ward", "social:house_create", house_data, GreatUnityHouse),
    HOUSE_PHOTO,
    CreateForm(
        "cadre_ward",
        "social:campaign_create",
        lambda: {
            "committee": front(),
            "name": "KEY-CAMPAIGN đợt thử",
            "start": "2026-10-17",
            "target_vnd": "0",
        },
        FundCampaign,
    ),
    CreateForm("cadre_ward", "social:receipt_create", receipt_data, FundReceipt),
    CreateForm("cadre_ward", "social:spending_create", spending_data, FundSpending),
    CreateForm("cadre_women", "social:model_create", model_data, ExemplaryModel),
    CreateForm("cadre_ward", "social:commendation_create", commendation_data, Commendation),
    CreateForm(
        "cadre_ward",
        "social:movement_create",
        lambda: {"name": "KEY-MOVEMENT phong trào thử", "kind": "campaign", "organization": farmers()},
        EmulationMovement,
    ),
]


@pytest.mark.parametrize("form, forget_cookie", either_repeat_of_each(FORMS))
def test_each_social_form_sent_twice_records_once(login_as, form, forget_cookie):
    form.assert_saved_once(login_as, forget_cookie=forget_cookie)
