"""What a resident sees of a concern with its tracking code, and nothing more; and what a voter
contact's or dialogue's public page shows of the opinions raised there: counts and the summaries
a cadre marked publishable.

Only public values are read from the database: the status, category, unit, dates, the
authority it was forwarded to and the answer. The resident's name and phone, the
confidential detail, cadres' notes, the reasons for closing and the codes of other concerns
are never loaded. Two queries whatever the length of the timeline.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms_public import looks_like_tracking_code
from .models import ANSWERED_STATUSES, OPINION_SOURCES, Concern, ConcernCategory, ConcernEvent, ConcernStatus

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


# --- the opinions of a voter contact or the questions of a dialogue, on its public page ----------


@dataclass(frozen=True)
class PublishedOpinion:
    """An opinion a cadre marked publishable: its summary and, once answered, the answer."""

    summary: str
    status: str
    answered_on_spot: bool
    answer: str

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    @property
    def forwarded(self) -> bool:
        return self.status == S.FORWARDED


@dataclass(frozen=True)
class OpinionGroup:
    """The opinions of one topic (or, without a topic, of one category), counted."""

    label: str
    count: int
    answered_on_spot: int
    forwarded: int
    answered_since: int
    published: list[PublishedOpinion] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityOpinions:
    groups: list[OpinionGroup]

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def answered_on_spot(self) -> int:
        return sum(group.answered_on_spot for group in self.groups)

    @property
    def forwarded(self) -> int:
        return sum(group.forwarded for group in self.groups)

    @property
    def answered_since(self) -> int:
        return sum(group.answered_since for group in self.groups)


def _group_key(topic: str, category: str) -> tuple[str, str]:
    return (topic, "") if topic else ("", category)


def _group_label(topic: str, category: str) -> str:
    return topic if topic else str(ConcernCategory(category).label)


def activity_opinions(activity_id: int) -> ActivityOpinions:
    """The opinions raised at a voter contact (the questions asked at a dialogue), grouped by topic,
    or by category when no topic was given: how many, how many answered on the spot, forwarded,
    and answered since; and the summaries (with their answers) a cadre marked publishable.

    Two queries whatever their number: the counts are aggregated in the database (one GROUP BY
    with conditional counts), then the publishable ones are read (only when there are some: one
    query for a meeting without opinions). No name, phone, area, detail or note is ever read. The
    caller shows it only for a published activity that has taken place.
    """
    opinions = Concern.objects.filter(activity_id=activity_id, source__in=OPINION_SOURCES).order_by()
    rows = list(
        opinions.annotate(
            group_category=Case(
                When(topic="", then=F("category")), default=Value(""), output_field=CharField()
            )
        )
        .values("topic", "group_category")
        .annotate(
            number=Count("pk"),
            on_the_spot=Count("pk", filter=Q(answered_on_spot=True)),
            forwarded=Count("pk", filter=Q(forwarded_on__isnull=False)),
            answered_since=Count("pk", filter=Q(answered_on_spot=False, status__in=ANSWERED_STATUSES)),
            publishable=Count("pk", filter=Q(publishable=True)),
        )
    )
    published: dict[tuple[str, str], list[PublishedOpinion]] = {}
    publishable = opinions.filter(publishable=True).order_by("pk")
    if not any(row["publishable"] for row in rows):
        publishable = publishable.none()
    for row in publishable.values("topic", "category", "summary", "status", "answered_on_spot", "answer"):
        answered = row["status"] in ANSWERED_STATUSES
        published.setdefault(_group_key(row["topic"], row["category"]), []).append(
            PublishedOpinion(
                summary=row["summary"],
                status=row["status"],
                answered_on_spot=row["answered_on_spot"],
                answer=row["answer"] if answered else "",
            )
        )
    groups = [
        OpinionGroup(
            label=_group_label(row["topic"], row["group_category"]),
            count=row["number"],
            answered_on_spot=row["on_the_spot"],
            forwarded=row["forwarded"],
            answered_since=row["answered_since"],
            published=published.get(_group_key(row["topic"], row["group_category"]), []),
        )
        for row in rows
    ]
    groups.sort(key=lambda group: (-group.count, group.label))
    return ActivityOpinions(groups=groups)
