"""Receiving a concern and each step of its workflow: forward, answer, inform, close."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import set_actor
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import OUTSIDE_SCOPE, scope_for

from ..models import Concern, ConcernEvent, ConcernSource, ConcernStatus

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
