"""The doorstep visit with a concern: one form, one transaction, the visit and the concern."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from members.services import record_household_visits
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization, OrganizationKind

from ..models import Concern, ConcernSource
from .workflow import check_can_receive, receive_concern

if TYPE_CHECKING:
    pass


_VISIT_ERROR_KEYS = {
    "unit": "residential_area",
    "residential_area": "residential_area",
    "date": "date",
    "households_visited": "households_visited",
    "summary": "visit_summary",
    "organizations": "organization",
}
_CONCERN_ERROR_KEYS = {
    "unit": "residential_area",
    "residential_area": "residential_area",
    "received_on": "date",
    "organization": "organization",
    "category": "category",
    "summary": "summary",
    "detail": "detail",
    "resident_name": "resident_name",
    "resident_phone": "resident_phone",
    "resident_consent": "resident_consent",
}


def commune_level_unit(area: AdministrativeUnit) -> AdministrativeUnit:
    """The ward or commune a residential area belongs to (the area itself if it has none)."""
    current = area
    for _depth in range(6):
        if current.kind in COMMUNE_LEVEL_KINDS:
            return current
        if current.parent_id is None:
            break
        current = current.parent
    return area


def default_visit_organization(
    *, residential_area: AdministrativeUnit, unit: AdministrativeUnit, on: datetime.date
) -> Organization | None:
    """The Front working committee of the area on that date, else the unit's Front committee."""
    for kind, place in (
        (OrganizationKind.FRONT_WORKING_COMMITTEE, residential_area),
        (OrganizationKind.FRONT_COMMITTEE, unit),
    ):
        found = Organization.objects.filter(kind=kind, unit=place).current(on).order_by("pk").first()
        if found is not None:
            return found
    return None


def _collect(errors: dict[str, list], error: ValidationError, keys: dict[str, str]) -> None:
    if hasattr(error, "error_dict"):
        items = [
            (keys.get(field, NON_FIELD_ERRORS), messages) for field, messages in error.error_dict.items()
        ]
    else:
        items = [(NON_FIELD_ERRORS, error.error_list)]
    for key, messages in items:
        found = errors.setdefault(key, [])
        for message in messages:
            # The visit and the concern check some things twice (e.g. the unit's dates).
            if all(m.messages != message.messages for m in found):
                found.append(message)


def log_visit_with_concern(
    *,
    actor,
    residential_area: AdministrativeUnit,
    date: datetime.date,
    organization: Organization | None = None,
    households_visited: int,
    household_numbers: list[str] | tuple[str, ...] = (),
    visit_summary: str,
    category: str,
    summary: str,
    detail: str = "",
    resident_name: str = "",
    resident_phone: str = "",
    resident_consent: bool = False,
) -> Concern:
    """Log a household visit and the concern raised at it, both or neither.

    Without ``organization``, the visit is organized by the area's Front working committee
    (or the unit's Front committee) and the concern has no organization. ``household_numbers``
    (optional) are the households reached, by their number in the area's list: recorded in the
    same transaction (``members.services.record_household_visits``) for the coverage. Raises
    ``ValidationError`` keyed by these argument names, with the errors of the visit and of
    the concern together.
    """
    from activities.services import log_visit

    unit = commune_level_unit(residential_area)
    errors: dict[str, list] = {}
    candidate = Concern(
        source=ConcernSource.VISIT,
        unit=unit,
        residential_area=residential_area,
        organization=organization,
        category=category,
        summary=summary.strip(),
        detail=detail.strip(),
        resident_name=resident_name,
        resident_phone=resident_phone,
        resident_consent=resident_consent,
        received_on=date,
    )
    try:
        check_can_receive(
            actor=actor, unit=unit, residential_area=residential_area, organization=organization
        )
        candidate.full_clean(exclude=["activity", "tracking_code"])
    except ValidationError as error:
        _collect(errors, error, _CONCERN_ERROR_KEYS)
    organizer = organization or default_visit_organization(
        residential_area=residential_area, unit=unit, on=date
    )
    with transaction.atomic():
        try:
            visit = log_visit(
                actor=actor,
                unit=unit,
                residential_area=residential_area,
                date=date,
                households_visited=households_visited,
                summary=visit_summary,
                organizations=[organizer] if organizer else [],
            )
        except ValidationError as error:
            _collect(errors, error, _VISIT_ERROR_KEYS)
        if household_numbers and not errors:
            try:
                record_household_visits(
                    actor=actor,
                    residential_area=residential_area,
                    visited_on=date,
                    codes=list(household_numbers),
                )
            except ValidationError as error:
                _collect(errors, error, {"residential_area": "residential_area"})
        if errors:
            # Raised inside the transaction: a visit saved above is rolled back.
            raise ValidationError(errors)
        try:
            return receive_concern(
                actor=actor,
                source=ConcernSource.VISIT,
                activity=visit,
                unit=unit,
                residential_area=residential_area,
                organization=organization,
                category=category,
                summary=summary,
                detail=detail,
                resident_name=resident_name,
                resident_phone=resident_phone,
                resident_consent=resident_consent,
                received_on=date,
            )
        except ValidationError as error:
            _collect(errors, error, _CONCERN_ERROR_KEYS)
            raise ValidationError(errors) from error


# A concern raised by a resident on the public form ---------------------------------------
