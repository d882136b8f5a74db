"""Permission-matrix rows for the social app's URLs (see tests/matrix.py).

The objects are the demo's, in Phường Phước Hội (the ward cadre's own; outside the Women's Union
of Phường La Gi, so a 404 for cadre_women, and for the board member): a Women's Union group of khu
phố 1 (managed by the Phước Hội branch, not cadre_women's), a house, the ward Front committee's
fund, the Farmers' Association's model, commendation and movement. The public pages answer 200
to everybody. Creating needs something to create for: a Front committee for the fund (not the
Women's Union cadre), an association or committee for the rest (not a board member).
"""

from __future__ import annotations

from organizations.models import Organization, OrganizationKind
from social.models import (
    Commendation,
    EmulationMovement,
    ExemplaryModel,
    FundCampaign,
    FundReceipt,
    FundSpending,
    GreatUnityHouse,
    LoanSnapshot,
    SavingsGroup,
)
from tests.matrix import CADRE, PH_READ, PH_WRITE, PUBLIC, Row, statuses

PH = "LD-PPHUOCHOI"
NO_COMMITTEE = statuses(cadre_viewer=403, cadre_women=403, board_member=403)
NOT_A_BOARD = statuses(cadre_viewer=403, board_member=403)


def ph_group() -> dict:
    return {"pk": SavingsGroup.objects.get(code=f"TK-{PH}-KP01-PN").pk}


def ph_snapshot() -> dict:
    return {"pk": LoanSnapshot.objects.filter(group__code=f"TK-{PH}-KP01-PN").order_by("pk").first().pk}


def ph_house() -> dict:
    return {"pk": GreatUnityHouse.objects.filter(unit__parent__code=PH).order_by("pk").first().pk}


def ph_committee() -> Organization:
    return Organization.objects.get(kind=OrganizationKind.FRONT_COMMITTEE, unit__code=PH)


def of_ph_committee(model) -> dict:
    return {"pk": model.objects.filter(committee=ph_committee()).order_by("pk").first().pk}


def ph_farmers(model) -> dict:
    return {
        "pk": model.objects.filter(
            organization__unit__code=PH, organization__kind=OrganizationKind.FARMERS_ASSOCIATION
        )
        .order_by("pk")
        .first()
        .pk
    }


def published_model() -> dict:
    return {"pk": ExemplaryModel.objects.published().order_by("pk").first().pk}


ROWS: dict[str, Row] = {
    "social:overview": Row(CADRE, query="?year=2025&units=today"),
    "social:group_list": Row(CADRE),
    "social:group_create": Row(NOT_A_BOARD),
    "social:group_detail": Row(PH_READ, ph_group),
    "social:group_edit": Row(PH_WRITE, ph_group),
    "social:snapshot_create": Row(PH_WRITE, ph_group),
    "social:snapshot_edit": Row(PH_WRITE, ph_snapshot),
    "social:sheet_import": Row(statuses(cadre_viewer=403)),
    "social:sheet_sample": Row(CADRE),
    "social:house_list": Row(CADRE),
    "social:house_create": Row(NOT_A_BOARD),
    "social:house_detail": Row(PH_READ, ph_house),
    "social:house_edit": Row(PH_WRITE, ph_house),
    "social:house_photo_add": Row(PH_WRITE, ph_house),
    "social:fund_overview": Row(CADRE),
    "social:campaign_create": Row(NO_COMMITTEE),
    "social:campaign_edit": Row(PH_WRITE, lambda: of_ph_committee(FundCampaign)),
    "social:receipt_list": Row(CADRE),
    "social:receipt_create": Row(NO_COMMITTEE),
    "social:receipt_edit": Row(PH_WRITE, lambda: of_ph_committee(FundReceipt)),
    "social:spending_list": Row(CADRE),
    "social:spending_create": Row(NO_COMMITTEE),
    "social:spending_edit": Row(PH_WRITE, lambda: of_ph_committee(FundSpending)),
    "social:model_list": Row(CADRE),
    "social:model_create": Row(NOT_A_BOARD),
    "social:model_detail": Row(PH_READ, lambda: ph_farmers(ExemplaryModel)),
    "social:model_edit": Row(PH_WRITE, lambda: ph_farmers(ExemplaryModel)),
    "social:commendation_list": Row(CADRE),
    "social:commendation_create": Row(NOT_A_BOARD),
    "social:commendation_edit": Row(PH_WRITE, lambda: ph_farmers(Commendation)),
    "social:movement_list": Row(CADRE),
    "social:movement_create": Row(NOT_A_BOARD),
    "social:movement_edit": Row(PH_WRITE, lambda: ph_farmers(EmulationMovement)),
    # Public pages
    "social_public:fund_list": Row(PUBLIC),
    "social_public:fund_detail": Row(PUBLIC, lambda: {"pk": ph_committee().pk}, query="?year=2025&quarter=3"),
    "social_public:fund_notice": Row(PUBLIC, lambda: {"pk": ph_committee().pk}, query="?year=2025"),
    "social_public:house_list": Row(PUBLIC),
    "social_public:model_list": Row(PUBLIC),
    "social_public:model_detail": Row(PUBLIC, published_model),
}
