"""The records of the reports bench: a work log of a million activities and 200,000 residents'
concerns over 2020–2026, written with PostgreSQL's ``COPY``.

``load(activities=…, concerns=…)`` runs on a seeded demo database (``seed_demo``) and adds, all
marked as demo data (what each row holds: ``demo.bulk_worklog``):

- **activities** on days spread evenly from 1 January 2020 to today, each in a ward or commune that
  existed on its day (the nine old ones before 1 July 2025, the three new ones after) or in one of
  its residential areas of that day, with the details record of its kind and its organizers;
- **concerns** received on days spread the same way, in a ward or commune of their day, mostly in
  one of its residential areas, followed through the workflow to an authority of their day.

The rows are valid for the models (each unit's, organization's and authority's dates, the
workflow's dates and required fields, the unique tracking codes) without a ``full_clean`` per row:
a column the loader does not fill takes its field's default, and a required field without a default
stops the load with its name. Each table is written in one transaction by ``COPY … FROM STDIN`` from
in-memory buffers; the loader chooses the ids of the activities and concerns, so that details,
organizers and duplicates point to them without reading anything back. Random but repeatable.
"""

from __future__ import annotations

import bisect
import datetime
import random
import time
from collections.abc import Callable

from django.utils import timezone

from demo.bulk import Table, analyze
from demo.bulk_worklog import START, Dated, Stretch

__all__ = ["START", "Places", "analyze", "load"]


class Places:
    """The demo's structure read once, and what existed on each day from ``START`` to ``today``."""

    def __init__(self, today: datetime.date) -> None:
        from organizations.models import (
            COMMUNE_LEVEL_KINDS,
            RESIDENTIAL_AREA_KINDS,
            AdministrativeUnit,
            Authority,
            Organization,
        )

        units = list(
            AdministrativeUnit.objects.values_list("pk", "kind", "parent_id", "valid_from", "valid_to")
        )
        self.current = dict(AdministrativeUnit.objects.values_list("pk", "current_unit_id"))
        wards = [
            Dated(pk, kind, None, *dates) for pk, kind, _up, *dates in units if kind in COMMUNE_LEVEL_KINDS
        ]
        if not wards:
            raise ValueError("no ward or commune in the database: run seed_demo first")
        self.ward_of = {ward.pk: ward.pk for ward in wards}
        areas = [
            Dated(pk, kind, up, *dates)
            for pk, kind, up, *dates in units
            if kind in RESIDENTIAL_AREA_KINDS and up in self.ward_of
        ]
        self.ward_of |= {area.pk: area.unit_id for area in areas}
        organizations = [
            Dated(*row)
            for row in Organization.objects.values_list("pk", "kind", "unit_id", "valid_from", "valid_to")
            if row[2] in self.ward_of
        ]
        authorities = [
            Dated(*row)
            for row in Authority.objects.values_list(
                "pk", "kind", "unit_id", "valid_from", "valid_to", "answer_days"
            )
        ]
        everything = [*wards, *areas, *organizations, *authorities]
        changes = {d.valid_from for d in everything if d.valid_from}
        changes |= {d.valid_to + datetime.timedelta(days=1) for d in everything if d.valid_to}
        self.changes = sorted(day for day in changes if START < day <= today)
        self.stretches = [
            self._stretch(day, wards, areas, organizations, authorities) for day in [START, *self.changes]
        ]

    def on(self, day: datetime.date) -> Stretch:
        return self.stretches[bisect.bisect_right(self.changes, day)]

    def _stretch(self, day, wards, areas, organizations, authorities) -> Stretch:
        from organizations.models import OrganizationKind as Kind

        open_wards = [ward.pk for ward in wards if ward.on(day)]
        stretch = Stretch(open_wards, {pk: [] for pk in open_wards})
        for area in areas:
            if area.on(day) and area.unit_id in stretch.areas:
                stretch.areas[area.unit_id].append(area.pk)
        for organization in organizations:
            if not organization.on(day):
                continue
            unit, ward = organization.unit_id, self.ward_of[organization.unit_id]
            if organization.kind in (Kind.FRONT_COMMITTEE, Kind.FRONT_WORKING_COMMITTEE):
                stretch.front.setdefault(unit, []).append(organization.pk)
                if organization.kind == Kind.FRONT_COMMITTEE and unit == ward:
                    stretch.committees[ward] = organization.pk
            elif organization.kind == Kind.MEDIATION_TEAM:
                stretch.teams.setdefault(ward, []).append(organization.pk)
            else:
                stretch.associations.setdefault(unit, []).append(organization.pk)
                stretch.branches.setdefault(ward, []).append(organization.pk)
        for ward in open_wards:
            here = {ward, self.current.get(ward)}
            stretch.local_authorities[ward] = [a for a in authorities if a.unit_id in here and a.on(day)]
        stretch.other_authorities = [a for a in authorities if a.unit_id not in self.ward_of and a.on(day)]
        return stretch


def load(*, activities: int, concerns: int, seed: int = 2026, today: datetime.date | None = None) -> dict:
    """Write ``activities`` activities (with their details and organizers) and ``concerns``
    concerns: the number of rows and the seconds of each table, and the whole time."""
    from bench import reports_rows

    began = time.perf_counter()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    places = Places(today)
    days = [START + datetime.timedelta(days=n) for n in range((today - START).days + 1)]
    writers: list[Callable[[], dict[str, Table]]] = []
    if activities:
        plan = reports_rows.plan(activities, places, days, rng)
        writers += [
            lambda: reports_rows.write_activities(plan, rng),
            lambda: reports_rows.write_details(plan, places, rng),
            lambda: reports_rows.write_organizers(plan, places, rng),
        ]
    if concerns:
        writers.append(lambda: reports_rows.write_concerns(concerns, places, days, rng))
    tables: dict[str, Table] = {}
    for write in writers:
        tables |= write()
    found = {name: {"rows": t.count, "seconds": round(t.seconds, 1)} for name, t in tables.items()}
    # The COPY went around the services: the figures the reports sum, from the log and the concerns.
    if activities:
        from activities.figures import rebuild_work_days

        found["work log figures of each day"] = _rebuilt(rebuild_work_days)
    if concerns:
        from concerns.figures import rebuild_concern_halves

        found["concerns' figures by half-month"] = _rebuilt(rebuild_concern_halves)
    return {"seconds": round(time.perf_counter() - began, 1), "tables": found}


def _rebuilt(rebuild: Callable[[], int]) -> dict:
    began = time.perf_counter()
    rows = rebuild()
    return {"rows": rows, "seconds": round(time.perf_counter() - began, 1)}
