"""What the social models share: money and count validators, date checks, the entrusting associations."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import AdministrativeUnit, OrganizationKind

NOT_NEGATIVE_MONEY = MinValueValidator(0, message=_("An amount of money cannot be negative."))
POSITIVE_MONEY = MinValueValidator(1, message=_("Enter an amount above zero."))
NOT_NEGATIVE_COUNT = MinValueValidator(0, message=_("A count cannot be negative."))

# The four associations through which the Bank for Social Policies lends (entrusted lending).
ENTRUSTING_KINDS = (
    OrganizationKind.WOMENS_UNION,
    OrganizationKind.FARMERS_ASSOCIATION,
    OrganizationKind.VETERANS_ASSOCIATION,
    OrganizationKind.YOUTH_UNION,
)


def add_error(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def raise_errors(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


def check_period(errors: dict[str, list], start, end, end_field: str) -> None:
    if start and end and end < start:
        add_error(errors, end_field, _("The end date cannot be before the start date."))


def check_not_future(errors: dict[str, list], field: str, value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        add_error(errors, field, _("The date cannot be in the future."))


def unit_existed(unit: AdministrativeUnit, on: datetime.date) -> bool:
    started = unit.valid_from is None or unit.valid_from <= on
    return started and (unit.valid_to is None or unit.valid_to >= on)


def check_unit_on(errors: dict[str, list], field: str, unit: AdministrativeUnit | None, on) -> None:
    if unit is not None and on and not unit_existed(unit, on):
        add_error(errors, field, _("This unit did not exist on %(date)s.") % {"date": f"{on:%d/%m/%Y}"})


def ratio_percent(part: int | None, whole: int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to two decimals (None when ``whole`` is zero)."""
    if not whole:
        return None
    value = Decimal(part or 0) * 100 / Decimal(whole)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
