"""Concerns raised by residents on the public form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import without_client_address
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit
from organizations.pagestore import units_changed

from ..figures import halves_of_concern, refresh_concern_halves
from ..models import Concern, ConcernSource, ConcernStatus
from .workflow import _record_event

if TYPE_CHECKING:
    pass


PUBLIC_DESCRIPTION_MIN_LENGTH = 20
PUBLIC_DESCRIPTION_MAX_LENGTH = 2000
# The model asks for a public summary; a cadre writes the real one after reading the
# description. Until then the concern carries this neutral text, which names nobody.
PUBLIC_FORM_SUMMARY = gettext_noop("Raised on the public portal; a cadre will write the summary.")


def public_form_summary() -> str:
    """The neutral summary, stored in the portal's own language whatever the visitor's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(PUBLIC_FORM_SUMMARY)


def receive_public_concern(
    *,
    unit: AdministrativeUnit,
    category: str,
    description: str,
    residential_area: AdministrativeUnit | None = None,
    resident_name: str = "",
    resident_phone: str = "",
    resident_consent: bool = False,
) -> Concern:
    """Record a concern a resident raised on the public form, received today, with no cadre.

    The description is the concern's confidential detail; the public summary is left for a
    cadre to write. The unit must be a ward or commune of today's structure and the area one of
    its residential areas. The resident's name and phone are kept only with their consent.
    Raises ``ValidationError`` keyed by these argument names.
    """
    today = timezone.localdate()
    description = description.strip()
    resident_name = resident_name.strip()
    resident_phone = resident_phone.strip()
    # Consent to keep nothing is no consent: it is recorded only with a name or a phone.
    resident_consent = resident_consent and bool(resident_name or resident_phone)
    errors: dict[str, list[str]] = {}
    if unit.kind not in COMMUNE_LEVEL_KINDS or not unit.is_current(today):
        errors["unit"] = [_("Choose a ward or commune of today's structure.")]
    if residential_area is not None and not residential_area.is_current(today):
        errors["residential_area"] = [_("Choose a residential area of today's structure.")]
    if len(description) < PUBLIC_DESCRIPTION_MIN_LENGTH:
        errors["description"] = [
            _("Describe the concern in at least %(count)d characters.")
            % {"count": PUBLIC_DESCRIPTION_MIN_LENGTH}
        ]
    elif len(description) > PUBLIC_DESCRIPTION_MAX_LENGTH:
        errors["description"] = [
            _("Describe the concern in at most %(count)d characters.")
            % {"count": PUBLIC_DESCRIPTION_MAX_LENGTH}
        ]
    concern = Concern(
        source=ConcernSource.PUBLIC_FORM,
        unit=unit,
        residential_area=residential_area,
        category=category,
        summary=public_form_summary(),
        detail=description,
        resident_name=resident_name,
        resident_phone=resident_phone,
        resident_consent=resident_consent,
        received_on=today,
        received_by=None,
        status=ConcernStatus.RECEIVED,
    )
    try:
        concern.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            key = "description" if field == "detail" else field
            # A field already refused above keeps the one message that says why.
            errors.setdefault(key, messages)
    if errors:
        raise ValidationError(errors)
    # No cadre: the audit log records the change without an actor, and without the resident's
    # client address (only the rate limits know it, hashed and for an hour: concerns/ratelimits.py).
    with transaction.atomic(), without_client_address():
        concern.save()
        refresh_concern_halves(halves_of_concern(concern))
        _record_event(
            concern=concern,
            from_status="",
            to_status=ConcernStatus.RECEIVED,
            actor=None,
            note="",
            data={"received_on": today.isoformat()},
        )
        # It is in the ward's inbox now (a cadre's form post says so itself: organizations/pagestore.py).
        units_changed((unit.pk,))
    return concern


def has_placeholder_summary(concern: Concern) -> bool:
    """Whether the concern still carries the public form's neutral summary (a cadre must write one).

    Compared with the text in the portal's language (what ``receive_public_concern`` stores)
    and with the source text, whatever the language of the page that asks.
    """
    if concern.source != ConcernSource.PUBLIC_FORM:
        return False
    return concern.summary.strip() in {PUBLIC_FORM_SUMMARY, public_form_summary()}


# Corrections: the facts of a concern, and the resident's consent -------------------------------

# ``ConcernEvent.data["correction"]`` of the events below, which change no status.
