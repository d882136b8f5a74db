"""Petitions (đơn thư) the Front receives: complaints, denunciations, recommendations and reports.

A petition is a concern with source ``petition``, its kind and the way it came; the Front
forwards it to the competent authority and follows the answer through the concern workflow.
The petitioner's name and phone are confidential like any resident's, and a denouncer's identity
is protected by law: it is shown only on the petition's own page, to the cadres who may change
records in its unit (``ConcernQuerySet.with_identity_flag``), never in a list, an export, a
search or a public page.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from core.services import ServiceErrors
from organizations.models import AdministrativeUnit, Organization

from ..models import Concern, ConcernCategory, ConcernSource
from .workflow import receive_concern

# The concern's fields → the arguments of receive_petition, for its errors.
_ERROR_KEYS = {
    "petition_channel": "channel",
    "resident_name": "petitioner_name",
    "resident_phone": "petitioner_phone",
    "resident_consent": "consent",
}


def receive_petition(
    *,
    actor,
    unit: AdministrativeUnit,
    petition_type: str,
    channel: str,
    summary: str,
    received_on: datetime.date,
    residential_area: AdministrativeUnit | None = None,
    petitioner_name: str = "",
    petitioner_phone: str = "",
    consent: bool = False,
    detail: str = "",
    category: str = ConcernCategory.OTHER,
    organization: Organization | None = None,
    note: str = "",
) -> Concern:
    """Record a petition received on ``received_on`` (status "received"), of ``petition_type``
    (a ``PetitionType``), come by ``channel`` (a ``PetitionChannel``).

    The petitioner's name and phone are kept only with their ``consent``. Raises
    ``ValidationError`` keyed by these argument names; nothing is saved then.
    """
    try:
        return receive_concern(
            actor=actor,
            source=ConcernSource.PETITION,
            unit=unit,
            residential_area=residential_area,
            organization=organization,
            category=category,
            summary=summary,
            detail=detail,
            petition_type=petition_type,
            petition_channel=channel,
            resident_name=petitioner_name,
            resident_phone=petitioner_phone,
            resident_consent=consent,
            received_on=received_on,
            note=note,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors = ServiceErrors()
        for field, messages in error.error_dict.items():
            for message in messages:
                errors.add(_ERROR_KEYS.get(field, field), message)
        errors.raise_if_any()
        raise
