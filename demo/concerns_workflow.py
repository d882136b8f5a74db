"""The demo concerns being built and how each walks the workflow to the status it is meant to reach.

``ConcernLog`` collects the concerns in the order they will be created, each with its
events; ``add`` makes a concern (with invented confidential values for some) and walks it
from "received" towards a target status (forwarded, answered, informed, closed, or closed
as a duplicate or out of scope), stopping where a date would fall after the seeding day. A
concern is forwarded to an authority of the demo register that existed on the day
(``demo.authorities.Register``), due after its days to answer.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from activities.models import Activity
from concerns.models import (
    OPINION_SOURCES,
    TRACKING_CODE_ALPHABET,
    TRACKING_CODE_LENGTH,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernSource,
    ConcernStatus,
    InformedHow,
    PetitionType,
)
from core.formatting import unit_in_text
from organizations.models import AdministrativeUnit, Authority, AuthorityKind, Organization, User

from .authorities import Register
from .calendar import REORGANIZED, fits
from .concerns_data import (
    ANSWERED_ON_THE_SPOT_BY,
    ANSWERS,
    AUTHORITIES,
    AUTHORITIES_OF_THE_TOWN,
    DUPLICATE_REASON,
    NOT_IN_SCOPE_REASONS,
    OPINION_TOPICS,
    PETITION_CHANNEL_WEIGHTS,
    PETITION_TURN,
    PETITION_WEIGHTS,
    PUBLISHABLE_SHARE,
    REPLY_DOCUMENT,
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
        self.petition_turn = 0
        self.register = Register()

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

    def next_petition_type(self) -> str:
        # The first petitions go round every kind (one denunciation), then by weight.
        if self.petition_turn < len(PETITION_TURN):
            self.petition_turn += 1
            return PETITION_TURN[self.petition_turn - 1]
        return self.rng.choices(list(PETITION_WEIGHTS), weights=list(PETITION_WEIGHTS.values()))[0]

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
        petition_type: str = "",
    ) -> None:
        category = category or self.next_category()
        if source == ConcernSource.PETITION and not petition_type:
            petition_type = self.next_petition_type()
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
        if source in OPINION_SOURCES:
            concern.topic = OPINION_TOPICS.get(concern.summary, "")
            concern.publishable = self.rng.random() < PUBLISHABLE_SHARE
        if source == ConcernSource.PETITION:
            concern.petition_type = petition_type
            concern.petition_channel = self.rng.choices(
                list(PETITION_CHANNEL_WEIGHTS), weights=list(PETITION_CHANNEL_WEIGHTS.values())
            )[0]
        if petition_type == PetitionType.DENUNCIATION:
            # The denouncer: a name and phone the privacy tests look for (protected on every page).
            self.confidential_number += 1
            number = self.confidential_number
            concern.detail = confidential_detail(number)
            concern.resident_name = resident_name(number)
            concern.resident_phone = resident_phone(number)
            concern.resident_consent = True
        elif self.rng.random() < 0.55:
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
        for status in wanted:
            if status == S.FORWARDED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 7))
                if day > self.today:
                    return
                authority = self.authority(concern, day)
                due = authority.due_date_from(day)
                concern.authority = authority
                concern.forward_document_number = f"{self.rng.randint(10, 480)}/MTTQ-BTT (minh họa)"
                concern.forwarded_on, concern.due_date = day, due
                data = {
                    "authority_id": authority.pk,
                    "authority": authority.name,
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
                if concern.forwarded_on is None and concern.source in OPINION_SOURCES:
                    self.answer_on_the_spot(concern, data)
                elif concern.forwarded_on is not None and self.rng.random() < 0.7:
                    number = REPLY_DOCUMENT.format(number=self.rng.randint(20, 900))
                    concern.reply_document_number = data["reply_document_number"] = number
            elif status == S.INFORMED:
                day = day + datetime.timedelta(days=self.rng.randint(1, 10))
                if day > self.today:
                    return
                concern.informed_on = day
                concern.informed_how = self.informed_how(concern)
                data = {"informed_on": day.isoformat(), "informed_how": concern.informed_how}
            else:
                day = day + datetime.timedelta(days=self.rng.randint(0, 5))
                if day > self.today:
                    return
                concern.closed_on = day
                data = {"closed_on": day.isoformat()}
            self.step(spec, status, day, actor, data)

    def answer_on_the_spot(self, concern: Concern, data: dict) -> None:
        """An opinion answered at the meeting, by an office of the ward's People's Committee."""
        unit = self.units[concern.unit_id]
        concern.answered_on_spot = True
        concern.answered_by = self.rng.choice(ANSWERED_ON_THE_SPOT_BY).format(unit=unit_in_text(unit.name))
        concern.authority = self.register.of(unit, AuthorityKind.PEOPLES_COMMITTEE, concern.answered_on)
        data["answered_by"] = concern.answered_by
        if concern.authority is not None:
            data["authority_id"] = concern.authority.pk

    def informed_how(self, concern: Concern) -> str:
        if concern.source in OPINION_SOURCES:
            return self.rng.choice(
                (InformedHow.NEXT_CONTACT, InformedHow.BY_FRONT, InformedHow.PUBLIC_NOTICE)
            )
        return self.rng.choice((InformedHow.BY_FRONT, InformedHow.IN_WRITING))

    def authority(self, concern: Concern, on: datetime.date) -> Authority:
        """The body a concern of this category is forwarded to on ``on`` (see ``AUTHORITIES``)."""
        wanted = AUTHORITIES[concern.category]
        if on < REORGANIZED:
            wanted = AUTHORITIES_OF_THE_TOWN.get(concern.category, wanted)
        unit = self.units[concern.unit_id]
        if wanted in AuthorityKind.values:
            found = self.register.of(unit, wanted, on)
        else:
            found = self.register.named(wanted, on)
        found = found or self.register.of(unit, AuthorityKind.PEOPLES_COMMITTEE, on)
        if found is None:
            raise RuntimeError(f"The demo register has no authority of {unit} on {on}.")
        return found

    def step(self, spec: ConcernSpec, status: str, on: datetime.date, actor, data: dict) -> None:
        event = self.event(spec.concern, spec.concern.status, status, on, actor, data)
        # Two steps on one day keep their order in the timeline.
        event.at = max(event.at, spec.events[-1].at + datetime.timedelta(minutes=20))
        spec.events.append(event)
        spec.concern.status = status
