"""The rows of a work log written in bulk (``demo.bulk``): activities with their details records
and organizers, and residents' concerns followed through the workflow. The reports bench
(``bench.reports_data``) writes them into the La Gi demo, ``grow_national`` into the national set.

The writers read the structure from a ``PlacesByDay``: what existed on each day (a ``Stretch``: the
wards and communes, their residential areas, organizations and authorities). A ward listed
several times in ``Stretch.wards`` is picked that much more often.

- **Activities** of every kind in about the proportions of a ward's work log; voter contacts,
  dialogues and comments on drafts held by the ward, the other kinds logged in one of its
  residential areas more often than at the ward itself. Internal unless the loader publishes a
  share of them. Each has the details record of its kind where the reports read one (the
  households a visit reached, the voters and opinions of a voter contact, a mediation's outcome, the
  support given, a meeting's branch...) and one or two organizers open on its day: the Front
  committee or working committee of its unit, and often an association of the unit.
- **Concerns**: the last few weeks' still waiting; the others forwarded a few days after they were
  received to an authority that existed on that day (the ward's own, its successor's after 1 July
  2025, or the province's), due after the authority's days to answer, then answered (some late, a
  few never: overdue), the resident informed and the case closed as the days pass; a few closed as
  duplicates of the ward's previous concern or as not in scope. No events are written: the reports
  do not read them.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .bulk import Table, move_sequence, next_id

START = datetime.date(2020, 1, 1)


@dataclass(frozen=True)
class Dated:
    pk: int
    kind: str
    unit_id: int | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    answer_days: int = 0

    def on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


@dataclass
class Stretch:
    """What existed during days on which no unit, organization or authority began or ended."""

    wards: list[int]
    areas: dict[int, list[int]]  # a ward's residential areas
    front: dict[int, list[int]] = field(default_factory=dict)  # a unit's Front committee or working committee
    associations: dict[int, list[int]] = field(default_factory=dict)  # a unit's associations and unions
    branches: dict[int, list[int]] = field(default_factory=dict)  # those of a ward and its areas
    teams: dict[int, list[int]] = field(default_factory=dict)  # the mediation teams of a ward's areas
    committees: dict[int, int] = field(default_factory=dict)  # a ward's Front committee
    local_authorities: dict[int, list[Dated]] = field(default_factory=dict)  # a ward's (or its successor's)
    other_authorities: list[Dated] = field(default_factory=list)  # the province's and the town's


class PlacesByDay(Protocol):
    """The structure a loader writes into, day by day."""

    current: dict[int, int | None]  # a unit → the unit it is part of today

    def on(self, day: datetime.date) -> Stretch: ...


def weighted(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=count)


def recorded_at(day: datetime.date) -> str:
    """When a row of that day was written (its ``created_at``), in Vietnam time."""
    return f"{day.isoformat()} 17:00:00+07"


MARK = "(dữ liệu đo tải)"
KIND_WEIGHTS = {
    "visit": 24,
    "meeting": 16,
    "other": 18,
    "support": 14,
    "mediation": 6,
    "draft_comments": 7,
    "voter_contact": 8,
    "dialogue": 7,
}
WARD_KINDS = frozenset({"voter_contact", "dialogue", "draft_comments"})
# Of the other kinds, the share logged in a residential area rather than at the ward.
IN_AN_AREA = 0.6
TIMED = {"meeting": "19:30:00", "voter_contact": "08:00:00", "dialogue": "14:00:00"}
DISTRICT_LEVEL_END = datetime.date(2025, 6, 30)
CONCERN_SOURCES = {
    "visit": 35,
    "public_form": 15,
    "petition": 10,
    "voter_contact": 15,
    "dialogue": 10,
    "other": 15,
}
TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Odd, so that id → id × MIX mod 2⁵⁰ is one to one: tracking codes that look random, never twice.
MIX = 0x2F0A_3C5B_9E61
ONE_DAY = datetime.timedelta(days=1)
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))


@dataclass
class Plan:
    """Each activity's kind, day, unit and ward: the tables are written from it in turn."""

    first_id: int
    kinds: list[str]
    days: list[datetime.date]
    units: list[int]
    wards: list[int]


