"""Dates, units and small text helpers shared by the work seeds (activities, concerns, oversight)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import translation

from .structure import NEW_START

# The demo work log starts on this day; the 2025 merger splits it into old and new units.
START = datetime.date(2020, 1, 1)
MERGER = NEW_START
# Units of the cadre_ward demo account: part of the work there is recorded by that account.
CADRE_WARD_UNITS = frozenset({"LD-PPHUOCHOI", "LG-PH", "LG-PL", "LG-TP"})


def valid_on(obj, on: datetime.date) -> bool:
    """Whether a unit or an organization (``valid_from`` / ``valid_to``) exists on that day."""
    return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)


def lower_first(text: str) -> str:
    """``Tập huấn kỹ thuật ...`` → ``tập huấn kỹ thuật ...``, to continue a sentence (units: ``in_text``)."""
    return text[:1].lower() + text[1:]


def in_vietnamese(write: Callable[..., str], *args) -> str:
    """A demo text is Vietnamese whatever the active language: ``in_vietnamese(money, 18_500_000)``."""
    with translation.override("vi"):
        return write(*args)
