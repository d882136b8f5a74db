"""Demo activities for the La Gi structure (2020 to today), invented and marked as demo data.

``seed(rng)`` is called by ``seed_demo`` after the units, organizations and people exist.
Activities before 1 July 2025 are logged in the old wards and communes of thị xã La Gi,
later ones in the three new units. Confidential values (mediation parties, beneficiaries,
internal notes) carry markers that appear nowhere else, so privacy tests can search every
public page for ``CONFIDENTIAL_MARKERS`` / ``confidential_demo_values()``.

The values are in ``activities_data``, the structure the activities draw on and the work log
they are collected in are in ``activities_worklog``, and what each kind of activity looks like
is in ``activities_kinds``; this module decides when and where activities take place, and
writes them.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from activities.figures import rebuild_work_days
from activities.models import (
    Activity,
    ActivityKind,
    Commitment,
    Visibility,
    VisitDetails,
)
from organizations.models import OrganizationKind, UnitKind

from .activities_commitments import follow_up
from .activities_data import (
    BENEFICIARIES_MARKER,
    CONFIDENTIAL_MARKERS,
    DRAFTS,
    INTERNAL_NOTES_MARKER,
    KIND_WEIGHTS,
    PARTIES_MARKER,
    PER_MONTH,
    TET_GIFTS,
    UPCOMING,
    WOMENS_BRANCH_TOPIC,
    confidential_demo_values,
    internal_note,
)
from .activities_kinds import BY_KIND, draft_comments_on, great_unity_day, meeting_of, support_of
from .activities_worklog import WorkLog, load_structure
from .common import MERGER, START, valid_on

__all__ = [
    "BENEFICIARIES_MARKER",
    "CONFIDENTIAL_MARKERS",
    "INTERNAL_NOTES_MARKER",
    "PARTIES_MARKER",
    "confidential_demo_values",
    "seed",
]

K = OrganizationKind


class _Builder(WorkLog):
    """Spreads the activities over the months since 2020, then adds the fixed scenarios."""

    def build(self, today: datetime.date) -> None:
        month = START
        while month <= today:
            for _ in range(self.rng.randint(*PER_MONTH)):
                day = month.replace(day=self.rng.randint(1, 28))
                if day <= today:
                    self.one(day)
            month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        self.calendar_events(today)
        self.womens_union_meetings(today)
        self.upcoming(today)

    def calendar_events(self, today: datetime.date) -> None:
        """What every ward and commune does at its time of the year, and the drafts put to the people.

        Tết gifts in January, the Great Unity Day in its residential areas in mid-November, the
        comments on the draft Land Law (February 2023) and on the amendment of the Constitution
        (May 2025): each falls in its window of ``demo.calendar``.
        """
        for year in range(START.year, today.year + 1):
            for on, build in (
                (datetime.date(year, 1, 12), self.tet_gifts),
                (datetime.date(year, 11, 14), self.great_unity_days),
            ):
                for unit in self.units_on(on):
                    day = on + datetime.timedelta(days=self.rng.randint(-5, 4))
                    if day <= today:
                        build(unit, day)
        for on, draft in ((datetime.date(2023, 2, 15), DRAFTS[1]), (datetime.date(2025, 5, 20), DRAFTS[0])):
            for unit in self.units_on(on):
                front = self.org(unit, K.FRONT_COMMITTEE, on)
                day = on + datetime.timedelta(days=self.rng.randint(-7, 7))
                if front is not None and day <= today:
                    self.add(draft_comments_on(self, draft, front=front, on=day), unit, day)

    def units_on(self, on: datetime.date) -> list:
        return [u for u in self.s.commune_level if valid_on(u, on) and u.kind != UnitKind.TOWN]

    def tet_gifts(self, unit, on: datetime.date) -> None:
        front = self.org(unit, K.FRONT_COMMITTEE, on)
        if front is not None:
            self.add(support_of(self, TET_GIFTS, unit=unit, front=front), unit, on)

    def great_unity_days(self, unit, on: datetime.date) -> None:
        """The Great Unity Day in two residential areas of the unit (the others are not all logged)."""
        front = self.org(unit, K.FRONT_COMMITTEE, on)
        areas = [a for a in self.s.areas_by_parent.get(unit.pk, []) if valid_on(a, on)]
        if front is None:
            return
        for area in self.rng.sample(areas, min(2, len(areas))):
            built = great_unity_day(self, unit=unit, area=area, front=front, on=on)
            if built is not None:
                self.add(built, unit, on, publish=self.rng.random() < 0.7)

    def upcoming(self, today: datetime.date) -> None:
        """A few published dialogues, voter contacts and meetings in the coming weeks (calendar, home)."""
        for days, kind in UPCOMING:
            self.one(today + datetime.timedelta(days=days), kind=kind, publish=True)

    def one(self, on: datetime.date, *, kind: str | None = None, publish: bool | None = None) -> None:
        unit = self.rng.choice(self.units_on(on))
        if kind is None:
            kinds, weights = zip(*KIND_WEIGHTS.items(), strict=True)
            kind = self.rng.choices(kinds, weights=weights)[0]
        front = self.org(unit, K.FRONT_COMMITTEE, on)
        if front is None:
            return
        areas = [a for a in self.s.areas_by_parent.get(unit.pk, []) if valid_on(a, on)]
        area = self.rng.choice(areas) if areas else None
        built = BY_KIND[kind](self, unit=unit, area=area, front=front, on=on)
        if built is not None:
            self.add(built, unit, on, kind=kind, publish=publish)

    def add(
        self, built, unit, on: datetime.date, *, kind: str | None = None, publish: bool | None = None
    ) -> None:
        """Log a built activity of ``unit`` on ``on`` (its kind from its details when not given)."""
        activity, organizers, details, cadres, commitments = built
        activity.kind = kind or (details.kind if details is not None else ActivityKind.OTHER)
        activity.date = on
        activity.is_demo = True
        if activity.unit_id is None:
            activity.unit = unit
        if self.rng.random() < 0.3:
            self.confidential_number += 1
            activity.internal_notes = internal_note(self.confidential_number)
        if publish if publish is not None else self.rng.random() < 0.45:
            activity.visibility = Visibility.PUBLISHED
            moment = datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time(9, 0))
            activity.published_at = min(timezone.make_aware(moment), timezone.now())
        activity.created_by_id = self.created_by(unit)
        self.activities.append(activity)
        self.organizers.append([o.pk for o in organizers])
        self.details.append(details)
        self.cadres.append(cadres)
        self.commitments.append(commitments)

    def womens_union_meetings(self, today: datetime.date) -> None:
        """Branch meetings of the Women's Union of Phường La Gi, logged by its chair's account."""
        ward = next((u for u in self.s.commune_level if u.code == "LD-PLAGI"), None)
        if ward is None:
            return
        on = MERGER + datetime.timedelta(days=20)
        for area in self.s.areas_by_parent.get(ward.pk, [])[:6]:
            if on > today:
                break
            branch = self.org(area, K.WOMENS_UNION, on)
            if branch is None:
                continue
            activity, organizers, details, cadres, commitments = meeting_of(
                self, branch, WOMENS_BRANCH_TOPIC, on, area=area, attendance=self.rng.randint(15, 40)
            )
            activity.kind = ActivityKind.MEETING
            activity.date = on
            activity.start_time = datetime.time(19, 0)
            activity.unit = ward
            activity.is_demo = True
            activity.created_by_id = self.s.accounts.get("cadre_women")
            self.activities.append(activity)
            self.organizers.append([o.pk for o in organizers])
            self.details.append(details)
            self.cadres.append(cadres)
            self.commitments.append(commitments)
            on += datetime.timedelta(days=17)


@transaction.atomic
def seed(rng: random.Random) -> int:
    """Create the demo activities; do nothing if any activity exists. Returns how many were made."""
    if Activity.objects.exists():
        return 0
    builder = _Builder(rng, load_structure())
    today = timezone.localdate()
    builder.build(today)
    created = Activity.objects.bulk_create(builder.activities)
    through = Activity.organizations.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, organization_id=o)
            for a, orgs in zip(created, builder.organizers, strict=True)
            for o in orgs
        ]
    )
    by_model: dict[type, list] = defaultdict(list)
    for activity, details in zip(created, builder.details, strict=True):
        if details is not None:
            details.activity = activity
            by_model[type(details)].append(details)
    for model, rows in by_model.items():
        model.objects.bulk_create(rows)
    cadres_through = VisitDetails.cadres.through
    cadres_through.objects.bulk_create(
        [
            cadres_through(visitdetails_id=a.pk, person_id=p)
            for a, people in zip(created, builder.cadres, strict=True)
            for p in people
        ]
    )
    made = [
        (activity, row) for activity, rows in zip(created, builder.commitments, strict=True) for row in rows
    ]
    Commitment.objects.bulk_create(follow_up(made, today, random.Random(2031)))
    rebuild_work_days()
    return len(created)
