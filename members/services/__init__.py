"""The writes of the members app: typed, keyword-only, scope-checked, validated, audited, atomic."""

from .areas import (
    parse_household_codes,
    record_household_visits,
    save_assignment,
    save_household_figure,
)
from .imports import ImportResult, import_member_sheet, upload_member_sheet
from .register import create_member, join_organization, leave, may_keep_register, save_member, transfer

__all__ = [
    "ImportResult",
    "create_member",
    "import_member_sheet",
    "join_organization",
    "leave",
    "may_keep_register",
    "parse_household_codes",
    "record_household_visits",
    "save_assignment",
    "save_household_figure",
    "save_member",
    "transfer",
    "upload_member_sheet",
]
