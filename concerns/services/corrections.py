"""Corrections of a concern's facts, and the withdrawal of a resident's consent (erased everywhere)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import set_actor
from organizations.models import AdministrativeUnit
from organizations.scoping import OUTSIDE_SCOPE

from ..figures import halves_of_concern, refresh_concern_halves
from ..models import Concern, ConcernEvent
from .workflow import check_can_receive, opinion_pages_changed

if TYPE_CHECKING:
    pass


FACTS_CORRECTED = "facts_corrected"
CONSENT_WITHDRAWN = "consent_withdrawn"
# The facts a cadre may correct, in the order the timeline lists them.
CORRECTABLE_FIELDS = (
    "category",
    "topic",
    "summary",
    "publishable",
    "detail",
    "unit",
    "residential_area",
    "petition_type",
    "petition_channel",
)
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
    topic: str | None = None,
    publishable: bool | None = None,
    petition_type: str | None = None,
    petition_channel: str | None = None,
    note: str = "",
) -> Concern:
    """Correct the facts of a concern that is not closed; the status does not change.

    ``topic``, ``publishable`` (an opinion's or question's), ``petition_type`` and
    ``petition_channel`` (a petition's) stay as they are when not given. Writes one timeline event
    naming the corrected fields (never their values) and the audit entry of the concern. Raises
    ``ValidationError`` keyed by the concern's field names.
    """
    new_values = {
        "category": category,
        "summary": summary.strip(),
        "detail": detail.strip(),
        "unit": unit,
        "residential_area": residential_area,
        "topic": topic,
        "publishable": publishable,
        "petition_type": petition_type,
        "petition_channel": petition_channel,
    }
    new_values = {
        name: value for name, value in new_values.items() if value is not None or name == "residential_area"
    }
    if "topic" in new_values:
        new_values["topic"] = " ".join(new_values["topic"].split())
    with transaction.atomic(), set_actor(actor):
        locked = _locked_for_change(actor, concern)
        if locked.is_closed:
            raise ValidationError(_("A closed concern cannot be corrected."), code="closed")
        changed = [
            name
            for name in CORRECTABLE_FIELDS
            if name in new_values
            and getattr(locked, locked._meta.get_field(name).attname) != _raw(new_values[name])
        ]
        if not changed:
            raise ValidationError(_("Nothing was changed."), code="unchanged")
        if "unit" in changed or "residential_area" in changed:
            check_can_receive(
                actor=actor, unit=unit, residential_area=residential_area, organization=locked.organization
            )
        before = halves_of_concern(locked)
        for name in changed:
            setattr(locked, name, new_values[name])
        locked.full_clean()
        locked.save()
        refresh_concern_halves(before.add(locked))
        _record_correction(
            concern=locked, actor=actor, correction=FACTS_CORRECTED, note=note, data={"fields": changed}
        )
        opinion_pages_changed(locked)
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
        _erase_client_addresses_of(locked)
    return locked


def _erase_client_addresses_of(concern: Concern) -> None:
    """Clear the client address and port of every audit entry of the concern and its timeline
    (the resident's, from a public form, and any other): none is kept once consent is withdrawn."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    event_ids = [str(pk) for pk in ConcernEvent.objects.filter(concern=concern).values_list("pk", flat=True)]
    LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Concern), object_pk=str(concern.pk))
        | Q(content_type=ContentType.objects.get_for_model(ConcernEvent), object_pk__in=event_ids)
    ).exclude(remote_addr__isnull=True, remote_port__isnull=True).update(remote_addr=None, remote_port=None)


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
