"""What a resident sees of a concern with its tracking code, and nothing more.

Only public values are read from the database: the status, category, unit, dates, the
authority it was forwarded to and the answer. The resident's name and phone, the
confidential detail, cadres' notes, the reasons for closing and the codes of other concerns
are never loaded. Two queries whatever the length of the timeline.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms_public import looks_like_tracking_code
from .models import Concern, ConcernCategory, ConcernEvent, ConcernStatus

S = ConcernStatus

# Each status in plain words for the resident: a short label and what it means for them.
PUBLIC_STATUS = {
    S.RECEIVED: (
        _("Received"),
        _(
            "The Front has received your concern. A cadre will study it and pass it to the "
            "authority in charge, or answer it directly."
        ),
    ),
    S.FORWARDED: (
        _("Sent to the authority in charge"),
        _("The Front has sent your concern to the authority in charge and is following it until it answers."),
    ),
    S.ANSWERED: (_("Answered"), _("Your concern has been answered. The answer is below.")),
    S.INFORMED: (_("Answered"), _("Your concern has been answered and the Front has told you the answer.")),
    S.CLOSED: (_("Answered and closed"), _("Your concern has been answered and its follow-up is finished.")),
    S.DUPLICATE: (
        _("Closed: followed with another concern"),
        _(
            "The same problem had already been raised, and the Front follows it there: "
            "this concern was closed so that it is followed only once."
        ),
    ),
    S.NOT_IN_SCOPE: (
        _("Closed: not a matter for the Front"),
        _(
            "This concern is not a matter that the Front and the authorities it works with can settle. "
            "The Front committee of your ward or commune can tell you where to turn."
        ),
    ),
}

# The steps of the timeline a resident sees, and the date each one carries.
STEP_LABELS = {
    S.RECEIVED: _("Received"),
    S.FORWARDED: _("Sent to %(authority)s"),
    S.ANSWERED: _("Answered"),
    S.INFORMED: _("You were told the answer"),
    S.CLOSED: _("Closed"),
    S.DUPLICATE: _("Closed: followed with another concern"),
    S.NOT_IN_SCOPE: _("Closed: not a matter for the Front"),
}
STEP_DATE_KEYS = {
    S.RECEIVED: "received_on",
    S.FORWARDED: "forwarded_on",
    S.ANSWERED: "answered_on",
    S.INFORMED: "informed_on",
    S.CLOSED: "closed_on",
    S.DUPLICATE: "closed_on",
    S.NOT_IN_SCOPE: "closed_on",
}
# The keys of an event's data that may be shown; everything else in it stays in the database.
_PUBLIC_EVENT_KEYS = (
    "authority",
    "received_on",
    "forwarded_on",
    "due_date",
    "answered_on",
    "informed_on",
    "closed_on",
)


@dataclass(frozen=True)
class PublicStep:
    status: str
    label: str
    on: datetime.date


@dataclass(frozen=True)
class PublicConcernStatus:
    tracking_code: str
    status: str
    category: str
    unit_name: str
    received_on: datetime.date
    answer: str
    answered_on: datetime.date | None
    due_date: datetime.date | None
    steps: list[PublicStep] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(PUBLIC_STATUS[self.status][0])

    @property
    def status_explanation(self) -> str:
        return str(PUBLIC_STATUS[self.status][1])

    @property
    def category_label(self) -> str:
        return str(ConcernCategory(self.category).label)

    @property
    def is_waiting_for_answer(self) -> bool:
        return self.status == S.FORWARDED


def _date(value: str | None) -> datetime.date | None:
    if value:
        with contextlib.suppress(TypeError, ValueError):
            return datetime.date.fromisoformat(value)
    return None


def public_status(code: str) -> PublicConcernStatus | None:
    """The public view of the concern with this (normalised) tracking code, or None."""
    if not looks_like_tracking_code(code):
        return None
    concern = (
        Concern.objects.filter(tracking_code=code)
        .select_related("unit")
        .only(
            "pk",
            "tracking_code",
            "status",
            "category",
            "received_on",
            "due_date",
            "answer",
            "answered_on",
            "unit__name",
        )
        .first()
    )
    if concern is None:
        return None
    events = (
        ConcernEvent.objects.filter(concern_id=concern.pk)
        # Corrections of the facts or of the resident's consent are no step for the resident.
        .exclude(data__has_key="correction")
        .order_by("at", "pk")
        .values("to_status", "at", **{key: KT(f"data__{key}") for key in _PUBLIC_EVENT_KEYS})
    )
    steps = []
    for event in events:
        status = event["to_status"]
        if status not in STEP_LABELS:
            continue
        on = _date(event.get(STEP_DATE_KEYS[status])) or timezone.localdate(event["at"])
        label = str(STEP_LABELS[status])
        if status == S.FORWARDED:
            authority = (event["authority"] or "").strip() or str(_("the authority in charge"))
            label = label % {"authority": authority}
        steps.append(PublicStep(status=status, label=label, on=on))
    return PublicConcernStatus(
        tracking_code=concern.tracking_code,
        status=concern.status,
        category=concern.category,
        unit_name=concern.unit.name,
        received_on=concern.received_on,
        answer=concern.answer if concern.status in (S.ANSWERED, S.INFORMED, S.CLOSED) else "",
        answered_on=concern.answered_on,
        due_date=concern.due_date if concern.status == S.FORWARDED else None,
        steps=steps,
    )
