"""Demo concerns for the La Gi structure (2020 to today), invented and marked as demo data.

``seed(rng)`` is called by ``seed_demo`` after the units, organizations, people and the demo
activities exist. Concerns raised at a demo visit, voter contact or dialogue point to it;
the others come from petitions (of every kind, one denunciation), the public form, phone
calls. A voter contact has two to four opinions (never more than its minutes count), a dialogue
two to four questions, grouped by topic, some answered on the spot, some marked publishable.
Before 1 July 2025 they are in the old wards and communes, later in the three new units. Most
old ones are answered and closed, some are overdue, recent ones are still open, and khu phố 2
of Phường Phước Hội has a pile of unanswered drainage concerns so that the hot-spot warning
shows.

The confidential values (residents' names and phones, confidential details) are invented,
carry markers that appear in no other demo text (``CONFIDENTIAL_MARKERS``), and are listed
exactly by ``confidential_demo_values()`` for privacy tests.

The values are in ``concerns_data`` and how a concern walks the workflow is in
``concerns_workflow``; this module decides which concerns are raised, where and when, and
writes them.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.db import transaction
from django.utils import timezone

from activities.models import Activity, ActivityKind
from concerns.figures import rebuild_concern_halves
from concerns.models import Concern, ConcernEvent, ConcernSource, ConcernStatus, PetitionType
from organizations.models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    UnitKind,
    User,
)

from .common import CADRE_WARD_UNITS, START, valid_on
from .concerns_data import (
    ACTIVITY_SOURCES,
    CONFIDENTIAL_MARKERS,
    DETAIL_MARKER,
    HOTSPOT_AREA_CODE,
    HOTSPOT_CATEGORY,
    HOTSPOT_SUMMARIES,
    NAME_MARKER,
    ON_THE_SPOT_SHARE,
    OPINIONS_PER_MEETING,
    PER_MONTH,
    PHONE_PREFIX,
    VISIT_SHARE,
    confidential_demo_values,
    resident_phone,
)
from .concerns_workflow import ConcernLog

__all__ = [
    "CONFIDENTIAL_MARKERS",
    "DETAIL_MARKER",
    "HOTSPOT_AREA_CODE",
    "HOTSPOT_CATEGORY",
    "NAME_MARKER",
    "PHONE_PREFIX",
    "confidential_demo_values",
    "resident_phone",
    "seed",
]

S = ConcernStatus


@dataclass
class Structure:
    units: dict[int, AdministrativeUnit]
    commune_level: list[AdministrativeUnit]
    areas_by_parent: dict[int, list[AdministrativeUnit]]
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]]
    accounts: dict[str, User]
    activities: list[Activity]

    @property
    def accounts_by_pk(self) -> dict[int, User]:
        return {user.pk: user for user in self.accounts.values()}


def load_structure() -> Structure:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    commune_level = sorted(
        (u for u in units.values() if u.kind in (UnitKind.WARD, UnitKind.COMMUNE)),
        key=lambda u: u.code,
    )
    areas_by_parent: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in sorted(units.values(), key=lambda u: u.code):
        if unit.kind in RESIDENTIAL_AREA_KINDS and unit.parent_id is not None:
            areas_by_parent[unit.parent_id].append(unit)
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]] = defaultdict(list)
    for org in Organization.objects.order_by("pk"):
        orgs_by_unit_kind[(org.unit_id, org.kind)].append(org)
    accounts = {
        u.username: u for u in User.objects.filter(username__in=["cadre_area", "cadre_ward", "cadre_women"])
    }
    activities = list(
        # Concerns are raised at activities that took place, not at the coming ones.
        Activity.objects.filter(is_demo=True, kind__in=list(ACTIVITY_SOURCES), date__lte=timezone.localdate())
        .select_related("visit_details", "voter_contact_details")
        .order_by("date", "pk")
    )
    return Structure(units, commune_level, areas_by_parent, orgs_by_unit_kind, accounts, activities)


class _Builder(ConcernLog):
    """Raises concerns at the demo activities, month by month, and at the hot spot."""

    def __init__(self, rng: random.Random, structure: Structure, today: datetime.date) -> None:
        super().__init__(rng, structure.units, today)
        self.s = structure
        self.accounts_by_pk = structure.accounts_by_pk

    def org(self, unit: AdministrativeUnit, kind: str, on: datetime.date) -> Organization | None:
        options = [o for o in self.s.orgs_by_unit_kind.get((unit.pk, kind), []) if valid_on(o, on)]
        return options[0] if options else None

    def recorder(self, unit: AdministrativeUnit) -> User | None:
        if unit.code in CADRE_WARD_UNITS and self.rng.random() < 0.6:
            return self.s.accounts.get("cadre_ward")
        return self.s.accounts.get("cadre_area")

    # -- building
    def build(self) -> None:
        for activity in self.s.activities:
            if activity.kind == ActivityKind.VISIT:
                if self.rng.random() < VISIT_SHARE:
                    self.from_activity(activity)
            else:
                self.opinions_of(activity)
        month = START
        while month <= self.today:
            for _ in range(self.rng.randint(*PER_MONTH)):
                day = month.replace(day=self.rng.randint(1, 28))
                if day <= self.today:
                    self.standalone(day)
            month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        self.hotspot()

    def from_activity(self, activity: Activity) -> None:
        unit = self.s.units[activity.unit_id]
        details = getattr(activity, "visit_details", None) if activity.kind == ActivityKind.VISIT else None
        area = self.s.units.get(details.residential_area_id) if details is not None else None
        recorder = self.accounts_by_pk.get(activity.created_by_id) if activity.created_by_id else None
        self.add(
            unit=unit,
            area=area,
            on=activity.date,
            source=ACTIVITY_SOURCES[activity.kind],
            activity=activity,
            recorder=recorder or self.recorder(unit),
            on_the_spot=activity.kind != ActivityKind.VISIT and self.rng.random() < ON_THE_SPOT_SHARE,
        )

    def opinions_of(self, activity: Activity) -> None:
        """The opinions raised at a voter contact (no more than its minutes count), the questions
        asked at a dialogue: some answered on the spot, the others forwarded and followed."""
        number = self.rng.randint(*OPINIONS_PER_MEETING)
        details = getattr(activity, "voter_contact_details", None)
        if details is not None:
            number = min(number, details.opinions_count)
        for _i in range(number):
            self.from_activity(activity)

    def standalone(self, on: datetime.date) -> None:
        units = [u for u in self.s.commune_level if valid_on(u, on)]
        if not units:
            return
        unit = self.rng.choice(units)
        areas = [a for a in self.s.areas_by_parent.get(unit.pk, []) if valid_on(a, on)]
        area = self.rng.choice(areas) if areas and self.rng.random() < 0.8 else None
        source = self.rng.choices(
            (ConcernSource.PETITION, ConcernSource.PUBLIC_FORM, ConcernSource.OTHER), weights=(5, 2, 3)
        )[0]
        organization = None
        if self.rng.random() < 0.3:
            kind = self.rng.choice(
                (
                    OrganizationKind.WOMENS_UNION,
                    OrganizationKind.FARMERS_ASSOCIATION,
                    OrganizationKind.VETERANS_ASSOCIATION,
                    OrganizationKind.YOUTH_UNION,
                )
            )
            organization = self.org(unit, kind, on)
        self.add(
            unit=unit,
            area=area,
            on=on,
            source=source,
            organization=organization,
            recorder=self.recorder(unit),
        )

    def hotspot(self) -> None:
        """Six unanswered drainage concerns in one area within the last two months."""
        area = next((u for u in self.s.units.values() if u.code == HOTSPOT_AREA_CODE), None)
        if area is None or area.parent_id is None:
            return
        unit = self.s.units[area.parent_id]
        for index, summary in enumerate(HOTSPOT_SUMMARIES):
            on = self.today - datetime.timedelta(days=8 + index * 9)
            self.add(
                unit=unit,
                area=area,
                on=on,
                source=ConcernSource.VISIT if index % 2 else ConcernSource.PETITION,
                petition_type="" if index % 2 else PetitionType.RECOMMENDATION,
                recorder=self.s.accounts.get("cadre_ward"),
                category=HOTSPOT_CATEGORY,
                summary=summary,
                target=S.FORWARDED if index >= 3 else S.RECEIVED,
            )


def seed(rng: random.Random) -> int:
    """Create the demo concerns; do nothing if demo concerns exist. Returns how many were made."""
    if Concern.objects.filter(is_demo=True).exists():
        return 0
    builder = _Builder(rng, load_structure(), timezone.localdate())
    builder.build()
    specs = builder.specs
    with transaction.atomic(), disable_auditlog():
        created = Concern.objects.bulk_create([spec.concern for spec in specs], batch_size=500)
        duplicates = []
        for spec in specs:
            if spec.duplicate_of_index is not None:
                spec.concern.duplicate_of = specs[spec.duplicate_of_index].concern
                duplicates.append(spec.concern)
        Concern.objects.bulk_update(duplicates, ["duplicate_of"], batch_size=500)
        events = []
        for spec in specs:
            for event in spec.events:
                event.concern = spec.concern
                events.append(event)
        ConcernEvent.objects.bulk_create(events, batch_size=1000)
        # Bulk-created around the services: the reports' figures by half-month, from the concerns.
        rebuild_concern_halves()
    return len(created)
