"""Receiving a concern and each step of its workflow: forward, answer, inform, close."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.commitments import add_commitment
from activities.models import Activity, ActivityKind, Commitment, Visibility
from core.audit import set_actor
from core.caching import public_content_changed
from core.services import ServiceErrors
from organizations.models import AdministrativeUnit, Authority, Organization
from organizations.scoping import OUTSIDE_SCOPE, scope_for

from ..figures import halves_of_concern, refresh_concern_halves
from ..models import OPINION_SOURCES, Concern, ConcernEvent, ConcernSource, ConcernStatus


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
    topic: str = "",
    publishable: bool = False,
    petition_type: str = "",
    petition_channel: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Concern:
    """Record a new concern (status "received") and the first step of its timeline.

    Opinions and questions (``concerns.services.opinions``) and petitions
    (``concerns.services.petitions``) are received through here too, with their topic and
    publishable flag, or their kind and channel.
    """
    check_can_receive(actor=actor, unit=unit, residential_area=residential_area, organization=organization)
    if activity is not None and not Activity.objects.visible_to(actor).filter(pk=activity.pk).exists():
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
        topic=topic,
        publishable=publishable,
        petition_type=petition_type,
        petition_channel=petition_channel,
        received_on=received_on,
        received_by=actor,
        status=ConcernStatus.RECEIVED,
        is_demo=is_demo,
    )
    concern.full_clean()
    with transaction.atomic(), set_actor(actor):
        concern.save()
        refresh_concern_halves(halves_of_concern(concern))
        _record_event(
            concern=concern,
            from_status="",
            to_status=ConcernStatus.RECEIVED,
            actor=actor,
            note=note,
            data={"received_on": received_on.isoformat()},
        )
        opinion_pages_changed(concern)
    return concern


def opinion_pages_changed(concern: Concern) -> None:
    """The public page of a published voter contact or dialogue shows its opinions and questions
    (counted, and the publishable summaries): move the cached public pages on when one changes."""
    if concern.activity_id is None or concern.source not in OPINION_SOURCES:
        return
    if Activity.objects.filter(pk=concern.activity_id, visibility=Visibility.PUBLISHED).exists():
        public_content_changed()


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


# Prepares a step on the locked concern before its changes are applied (e.g. records the
# commitment an answer makes): may add to the changes and the event's data, or raise.
Prepare = Callable[[Concern, dict[str, Any], dict[str, Any]], None]


def _transition(
    *,
    actor,
    concern: Concern,
    to_status: str,
    changes: dict[str, Any],
    data: dict[str, Any],
    note: str,
    prepare: Prepare | None = None,
) -> Concern:
    """Move ``concern`` to ``to_status`` with ``changes``, writing the event; all or nothing.

    A step the workflow does not allow from the current status is refused first, with its own
    message (code ``forbidden_transition``); otherwise every error of the step (``prepare``'s and
    the concern's) is reported at once and nothing is saved.
    """
    with transaction.atomic(), set_actor(actor):
        locked = (
            Concern.objects.editable_by(actor)
            # Only the concern's row is locked: PostgreSQL locks no nullable side of an outer join.
            .select_for_update(of=("self",))
            .select_related("activity", "authority", "unit")
            .filter(pk=concern.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(OUTSIDE_SCOPE)
        from_status = locked.status
        if not locked.can_go_to(to_status):
            raise ValidationError(forbidden_message(locked, to_status), code="forbidden_transition")
        errors = ServiceErrors()
        if prepare is not None:
            errors.collect(prepare, locked, changes, data)
        for field, value in changes.items():
            setattr(locked, field, value)
        locked.status = to_status
        errors.collect(locked.full_clean)
        errors.raise_if_any()
        locked.save()
        refresh_concern_halves(halves_of_concern(locked))
        _record_event(
            concern=locked, from_status=from_status, to_status=to_status, actor=actor, note=note, data=data
        )
        opinion_pages_changed(locked)
    return locked


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def forward_concern(
    *,
    actor,
    concern: Concern,
    authority: Authority | None,
    forwarded_on: datetime.date,
    due_date: datetime.date | None = None,
    document_number: str = "",
    note: str = "",
) -> Concern:
    """Forward the concern to the authority of the register that must answer it.

    The answer is due by ``due_date``, or else ``authority.answer_days`` after ``forwarded_on``
    (``Authority.due_date_from``). The authority must have existed on the day it was forwarded.
    The timeline's event keeps the authority's name as it was that day, and its id.
    """
    document_number = document_number.strip()
    if due_date is None and authority is not None and forwarded_on is not None:
        due_date = authority.due_date_from(forwarded_on)
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.FORWARDED,
        changes={
            "authority": authority,
            "forward_document_number": document_number,
            "forwarded_on": forwarded_on,
            "due_date": due_date,
        },
        data={
            "authority": authority.name if authority is not None else "",
            "authority_id": authority.pk if authority is not None else None,
            "document_number": document_number,
            "forwarded_on": _iso(forwarded_on),
            "due_date": _iso(due_date),
        },
        note=note,
    )


# The errors of ``add_commitment``, keyed by the answer's arguments.
_COMMITMENT_ERROR_KEYS = {
    "text": "commitment_text",
    "deadline": "commitment_deadline",
    "made_on": "answered_on",
}


def answer_concern(
    *,
    actor,
    concern: Concern,
    answer: str,
    answered_on: datetime.date,
    reply_document_number: str = "",
    commitment_text: str = "",
    commitment_deadline: datetime.date | None = None,
    answered_on_spot: bool = False,
    answered_by: str = "",
    authority: Authority | None = None,
    note: str = "",
) -> Concern:
    """Record the answer: from the authority it was forwarded to (its reply document's number),
    or given on the spot at a voter contact or dialogue (``answered_on_spot``, by
    ``answered_by``, for ``authority`` when known).

    With ``commitment_text``, the answer makes a commitment, kept to ``commitment_deadline``: it
    is recorded (``activities.commitments.add_commitment``: owner the concern's authority, unit
    the concern's, at the concern's voter contact or dialogue if it has one) in the same
    transaction and linked to the concern. Errors are keyed by these argument names.
    """
    answer = answer.strip()
    reply_document_number = reply_document_number.strip()
    commitment_text = commitment_text.strip()
    changes: dict[str, Any] = {
        "answer": answer,
        "answered_on": answered_on,
        "reply_document_number": reply_document_number,
    }
    data: dict[str, Any] = {
        "answer": answer,
        "answered_on": _iso(answered_on),
        "reply_document_number": reply_document_number,
    }
    if answered_on_spot:
        answered_by = answered_by.strip()
        changes.update(answered_on_spot=True, answered_by=answered_by)
        data["answered_by"] = answered_by
        if authority is not None:
            changes["authority"] = authority
            data["authority_id"] = authority.pk

    def record_commitment(locked: Concern, changes: dict[str, Any], data: dict[str, Any]) -> None:
        if not commitment_text:
            if commitment_deadline is not None:
                raise ValidationError(
                    {"commitment_text": _("Enter the commitment, or leave its deadline empty.")}
                )
            return
        owner = changes.get("authority", locked.authority)
        if owner is None:
            raise ValidationError(
                {
                    "commitment_text": _(
                        "A commitment is made by an authority: forward the concern to it first, "
                        "or record the answer given on the spot with its authority."
                    )
                }
            )
        commitment = _commitment_of_answer(
            actor=actor,
            concern=locked,
            owner=owner,
            text=commitment_text,
            deadline=commitment_deadline,
            made_on=answered_on,
        )
        changes["commitment"] = commitment
        data.update(commitment=commitment.text, commitment_deadline=_iso(commitment.deadline))

    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.ANSWERED,
        changes=changes,
        data=data,
        note=note,
        prepare=record_commitment,
    )


def _commitment_of_answer(
    *,
    actor,
    concern: Concern,
    owner: Authority,
    text: str,
    deadline: datetime.date | None,
    made_on: datetime.date,
) -> Commitment:
    """The commitment an answer makes: at the concern's voter contact or dialogue (in its unit),
    or, for any other concern, in the concern's unit on the day of the answer."""
    activity = concern.activity if concern.activity_id is not None else None
    at_event = activity is not None and activity.kind in (ActivityKind.VOTER_CONTACT, ActivityKind.DIALOGUE)
    try:
        return add_commitment(
            actor=actor,
            unit=activity.unit if at_event else concern.unit,
            owner=owner,
            text=text,
            deadline=deadline,
            activity=activity if at_event else None,
            made_on=None if at_event else made_on,
        )
    except ValidationError as error:
        errors = ServiceErrors()
        if hasattr(error, "error_dict"):
            for field, messages in error.error_dict.items():
                for message in messages:
                    errors.add(_COMMITMENT_ERROR_KEYS.get(field, "commitment_text"), message)
        else:
            for message in error.error_list:
                errors.add("commitment_text", message)
        errors.raise_if_any()
        raise


def mark_resident_informed(
    *,
    actor,
    concern: Concern,
    informed_on: datetime.date,
    how: str = "",
    note: str = "",
) -> Concern:
    """The resident (the voters, for an opinion) was told the answer on ``informed_on``, ``how``
    (an ``InformedHow``: at the next voter contact, by the Front, in writing, a public notice)."""
    return _transition(
        actor=actor,
        concern=concern,
        to_status=ConcernStatus.INFORMED,
        changes={"informed_on": informed_on, "informed_how": how},
        data={"informed_on": _iso(informed_on), "informed_how": how},
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
