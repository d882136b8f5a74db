"""The lifecycle of a recommendation: draft → sent → replied (implementation followed) → closed.

Each step checks the actor's scope, refuses a step the lifecycle does not allow with a
translated ValidationError (code ``forbidden_transition``), validates the whole
recommendation, saves it in one transaction and leaves an audit entry with the actor.
A change to a recommendation of a published monitoring session refreshes the public pages.

A recommendation is sent to an authority of the register that existed on the day it was sent;
without a due date, the reply is due the authority's days to answer after that day
(``Authority.due_date_from``), which the cadre may change like any date.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.fields import authority_not_current
from organizations.models import Authority

from ..models import (
    Implementation,
    Inspection,
    MonitoringSession,
    Recommendation,
    RecommendationStatus,
    ReplyOutcome,
    Supervision,
)
from .common import atomic_as, public_pages_changed, refuse

if TYPE_CHECKING:
    from concerns.models import Concern

Status = RecommendationStatus
Origin = Supervision | Inspection | MonitoringSession


def forbidden_message(recommendation: Recommendation, step: str) -> str:
    if recommendation.status == Status.CLOSED:
        return _("This recommendation is already closed.")
    messages = {
        "send": _("Only a draft recommendation can be sent."),
        "reply": _("A reply can be recorded only for a recommendation that was sent and not yet answered."),
        "implementation": _("Implementation is followed once the authority has replied."),
        "close": _("A recommendation is closed only after the authority has replied."),
    }
    return messages.get(step, _("This step is not allowed."))


def _origin_field(origin: Origin) -> str:
    if isinstance(origin, Supervision):
        return "supervision"
    if isinstance(origin, Inspection):
        return "inspection"
    return "session"


def _check_concern(actor, concern: Concern | None) -> None:
    if concern is None:
        return
    from concerns.models import Concern

    if not Concern.objects.visible_to(actor).filter(pk=concern.pk).exists():
        raise refuse("concern")


def _is_public(recommendation: Recommendation) -> bool:
    return recommendation.session_id is not None and recommendation.session.is_published


def prepare_sending(recommendation: Recommendation) -> None:
    """Before a sent recommendation is validated: its authority must have existed on the day it was
    sent, and a due date left empty becomes the authority's days to answer after that day."""
    authority, sent_on = recommendation.authority, recommendation.sent_on
    if authority is None or sent_on is None:
        return
    if error := authority_not_current(authority, sent_on):
        raise ValidationError({"authority": error})
    if recommendation.due_date is None:
        recommendation.due_date = authority.due_date_from(sent_on)


def build_recommendation(
    *,
    origin: Origin,
    content: str,
    authority: Authority | None = None,
    concern: Concern | None = None,
    created_by=None,
    is_demo: bool = False,
) -> Recommendation:
    """An unsaved draft recommendation of ``origin`` (for a service to save)."""
    recommendation = Recommendation(
        content=content.strip(),
        authority=authority,
        concern=concern,
        created_by=created_by,
        is_demo=is_demo,
        status=Status.DRAFT,
    )
    setattr(recommendation, _origin_field(origin), origin)
    recommendation.take_place_from_origin()
    return recommendation


def create_recommendation(
    *,
    actor,
    origin: Origin,
    content: str,
    authority: Authority | None = None,
    concern: Concern | None = None,
    sent_on: datetime.date | None = None,
    due_date: datetime.date | None = None,
    document_number: str = "",
) -> Recommendation:
    """A recommendation of a supervision, an inspection or a monitoring session the actor may change.

    With ``sent_on`` it is recorded as sent (then the authority is required, and the due date
    defaults to the authority's days to answer); without, it is a draft to send later.
    """
    if not type(origin).objects.editable_by(actor).filter(pk=origin.pk).exists():
        raise refuse()
    _check_concern(actor, concern)
    recommendation = build_recommendation(
        origin=origin, content=content, authority=authority, concern=concern, created_by=actor
    )
    if sent_on is not None:
        recommendation.status = Status.SENT
        recommendation.sent_on = sent_on
        recommendation.due_date = due_date
        recommendation.document_number = document_number.strip()
        prepare_sending(recommendation)
    recommendation.full_clean()
    with atomic_as(actor):
        recommendation.save()
        if _is_public(recommendation):
            public_pages_changed()
    return recommendation


def _step(
    *, actor, recommendation: Recommendation, step: str, allowed, changes: dict[str, Any]
) -> Recommendation:
    """Apply ``changes`` to the locked recommendation if ``allowed(locked)``; all or nothing."""
    with atomic_as(actor):
        locked = (
            Recommendation.objects.editable_by(actor)
            .select_for_update(of=("self",))
            .select_related("session")
            .filter(pk=recommendation.pk)
            .first()
        )
        if locked is None:
            raise refuse()
        if not allowed(locked):
            raise ValidationError(forbidden_message(locked, step), code="forbidden_transition")
        for field, value in changes.items():
            setattr(locked, field, value)
        if step == "send":
            prepare_sending(locked)
        locked.full_clean()
        locked.save()
        if _is_public(locked):
            public_pages_changed()
    return locked


def send_recommendation(
    *,
    actor,
    recommendation: Recommendation,
    authority: Authority,
    sent_on: datetime.date,
    due_date: datetime.date | None = None,
    document_number: str = "",
) -> Recommendation:
    """Send a draft to ``authority``, which must reply by ``due_date`` (by default, its days to
    answer after ``sent_on``)."""
    return _step(
        actor=actor,
        recommendation=recommendation,
        step="send",
        allowed=lambda r: r.can_go_to(Status.SENT),
        changes={
            "status": Status.SENT,
            "authority": authority,
            "sent_on": sent_on,
            "due_date": due_date,
            "document_number": document_number.strip(),
        },
    )


def record_reply(
    *,
    actor,
    recommendation: Recommendation,
    reply_on: datetime.date,
    reply_text: str,
    outcome: str,
) -> Recommendation:
    """The authority's reply: accepted, partly accepted or rejected."""
    changes: dict[str, Any] = {
        "status": Status.REPLIED,
        "reply_on": reply_on,
        "reply_text": reply_text.strip(),
        "reply_outcome": outcome,
    }
    if outcome == ReplyOutcome.REJECTED:
        changes["implementation"] = Implementation.NOT_IMPLEMENTED
        changes["implementation_on"] = reply_on
    return _step(
        actor=actor,
        recommendation=recommendation,
        step="reply",
        allowed=lambda r: r.can_go_to(Status.REPLIED),
        changes=changes,
    )


def record_implementation(
    *,
    actor,
    recommendation: Recommendation,
    implementation: str,
    checked_on: datetime.date,
    note: str = "",
) -> Recommendation:
    """How far the authority has carried out a replied recommendation."""
    if implementation not in Implementation.values:
        raise ValidationError({"implementation": _("Choose the implementation status from the list.")})
    return _step(
        actor=actor,
        recommendation=recommendation,
        step="implementation",
        allowed=lambda r: r.can_record_implementation,
        changes={
            "implementation": implementation,
            "implementation_on": checked_on,
            "implementation_note": note.strip(),
        },
    )


def close_recommendation(
    *, actor, recommendation: Recommendation, closed_on: datetime.date, note: str = ""
) -> Recommendation:
    """Close a replied recommendation: implemented, or followed as far as it will go."""
    return _step(
        actor=actor,
        recommendation=recommendation,
        step="close",
        allowed=lambda r: r.can_go_to(Status.CLOSED),
        changes={"status": Status.CLOSED, "closed_on": closed_on, "close_note": note.strip()},
    )
