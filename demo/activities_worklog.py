"""What the demo activities are built from and into: the loaded structure and the work log.

``load_structure()`` reads, once, the units, organizations, position holders and demo accounts
that ``seed_demo`` created; ``WorkLog`` collects the activities being built with their
organizers, details, cadres and commitments, and answers the questions every kind of activity
asks (which organization, which people, who records it).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass

from activities.models import Activity, Commitment
from organizations.models import (
    RESIDENTIAL_AREA_KINDS,
    AdministrativeUnit,
    Organization,
    Position,
    UnitKind,
    User,
)

from .common import CADRE_WARD_UNITS, valid_on


@dataclass
class Structure:
    units: dict[int, AdministrativeUnit]
    commune_level: list[AdministrativeUnit]
    areas_by_parent: dict[int, list[AdministrativeUnit]]
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]]
    holders_by_org: dict[int, list[tuple[int, datetime.date, datetime.date | None]]]
    accounts: dict[str, int]


def load_structure() -> Structure:
    units = {u.pk: u for u in AdministrativeUnit.objects.all()}
    commune_level = [u for u in units.values() if u.kind in (UnitKind.WARD, UnitKind.COMMUNE, UnitKind.TOWN)]
    areas_by_parent: dict[int, list[AdministrativeUnit]] = defaultdict(list)
    for unit in units.values():
        if unit.kind in RESIDENTIAL_AREA_KINDS and unit.parent_id is not None:
            areas_by_parent[unit.parent_id].append(unit)
    orgs_by_unit_kind: dict[tuple[int, str], list[Organization]] = defaultdict(list)
    org_units = dict(Organization.objects.values_list("pk", "unit_id"))
    for org in Organization.objects.order_by("pk"):
        # A branch, not one of the groups under it (groups sit in the same area as their branch).
        if org.parent_id is not None and org_units.get(org.parent_id) == org.unit_id:
            continue
        orgs_by_unit_kind[(org.unit_id, org.kind)].append(org)
    holders_by_org: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
    for person_id, org_id, start, end in Position.objects.values_list(
        "person_id", "organization_id", "start", "end"
    ):
        holders_by_org[org_id].append((person_id, start, end))
    accounts = dict(
        User.objects.filter(username__in=["cadre_area", "cadre_ward", "cadre_women"]).values_list(
            "username", "pk"
        )
    )
    return Structure(
        units,
        sorted(commune_level, key=lambda u: u.code),
        areas_by_parent,
        orgs_by_unit_kind,
        holders_by_org,
        accounts,
    )


class WorkLog:
    """The activities being built, in the order they will be created, and their links."""

    def __init__(self, rng: random.Random, structure: Structure) -> None:
        self.rng = rng
        self.s = structure
        self.activities: list[Activity] = []
        self.organizers: list[list[int]] = []
        self.details: list[object | None] = []
        self.cadres: list[list[int]] = []
        self.commitments: list[list[Commitment]] = []
        self.confidential_number = 0

    def org(self, unit: AdministrativeUnit, kind: str, on: datetime.date) -> Organization | None:
        options = [o for o in self.s.orgs_by_unit_kind.get((unit.pk, kind), []) if valid_on(o, on)]
        return options[0] if options else None

    def holders(self, org: Organization, on: datetime.date, count: int) -> list[int]:
        people = [
            p
            for p, start, end in self.s.holders_by_org.get(org.pk, [])
            if start <= on and (end is None or end >= on)
        ]
        people = sorted(set(people))
        return self.rng.sample(people, min(count, len(people)))

    def created_by(self, unit: AdministrativeUnit) -> int | None:
        if unit.code in CADRE_WARD_UNITS and self.rng.random() < 0.6:
            return self.s.accounts.get("cadre_ward")
        return self.s.accounts.get("cadre_area")
