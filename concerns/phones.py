"""Vietnamese phone numbers: normalised to the national form (0xxxxxxxxx) and validated."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mobile numbers: 0 + 3/5/7/8/9 + 8 digits. Landlines since 2017: 0 + 2xx area code + 7 or 8 digits
# (e.g. 0263 for Lâm Đồng, 0252 for the former Bình Thuận).
_NATIONAL = re.compile(r"^0(?:[35789]\d{8}|2\d{8,9})$")
_SEPARATORS = re.compile(r"[\s.\-()]")


def normalize_phone(raw: str) -> str:
    """Drop spaces, dots, dashes and brackets; turn +84 / 84 into the leading 0."""
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    return value


def validate_vietnamese_phone(value: str) -> None:
    if value and not _NATIONAL.match(normalize_phone(value)):
        raise ValidationError(
            _("Enter a Vietnamese phone number, e.g. 0912 345 678 or 0263 3822 123."), code="invalid_phone"
        )
