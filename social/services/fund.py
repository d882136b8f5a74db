"""Writes of the Fund for the Poor: campaigns, receipts and spending (all on the public disclosure)."""

from __future__ import annotations

from ..models import FundCampaign, FundReceipt, FundSpending
from .common import can_keep_for, refuse, require_editable, save


def _require_committee(actor, row) -> None:
    require_editable(actor, row)
    if row.committee_id is None or not can_keep_for(actor, row.committee):
        raise refuse("committee")


def save_campaign(*, actor, campaign: FundCampaign) -> FundCampaign:
    _require_committee(actor, campaign)
    return save(campaign, actor=actor, public=True)


def save_receipt(*, actor, receipt: FundReceipt) -> FundReceipt:
    """Record a receipt; the donor is named publicly only when ``donor_consent`` is set."""
    _require_committee(actor, receipt)
    return save(receipt, actor=actor, public=True)


def save_spending(*, actor, spending: FundSpending) -> FundSpending:
    """Record a spending; the beneficiaries stay confidential. A linked house or activity must be
    one the actor may see."""
    _require_committee(actor, spending)
    if spending.house_id is not None:
        from ..models import GreatUnityHouse

        if not GreatUnityHouse.objects.visible_to(actor).filter(pk=spending.house_id).exists():
            raise refuse("house")
    if spending.activity_id is not None:
        from activities.models import Activity

        if not Activity.objects.visible_to(actor).filter(pk=spending.activity_id).exists():
            raise refuse("activity")
    return save(spending, actor=actor, public=True)
