"""Writes of the social app. Every function is keyword-only, checks the actor's scope, validates the
whole object (``full_clean``), saves in one transaction with the actor in the audit log, and moves
the cached public pages on when a public page shows what changed."""

from .fund import save_campaign, save_receipt, save_spending
from .houses import add_house_photos, save_house
from .imports import ImportResult, import_loan_sheet
from .loans import save_group, save_snapshot
from .recognition import save_commendation, save_model, save_movement

__all__ = [
    "ImportResult",
    "add_house_photos",
    "import_loan_sheet",
    "save_campaign",
    "save_commendation",
    "save_group",
    "save_house",
    "save_model",
    "save_movement",
    "save_receipt",
    "save_snapshot",
    "save_spending",
]