def plan(count: int, places: PlacesByDay, days: list[datetime.date], rng: random.Random) -> Plan:
    from activities.models import Activity

    kinds = weighted(rng, KIND_WEIGHTS, count)
    on_days, units, wards = [], [], []
    for index, kind in enumerate(kinds):
        day = days[index * len(days) // count]  # evenly over the days, logged in their order
        stretch = places.on(day)
        ward = rng.choice(stretch.wards)
        unit = ward
        if kind not in WARD_KINDS and stretch.areas[ward] and rng.random() < IN_AN_AREA:
            unit = rng.choice(stretch.areas[ward])
        on_days.append(day)
        units.append(unit)
        wards.append(ward)
    return Plan(next_id(Activity), kinds, on_days, units, wards)


def published_at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """When an activity of that day was published: the next morning in Vietnam time, or now if
    that morning has not come yet."""
    morning = datetime.datetime.combine(day + ONE_DAY, datetime.time(9), tzinfo=VIETNAM)
    return min(morning, now)


def write_activities(
    plan: Plan,
    rng: random.Random,
    *,
    published: float = 0.0,
    summary: Callable[[int, str, int], str] | None = None,
) -> dict[str, Table]:
    """The activities of the plan: internal, or published for a ``published`` share of them (a
    draw per activity only then); ``summary(pk, kind, unit)`` writes their text."""
    from activities.models import Activity

    columns = "id kind date start_time unit_id place summary participants_count visibility published_at"
    table = Table(Activity, [*columns.split(), "created_at", "updated_at", "is_demo"])
    now = datetime.datetime.now(tz=VIETNAM)
    with table.writing():
        for index, kind in enumerate(plan.kinds):
            pk, day, at = plan.first_id + index, plan.days[index], recorded_at(plan.days[index])
            unit, attended = plan.units[index], rng.randint(5, 120)
            text = summary(pk, kind, unit) if summary else f"Hoạt động số {pk} {MARK}"
            public = published > 0 and rng.random() < published
            table.add(
                pk,
                kind,
                day,
                TIMED.get(kind),
                unit,
                "Nhà văn hóa",
                text,
                attended,
                "published" if public else "internal",
                published_at(day, now) if public else None,
                at,
                at,
                True,
            )
    move_sequence(Activity)
    return {"activities": table}


def _details_tables() -> dict[str, Table]:
    from activities import models as a

    def table(model, columns: str) -> Table:
        return Table(model, ["activity_id", *columns.split()])

    return {
        "visit": table(a.VisitDetails, "residential_area_id households_visited other_cadres"),
        "meeting": table(a.MeetingDetails, "organization_id attendance is_training topic"),
        "voter_contact": table(a.VoterContactDetails, "level timing session voters_attending opinions_count"),
        "dialogue": table(a.DialogueDetails, "leaders_present topics"),
        "mediation": table(
            a.MediationDetails, "mediation_team_id dispute_type parties_count parties sessions outcome"
        ),
        "draft_comments": table(a.DraftCommentDetails, "document_title drafting_body opinions_gathered"),
        "support": table(a.SupportDetails, "support_type recipients value_vnd"),
    }


def _details(kind: str, day: datetime.date, unit: int, ward: int, stretch: Stretch, rng: random.Random):
    """The details of one activity (after its id), or None when it has none to write."""
    if kind == "visit":
        area = unit if unit != ward else rng.choice(stretch.areas[ward] or [None])
        return None if area is None else (area, rng.randint(1, 12), "Cán bộ khu dân cư")
    if kind == "meeting":
        choices = stretch.associations.get(unit) or stretch.branches.get(ward) or stretch.front.get(unit)
        if not choices:
            return None
        return (rng.choice(choices), rng.randint(8, 60), rng.random() < 0.2, f"Sinh hoạt chi hội {MARK}")
    if kind == "voter_contact":
        levels = ["national_assembly", "provincial_council", "commune_council"]
        if day <= DISTRICT_LEVEL_END:
            levels.append("district_council")
        timing, session = rng.choice(("before", "after")), f"Kỳ họp thường lệ năm {day.year}"
        return (rng.choice(levels), timing, session, rng.randint(40, 250), rng.randint(0, 25))
    if kind == "dialogue":
        return ("Chủ tịch UBND, Chủ tịch Ủy ban MTTQ", f"Đối thoại về dân sinh {MARK}")
    if kind == "mediation":
        teams = stretch.teams.get(ward)
        if not teams:
            return None
        outcomes = ("successful", "unsuccessful", "pending", "referred")
        outcome = rng.choices(outcomes, weights=(70, 12, 10, 8))[0]
        sessions = rng.randint(0, 1) if outcome == "pending" else rng.randint(1, 4)
        dispute = rng.choice(("land", "family", "neighbours", "civil", "other"))
        return (rng.choice(teams), dispute, 2, f"Hai bên {MARK}", sessions, outcome)
    if kind == "draft_comments":
        return (f"Dự thảo văn bản năm {day.year}", "Ủy ban nhân dân", rng.randint(3, 60))
    if kind == "support":
        support = rng.choice(("disaster_relief", "tet_gifts", "scholarships", "fund_for_the_poor", "other"))
        recipients = rng.randint(1, 40)
        return (support, recipients, recipients * rng.randrange(200_000, 2_000_001, 50_000))
    return None


def write_details(plan: Plan, places: PlacesByDay, rng: random.Random) -> dict[str, Table]:
    """Every kind's details, each table in its transaction (the rows are made in one pass first)."""
    tables = _details_tables()
    rows: dict[str, list[tuple]] = {kind: [] for kind in tables}
    for index, kind in enumerate(plan.kinds):
        if kind in tables:
            day = plan.days[index]
            found = _details(kind, day, plan.units[index], plan.wards[index], places.on(day), rng)
            if found is not None:
                rows[kind].append((plan.first_id + index, *found))
    for kind, table in tables.items():
        with table.writing():
            for row in rows[kind]:
                table.add(*row)
    return {f"{kind} details": table for kind, table in tables.items()}


def write_organizers(plan: Plan, places: PlacesByDay, rng: random.Random) -> dict[str, Table]:
    from activities.models import Activity

    table = Table(Activity.organizations.through, ["activity_id", "organization_id"])
    with table.writing():
        for index, unit in enumerate(plan.units):
            stretch, ward = places.on(plan.days[index]), plan.wards[index]
            chosen = []
            front = stretch.front.get(unit) or stretch.front.get(ward)
            if front:
                chosen.append(rng.choice(front))
            associations = stretch.associations.get(unit)
            if associations and (not chosen or rng.random() < 0.4):
                chosen.append(rng.choice(associations))
            if not chosen and ward in stretch.committees:
                chosen.append(stretch.committees[ward])
            for organization in chosen:
                table.add(plan.first_id + index, organization)
    return {"organizers": table}


def _tracking_code(pk: int, taken: set[str]) -> str:
    mixed = pk
    while True:
        mixed = (mixed * MIX) % (1 << 50)
        code = "".join(TRACKING_ALPHABET[(mixed >> (5 * k)) & 31] for k in range(10))
        if code not in taken:
            return code


@dataclass
class Flow:
    """A concern's way through the workflow, by its dates."""

    received: datetime.date
    status: str = "received"
    authority: int | None = None
    forwarded_on: datetime.date | None = None
    due_date: datetime.date | None = None
    answered_on: datetime.date | None = None
    informed_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    duplicate_of: int | None = None

    @property
    def last_day(self) -> datetime.date:
        days = (self.received, self.forwarded_on, self.answered_on, self.informed_on, self.closed_on)
        return max(day for day in days if day)

    def close(self, status: str, on: datetime.date) -> None:
        self.status, self.closed_on = status, on

    def forward(self, places: PlacesByDay, ward: int, rng: random.Random, today: datetime.date) -> None:
        """Forwarded to an authority of its day; answered, the resident informed, closed, as the
        days allow (a few are never answered: they are overdue)."""
        age = (today - self.received).days
        forwarded = self.received + ONE_DAY * rng.randint(1, min(7, age))
        there = places.on(forwarded)
        local = there.local_authorities.get(ward) or there.local_authorities.get(places.current.get(ward), [])
        authority = rng.choice(local if local and rng.random() < 0.7 else there.other_authorities or local)
        self.status, self.authority, self.forwarded_on = "forwarded", authority.pk, forwarded
        self.due_date = forwarded + ONE_DAY * authority.answer_days
        answered = forwarded + ONE_DAY * rng.randint(2, authority.answer_days + 20)
        if answered > today or rng.random() < (0.03 if age > 365 else 0.1):
            return
        self.status, self.answered_on = "answered", answered
        informed = answered + ONE_DAY * rng.randint(1, 14)
        if informed > today or rng.random() > 0.92:
            return
        self.status, self.informed_on = "informed", informed
        closed = informed + ONE_DAY * rng.randint(0, 20)
        if closed <= today and rng.random() < 0.85:
            self.status, self.closed_on = "closed", closed


def _flow(received: datetime.date, ward: int, previous: int | None, places: PlacesByDay, rng, today) -> Flow:
    flow = Flow(received=received)
    roll, age = rng.random(), (today - received).days
    if roll < 0.03 and previous is not None:
        flow.close("duplicate", received + ONE_DAY * rng.randint(0, min(5, age)))
        flow.duplicate_of = previous
    elif roll < 0.06:
        flow.close("not_in_scope", received + ONE_DAY * rng.randint(0, min(7, age)))
    elif age >= 3 and not (age < 15 and rng.random() < 0.5):
        flow.forward(places, ward, rng, today)
    return flow


def write_concerns(
    count: int, places: PlacesByDay, days: list[datetime.date], rng: random.Random
) -> dict[str, Table]:
    from concerns.models import Concern, ConcernCategory, PetitionChannel, PetitionType

    columns = (
        "id tracking_code source unit_id residential_area_id organization_id category summary received_on "
        "status petition_type petition_channel authority_id forward_document_number forwarded_on due_date "
        "answer answered_on reply_document_number informed_on informed_how closed_on duplicate_of_id "
        "close_reason created_at updated_at is_demo"
    )
    table = Table(Concern, columns.split())
    today, first_id = days[-1], next_id(Concern)
    taken = set(Concern.objects.values_list("tracking_code", flat=True))
    last_in_ward: dict[int, int] = {}
    with table.writing():
        for index, source in enumerate(weighted(rng, CONCERN_SOURCES, count)):
            pk, received = first_id + index, days[index * len(days) // count]
            stretch = places.on(received)
            ward = rng.choice(stretch.wards)
            area = rng.choice(stretch.areas[ward]) if stretch.areas[ward] and rng.random() < 0.8 else None
            organization = stretch.committees.get(ward) if rng.random() < 0.5 else None
            flow = _flow(received, ward, last_in_ward.get(ward), places, rng, today)
            last_in_ward[ward] = pk
            petition = source == "petition"
            closed_early = flow.status in ("duplicate", "not_in_scope")
            table.add(
                pk,
                _tracking_code(pk, taken),
                source,
                ward,
                area,
                organization,
                rng.choice(ConcernCategory.values),
                f"Ý kiến, kiến nghị số {pk} {MARK}",
                received,
                flow.status,
                rng.choice(PetitionType.values) if petition else "",
                rng.choice(PetitionChannel.values) if petition else "",
                flow.authority,
                f"{pk}/MTTQ" if flow.forwarded_on else "",
                flow.forwarded_on,
                flow.due_date,
                f"Đã trả lời {MARK}" if flow.answered_on else "",
                flow.answered_on,
                f"{pk}/UBND" if flow.answered_on else "",
                flow.informed_on,
                rng.choice(("next_contact", "by_front", "in_writing")) if flow.informed_on else "",
                flow.closed_on,
                flow.duplicate_of,
                f"Đóng hồ sơ {MARK}" if closed_early else "",
                recorded_at(received),
                recorded_at(flow.last_day),
                True,
            )
    move_sequence(Concern)
    return {"concerns": table}
