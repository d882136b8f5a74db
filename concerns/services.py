"""Writes to concerns: receiving one, and each step of its workflow.

Every service checks the actor's scope, validates the whole object, saves in one
transaction, writes the ``ConcernEvent`` of the step and leaves the audit entries (the
audit log records the concern and the event with the actor set here).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import OUTSIDE_SCOPE, scope_for

from .models import Concern, ConcernEvent, ConcernSource, ConcernStatus

if TYPE_CHECKING:
    from activities.models import Activity


def forbidden_message(concern: Concern, to_status: str) -> str:
    if concern.is_closed:
        return _("This concern is already closed.")
    messages = {
        ConcernStatus.FORWARDED: _("Only a concern that is still waiting for an answer can be forwarded."),
        ConcernStatus.ANSWERED: _("Only a concern that is still waiting for an answer can be answered."),
        ConcernStatus.INFORMED: _("The resident can be informed only once the concern has been answered."),
        ConcernStatus.CLOSED: _(
            "A concern is closed only after the resident has been informed of the answer; "
            "otherwise close it as a duplicate or as not in scope."
        ),
        ConcernStatus.DUPLICATE: _(
            "Only a concern that is still waiting for an answer can be closed as a duplicate."
        ),
        ConcernStatus.NOT_IN_SCOPE: _(
            "Only a concern that is still waiting for an answer can be closed as not in scope."
        ),
    }
    return messages.get(to_status, _("This step is not allowed in the workflow."))


def check_can_receive(
    *,
    actor,
    unit: AdministrativeUnit,
    residential_area: AdministrativeUnit | None,
    organization: Organization | None,
) -> None:
    """Raise unless ``actor`` may record a concern in this unit / area / organization."""
    scope = scope_for(actor)
    if scope.is_global:
        return
    if organization is not None and not scope.can_read_org(organization.pk):
        raise ValidationError({"organization": OUTSIDE_SCOPE})
    place_ids = {unit.pk} | ({residential_area.pk} if residential_area is not None else set())
    if place_ids & scope.writable_unit_ids:
        return
    # An organization's cadre records concerns received by their organization, in the
    # units where it works.
    if (
        organization is not None
        and scope.can_write_org(organization.pk)
        and place_ids & scope.writable_org_unit_ids
    ):
        return
    raise ValidationError({"unit": OUTSIDE_SCOPE})


def receive_concern(
    *,
    actor,
    unit: AdministrativeUnit,
    category: str,
    summary: str,
    received_on: datetime.date,
    source: str = ConcernSource.OTHER,
    residential_area: AdministrativeUnit | None = None,
    organization: Organization | None = None,
    activity: Activity | None = None,
    detail: str = "",
    resident_name: str = "",
    resident_phone: str = "",
    resident_consent: bool = False,
    note: str = "",
    is_demo: bool = False,
) -> Concern:
    """Record a new concern (status "received") and the first step of its timeline."""
    check_can_receive(actor=actor, unit=unit, residential_area=residential_area, organization=organization)
    if activity is not None:
        from activities.models import Activity

        if not Activity.objects.visible_to(actor).filter(pk=activity.pk).exists():
            raise ValidationError({"activity": OUTSIDE_SCOPE})
    concern = Concern(
        source=source,
        activity=activity,
        unit=unit,
        residential_area=residential_area,
        organization=organization,
        category=category,
        summary=summary.strip(),
        detail=detail.strip(),
        resident_name=resident_name,
        resident_phone=resident_phone,
        resident_consent=resident_consent,
        received_on=received_on,
        received_by=actor,
        status=ConcernStatus.RECEIVED,
        is_demo=is_demo,
    )
    concern.full_clean()
    with transaction.atomic(), set_actor(actor):
        concern.save()
        _record_event(
            concern=concern,
            from_status="",
            to_status=ConcernStatus.RECEIVED,
            actor=actor,
            note=note,
            data={"received_on": received_on.isoformat()},
        )
    return concern


def _record_event(
    *, concern: Concern, from_status: str, to_status: str, actor, note: str, data: dict
) -> ConcernEvent:
    event = ConcernEvent(
        concern=concern,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note.strip(),
        data=data,
    )
    event.full_clean()
    event.save()
    return event


def _transition(
    *, actor, concern: Concern, to_status: str, changes: dict[str, Any], data: dict[str, Any], note: str
) -> Concern:
    """Move ``concern`` to ``to_status`` with ``changes``, writing the event; all or nothing."""
    with transaction.atomic(), set_actor(actor):
        locked = Concern.objects.editable_by(actor).select_for_update().filter(pk=concern.pk).first()
        if locked is None:
            raise ValidationError(OUTSIDE_SCOPE)
        from_status = locked.status
        if not locked.can_go_to(to_status):
            raise ValidationError(forbidden_message(locked, to_status), code="forbidden_transition")
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.status = to_status
        locked.full_clean()
        locked.save()
        _record_event(
            concern=locked, from_status=from_status, to_status=to_status, actor=actor, note=note, data=data
        )
    return locked


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def forward_concern(
    *,
    actor,
    concern: Concern,
    authority: str,
    document_number: str = "",
    forwarded_on: datetime.date,
    due_date: datetime.date,
    note: str = "",
) -> Concern:
    """Forward the concern to the authority that must answer it, with the date the answer is due."""
    authority = authority.strip()
    document_number = document_number.strip()
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.FORWARDED,
        changes={
            "forwarded_to": authority,
            "forward_document_number": document_number,
            "forwarded_on": forwarded_on,
            "due_date": due_date,
        },
        data={
            "authority": authority,
            "document_number": document_number,
            "forwarded_on": _iso(forwarded_on),
            "due_date": _iso(due_date),
        },
        note=note,
    )


def answer_concern(
    *, actor, concern: Concern, answer: str, answered_on: datetime.date, note: str = ""
) -> Concern:
    """Record the answer: from the authority it was forwarded to, or given on the spot."""
    answer = answer.strip()
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.ANSWERED,
        changes={"answer": answer, "answered_on": answered_on},
        data={"answer": answer, "answered_on": _iso(answered_on)},
        note=note,
    )


def mark_resident_informed(*, actor, concern: Concern, informed_on: datetime.date, note: str = "") -> Concern:
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.INFORMED,
        changes={"informed_on": informed_on},
        data={"informed_on": _iso(informed_on)},
        note=note,
    )


def close_concern(
    *, actor, concern: Concern, closed_on: datetime.date | None = None, note: str = ""
) -> Concern:
    """Close a concern whose answer the resident has received."""
    closed_on = closed_on or timezone.localdate()
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.CLOSED,
        changes={"closed_on": closed_on},
        data={"closed_on": _iso(closed_on)},
        note=note,
    )


def close_as_duplicate(
    *,
    actor,
    concern: Concern,
    duplicate_of: Concern,
    reason: str,
    closed_on: datetime.date | None = None,
) -> Concern:
    """Close a concern that repeats another one; the other one carries the follow-up."""
    if duplicate_of.pk == concern.pk:
        raise ValidationError({"duplicate_of": _("A concern cannot be a duplicate of itself.")})
    if not Concern.objects.visible_to(actor).filter(pk=duplicate_of.pk).exists():
        raise ValidationError({"duplicate_of": _("No concern with this tracking code in your units.")})
    closed_on = closed_on or timezone.localdate()
    reason = reason.strip()
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.DUPLICATE,
        changes={"duplicate_of": duplicate_of, "close_reason": reason, "closed_on": closed_on},
        data={"duplicate_of": duplicate_of.tracking_code, "reason": reason, "closed_on": _iso(closed_on)},
        note="",
    )


def close_as_not_in_scope(
    *, actor, concern: Concern, reason: str, closed_on: datetime.date | None = None
) -> Concern:
    """Close a concern that is not a matter for the Front or the authorities it works with."""
    closed_on = closed_on or timezone.localdate()
    reason = reason.strip()
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.NOT_IN_SCOPE,
        changes={"close_reason": reason, "closed_on": closed_on},
        data={"reason": reason, "closed_on": _iso(closed_on)},
        note="",
    )


# The visit with a concern ------------------------------------------------------------------

# Errors of the visit and of the concern, keyed by the arguments of log_visit_with_concern.
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
    (or the unit's Front committee) and the concern has no organization. Raises
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
    # No cadre: the audit log records the change without an actor (and with the visitor's
    # address, as for every request).
    with transaction.atomic():
        concern.save()
        _record_event(
            concern=concern,
            from_status="",
            to_status=ConcernStatus.RECEIVED,
            actor=None,
            note="",
            data={"received_on": today.isoformat()},
        )
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
FACTS_CORRECTED = "facts_corrected"
CONSENT_WITHDRAWN = "consent_withdrawn"
# The facts a cadre may correct, in the order the timeline lists them.
CORRECTABLE_FIELDS = ("category", "summary", "detail", "unit", "residential_area")
# What the audit log keeps in place of an erased name or phone.
ERASED = "[erased]"
_RESIDENT_CONTACT_FIELDS = ("resident_name", "resident_phone")


def _record_correction(*, concern: Concern, actor, correction: str, note: str, data: dict) -> ConcernEvent:
    """A step of the timeline that changes no status (from and to are the current status)."""
    event = ConcernEvent(
        concern=concern,
        from_status=concern.status,
        to_status=concern.status,
        actor=actor,
        note=note.strip(),
        data={"correction": correction, **data},
    )
    event.full_clean()
    event.save()
    return event


def _locked_for_change(actor, concern: Concern) -> Concern:
    locked = Concern.objects.editable_by(actor).select_for_update().filter(pk=concern.pk).first()
    if locked is None:
        raise ValidationError(OUTSIDE_SCOPE)
    return locked


def edit_concern(
    *,
    actor,
    concern: Concern,
    category: str,
    summary: str,
    detail: str,
    unit: AdministrativeUnit,
    residential_area: AdministrativeUnit | None,
    note: str = "",
) -> Concern:
    """Correct the facts of a concern that is not closed; the status does not change.

    Writes one timeline event naming the corrected fields (never their values) and the audit
    entry of the concern. Raises ``ValidationError`` keyed by the concern's field names.
    """
    new_values = {
        "category": category,
        "summary": summary.strip(),
        "detail": detail.strip(),
        "unit": unit,
        "residential_area": residential_area,
    }
    with transaction.atomic(), set_actor(actor):
        locked = _locked_for_change(actor, concern)
        if locked.is_closed:
            raise ValidationError(_("A closed concern cannot be corrected."), code="closed")
        changed = [
            name
            for name in CORRECTABLE_FIELDS
            if getattr(locked, locked._meta.get_field(name).attname) != _raw(new_values[name])
        ]
        if not changed:
            raise ValidationError(_("Nothing was changed."), code="unchanged")
        if "unit" in changed or "residential_area" in changed:
            check_can_receive(
                actor=actor, unit=unit, residential_area=residential_area, organization=locked.organization
            )
        for name in changed:
            setattr(locked, name, new_values[name])
        locked.full_clean()
        locked.save()
        _record_correction(
            concern=locked, actor=actor, correction=FACTS_CORRECTED, note=note, data={"fields": changed}
        )
    return locked


def _raw(value: Any) -> Any:
    """A model instance as its primary key (to compare with a foreign key's column)."""
    return value.pk if hasattr(value, "_meta") else value


def withdraw_resident_consent(*, actor, concern: Concern, note: str = "") -> Concern:
    """The resident withdrew their consent: erase their name and phone, here and in the audit log.

    Allowed at every status (the right to withdraw does not end with the follow-up). The
    erasure is validated on its own fields only, so that nothing else can block it. The audit
    entries of the concern keep that the name and phone changed, never their values.
    """
    with transaction.atomic(), set_actor(actor):
        locked = _locked_for_change(actor, concern)
        if not (locked.resident_name or locked.resident_phone or locked.resident_consent):
            raise ValidationError(_("This concern holds no name or phone of the resident."), code="nothing")
        erased = {value for value in (locked.resident_name, locked.resident_phone) if value}
        locked.resident_name = ""
        locked.resident_phone = ""
        locked.resident_consent = False
        contact_fields = [*_RESIDENT_CONTACT_FIELDS, "resident_consent"]
        locked.clean_fields(exclude=[f.name for f in Concern._meta.fields if f.name not in contact_fields])
        locked.save(update_fields=[*contact_fields, "updated_at"])
        _record_correction(concern=locked, actor=actor, correction=CONSENT_WITHDRAWN, note=note, data={})
        _erase_from_audit_log(locked, erased)
    return locked


def _erase_from_audit_log(concern: Concern, erased: set[str]) -> None:
    """Replace the resident's name and phone in every audit entry of ``concern`` by ``ERASED``.

    Earlier entries may hold an earlier name or phone: every value found under those fields
    is erased too, also from the free-text forms of an entry.
    """
    from auditlog.models import LogEntry

    entries = list(LogEntry.objects.get_for_object(concern))
    values = set(erased)
    for entry in entries:
        for name in _RESIDENT_CONTACT_FIELDS:
            if isinstance(entry.changes, dict) and isinstance(entry.changes.get(name), list):
                values.update(str(value) for value in entry.changes[name])
            if isinstance(entry.serialized_data, dict):
                values.add(str((entry.serialized_data.get("fields") or {}).get(name) or ""))
    values -= {"", "None", ERASED}
    for entry in entries:
        update = {}
        if isinstance(entry.changes, dict) and any(
            name in entry.changes for name in _RESIDENT_CONTACT_FIELDS
        ):
            update["changes"] = {
                name: _erased_values(old) if name in _RESIDENT_CONTACT_FIELDS else old
                for name, old in entry.changes.items()
            }
        fields = entry.serialized_data.get("fields") if isinstance(entry.serialized_data, dict) else None
        if isinstance(fields, dict) and any(fields.get(name) for name in _RESIDENT_CONTACT_FIELDS):
            erased_fields = {
                name: ERASED if name in _RESIDENT_CONTACT_FIELDS and value else value
                for name, value in fields.items()
            }
            update["serialized_data"] = {**entry.serialized_data, "fields": erased_fields}
        text = entry.changes_text or ""
        for value in sorted(values, key=len, reverse=True):
            text = text.replace(value, ERASED)
        if text != (entry.changes_text or ""):
            update["changes_text"] = text
        if update:
            # Straight to the row: the audit log is read-only everywhere else.
            LogEntry.objects.filter(pk=entry.pk).update(**update)


def _erased_values(old: Any) -> Any:
    """``["Nguyễn Văn A", ""]`` → ``["[erased]", ""]``: that a value was there stays, the value goes."""
    if isinstance(old, list):
        return [ERASED if v not in (None, "", "None") else v for v in old]
    return ERASED if old not in (None, "", "None") else old
