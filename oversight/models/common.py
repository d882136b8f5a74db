"""What the oversight models share: the money and count validators, date checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

NOT_NEGATIVE_MONEY = MinValueValidator(0, message=_("An amount of money cannot be negative."))
NOT_NEGATIVE_COUNT = MinValueValidator(0, message=_("A count cannot be negative."))
NOT_NEGATIVE_AREA = MinValueValidator(0, message=_("An area of land cannot be negative."))
PERCENT = (
    MinValueValidator(0, message=_("Progress is a percentage between 0 and 100.")),
    MaxValueValidator(100, message=_("Progress is a percentage between 0 and 100.")),
)


def check_period(errors: dict[str, list], start, end, end_field: str = "end") -> None:
    """Add an error on ``end_field`` when the period ends before it starts."""
    if start and end and end < start:
        errors.setdefault(end_field, []).append(_("The end date cannot be before the start date."))


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)
