"""The demo concerns being built and how each walks the workflow to the status it is meant to reach.

``ConcernLog`` collects the concerns in the order they will be created, each with its
events; ``add`` makes a concern (with invented confidential values for some) and walks it
from "received" towards a target status (forwarded, answered, informed, closed, or closed
as a duplicate or out of scope), stopping where a date would fall after the seeding day.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from activities.models import Activity
from concerns.models import (
    TRACKING_CODE_ALPHABET,
    TRACKING_CODE_LENGTH,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernStatus,
)
from core.formatting import unit_in_text
from organizations.models import AdministrativeUnit, Organization, User

from .calendar import REORGANIZED, fits
from .concerns_data import (
    ANSWERS,
    AUTHORITIES,
    DUPLICATE_REASON,
    NOT_IN_SCOPE_REASONS,
    SUMMARIES,
    confidential_detail,
    resident_name,
    resident_phone,
)

C = ConcernCategory
S = ConcernStatus


@dataclass
class ConcernSpec:
    concern: Concern
    events: list[ConcernEvent] = field(default_factory=list)
    duplicate_of_index: int | None = None


class ConcernLog:
    """The demo concerns being built, with their events, in the order they will be created."""

    def __init__(
        self, rng: random.Random, units: dict[int, AdministrativeUnit], today: datetime.date
    ) -> None:
        self.rng = rng
        self.units = units
        self.today = today
        self.specs: list[ConcernSpec] = []
        self.codes: set[str] = set(Concern.objects.values_list("tracking_code", flat=True))
        self.confidential_number = 0
        self.category_turn = 0

    def code(self) -> str:
        while True:
            code = "".join(self.rng.choice(TRACKING_CODE_ALPHABET) for _i in range(TRACKING_CODE_LENGTH))
            if code not in self.codes:
                self.codes.add(code)
                return code

    def at(self, on: datetime.date, hour: int) -> datetime.datetime:
        moment = datetime.datetime.combine(on, datetime.time(hour, self.rng.randrange(0, 60)))
        return timezone.make_aware(moment)

    def next_category(self) -> str:
        # The first concerns go round every category, then by weight.
        if self.category_turn < len(C.values):
            self.category_turn += 1
            return C.values[self.category_turn - 1]
        weights = (14, 14, 22, 12, 10, 8, 6, 10, 4)
        return self.rng.choices(C.values, weights=weights)[0]

    def target_status(self, on: datetime.date) -> str:
        age = (self.today - on).days
        if age > 180:
            options = {S.CLOSED: 60, S.INFORMED: 12, S.ANSWERED: 8, S.DUPLICATE: 5, S.NOT_IN_SCOPE: 5}
            options[S.FORWARDED] = 2
        elif age > 45:
            options = {S.CLOSED: 20, S.INFORMED: 15, S.ANSWERED: 20, S.FORWARDED: 35, S.DUPLICATE: 3}
            options.update({S.NOT_IN_SCOPE: 3, S.RECEIVED: 4})
        else:
            options = {S.RECEIVED: 45, S.FORWARDED: 35, S.ANSWERED: 15, S.NOT_IN_SCOPE: 5}
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def add(
        self,
        *,
        unit: AdministrativeUnit,
        area: AdministrativeUnit | None,
        on: datetime.date,
        source: str,
        recorder: User | None,
        activity: Activity | None = None,
        organization: Organization | None = None,
        on_the_spot: bool = False,
        category: str | None = None,
        summary: str | None = None,
        target: str | None = None,
    ) -> None:
        category = category or self.next_category()
        concern = Concern(
            tracking_code=self.code(),
            source=source,
            activity=activity,
            unit=unit,
            residential_area=area,
            organization=organization,
            category=category,
            summary=summary
            or self.rng.choice(
                [text for text in SUMMARIES[category] if fits(text, on)] or SUMMARIES[C.OTHER][:1]
            ),
            received_on=on,
            received_by=recorder,
            status=S.RECEIVED,
            is_demo=True,
        )
        if self.rng.random() < 0.55:
            self.confidential_number += 1
            number = self.confidential_number
            concern.detail = confidential_detail(number)
            if self.rng.random() < 0.7:
                concern.resident_name = resident_name(number)
                concern.resident_phone = resident_phone(number)
                concern.resident_consent = True
        spec = ConcernSpec(concern)
        spec.events.append(self.event(concern, "", S.RECEIVED, on, recorder, {"received_on": on.isoformat()}))
        self.specs.append(spec)
        self.progress(spec, target or self.target_status(on), recorder, on_the_spot)

    def event(
        self,
        concern: Concern,
        from_status: str,
        to_status: str,
        on: datetime.date,
        actor,
        data: dict,
        note="",
    ) -> ConcernEvent:
        return ConcernEvent(
            concern=concern,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            at=self.at(on, self.rng.randint(7, 16)),
            note=note,
            data=data,
        )

    def progress(self, spec: ConcernSpec, target: str, actor, on_the_spot: bool) -> None:
        """Walk the workflow towards ``target``, stopping where a date would be after today."""
        concern = spec.concern
        day = concern.received_on
        if target in (S.DUPLICATE, S.NOT_IN_SCOPE):
            closed = day + datetime.timedelta(days=self.rng.randint(1, 10))
            if closed > self.today:
                return
            earlier = [
                i
                for i, other in enumerate(self.specs[:-1])
                if other.concern.unit_id == concern.unit_id and other.concern.received_on <= day
            ]
            if target == S.DUPLICATE and earlier:
                spec.duplicate_of_index = self.rng.choice(earlier[-20:])
                original = self.specs[spec.duplicate_of_index].concern
                concern.close_reason = DUPLICATE_REASON
                data = {"duplicate_of": original.tracking_code, "reason": DUPLICATE_REASON}
                self.step(spec, S.DUPLICATE, closed, actor, {**data, "closed_on": closed.isoformat()})
            else:
                reason = NOT_IN_SCOPE_REASONS[0] if closed < REORGANIZED else NOT_IN_SCOPE_REASONS[1]
                concern.close_reason = reason
                data = {"reason": reason, "closed_on": closed.isoformat()}
                self.step(spec, S.NOT_IN_SCOPE, closed, actor, data)
            concern.closed_on = closed
            return
        if target == S.RECEIVED:
            return
        order = [S.FORWARDED, S.ANSWERED, S.INFORMED, S.CLOSED]
        wanted = order[: order.index(target) + 1]
        if on_the_spot and target != S.FORWARDED:
            wanted = [s for s in wanted if s != S.FORWARDED]
        unit_name = unit_in_text(self.units[concern.unit_id].name)
        for status in wanted:
            if status == S.FORWARDED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 7))
                if day > self.today:
                    return
                due = day + datetime.timedelta(days=self.rng.choice((15, 30)))
                concern.forwarded_to = AUTHORITIES[concern.category].format(unit=unit_name)
                concern.forward_document_number = f"{self.rng.randint(10, 480)}/MTTQ-BTT (minh họa)"
                concern.forwarded_on, concern.due_date = day, due
                data = {
                    "authority": concern.forwarded_to,
                    "document_number": concern.forward_document_number,
                    "forwarded_on": day.isoformat(),
                    "due_date": due.isoformat(),
                }
            elif status == S.ANSWERED:
                if concern.forwarded_on is not None:
                    day = day + datetime.timedelta(days=self.rng.randint(5, 40))
                if day > self.today:
                    return
                answers = ANSWERS[concern.category]
                answers = (answers,) if isinstance(answers, str) else answers
                concern.answer = next((text for text in answers if fits(text, day)), answers[-1])
                concern.answered_on = day
                data = {"answer": concern.answer, "answered_on": day.isoformat()}
            elif status == S.INFORMED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 10))
                if day > self.today:
                    return
                concern.informed_on = day
                data = {"informed_on": day.isoformat()}
            else:
                day = day + datetime.timedelta(days=self.rng.randint(0, 5))
                if day > self.today:
                    return
                concern.closed_on = day
                data = {"closed_on": day.isoformat()}
            self.step(spec, status, day, actor, data)

    def step(self, spec: ConcernSpec, status: str, on: datetime.date, actor, data: dict) -> None:
        event = self.event(spec.concern, spec.concern.status, status, on, actor, data)
        # Two steps on one day keep their order in the timeline.
        event.at = max(event.at, spec.events[-1].at + datetime.timedelta(minutes=20))
        spec.events.append(event)
        spec.concern.status = status
