"""The demo plan being built, and how a unit, organization, term, person or position is added to it.

``PlanBuilder`` holds the plan and the one random source of the organizations seed (seeded
with ``SEED``), so the same plan comes out every time; the other ``organizations_*`` modules
add the rows of each part of the structure through it.
"""

from __future__ import annotations

import datetime
import random

from .people import PeopleMaker, ascii_slug
from .structure import (
    DECISION_ISSUERS,
    DEMO_NOTE,
    DESCRIPTIONS,
    NEW_START,
    OLD_END,
    SEED,
    STREETS,
    CommuneLevel,
    DemoPlan,
    OrgSpec,
    PositionSpec,
    T,
    TermSpec,
    UnitSpec,
)


class PlanBuilder:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.people_maker = PeopleMaker(self.rng)
        self.plan = DemoPlan()
        self.office_number = 100
        self.org_kinds: dict[str, str] = {}
        self.unit_specs: dict[str, UnitSpec] = {}

    def unit(self, spec: UnitSpec) -> None:
        self.plan.units.append(spec)
        self.unit_specs[spec.code] = spec

    def contact(self, org_slug: str, *, new: bool, phone: bool) -> str:
        """An office contact: the office phone and e-mail, or only an e-mail for residential-area bodies."""
        if not phone:
            return f"E-mail: {org_slug}@example.vn"
        self.office_number += 1
        area_code = "0263" if new else "0252"
        return f"Văn phòng: {area_code} 3 870 {self.office_number:03d} · {org_slug}@example.vn"

    def office(self, unit: CommuneLevel, new: bool) -> str:
        street = self.rng.choice(STREETS)
        number = self.rng.randint(1, 199)
        where = "UBND" if not new else "Trung tâm hành chính"
        return f"Trụ sở {where} {unit.label}, số {number} đường {street} (địa chỉ minh họa)"

    def org(
        self,
        key: str,
        name: str,
        kind: str,
        unit_code: str,
        *,
        new: bool,
        place: str,
        office: str,
        parent: str | None = None,
        phone: bool = True,
        dates: tuple[datetime.date | None, datetime.date | None] | None = None,
        made_by: str | None = None,
    ) -> str:
        """Add an organization; ``made_by``: the reorganization that opens it (the demo adds its details).

        An organization that closes with its unit closes with the unit's reorganization (``ends_with``).
        """
        valid_from, valid_to = dates or ((NEW_START, None) if new else (None, OLD_END))
        ends_with = None
        if made_by is None:
            unit_spec = self.unit_specs.get(unit_code)
            if unit_spec is not None and unit_spec.ends_with and unit_spec.valid_to == valid_to:
                ends_with = unit_spec.ends_with
        slug = ascii_slug(key.replace(":", " ").replace("-", " ")).replace(".", "-")
        self.plan.organizations.append(
            OrgSpec(
                key=key,
                name=name,
                kind=kind,
                unit=unit_code,
                parent=parent,
                description=DESCRIPTIONS[kind].format(place=place) + DEMO_NOTE,
                office_address=office,
                public_contact=self.contact(slug, new=new, phone=phone),
                valid_from=valid_from,
                valid_to=valid_to,
                ends_with=ends_with,
                made_by=made_by,
            )
        )
        self.org_kinds[key] = kind
        return key

    def term(self, org: str, ordinal: int | None, start: datetime.date, end: datetime.date | None) -> str:
        """A term; ``ordinal`` None for the term the reorganization that opened ``org`` started."""
        key = f"{org}#{ordinal or 'new'}"
        spec = TermSpec(key, org, ordinal, start, end)
        self.plan.terms.append(spec)
        return key

    def person(self, key: str, unit_code: str, **kwargs) -> str:
        self.plan.people.append(self.people_maker.make(key, unit_code=unit_code, **kwargs))
        return key

    def position(
        self,
        person: str,
        org: str,
        title: str,
        start: datetime.date,
        end: datetime.date | None,
        term: str | None = None,
    ) -> None:
        decision = ""
        if term and title in (T.CHAIR, T.SECRETARY):
            issuer = DECISION_ISSUERS.get(self.org_kinds[org], "MTTQ")
            decision = f"{self.rng.randint(10, 299)}/QĐ-{issuer}"
        self.plan.positions.append(PositionSpec(person, org, title, start, end, term, decision))
