"""Seeding the La Gi demo data (see ``organizations_data`` for the values).

Every row is matched on a natural key (unit code; organization name + unit; term
organization + ordinal; person e-mail; position person + organization + title + start;
account username), created when missing and brought back to the demo values when it
differs, so a second run changes nothing. Rows are written directly with the ORM in one
transaction with the audit log switched off: this is set-up data, not a cadre's edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.utils import timezone

from organizations.lineage import refresh_current_units
from organizations.models import (
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Reorganization,
    ReorganizationKind,
    ReorganizationStatus,
    Scope,
    Term,
    UnitLineage,
    User,
)

from .organizations_data import build_plan
from .structure import NEW_START, PASSWORD, AccountSpec, DemoPlan


@dataclass
class SeedResult:
    created: dict[str, int]
    updated: dict[str, int]
    plan: DemoPlan

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


class _Syncer:
    """Brings rows of one model in line with wanted values, matched on a natural key."""

    def __init__(self, result: SeedResult) -> None:
        self.result = result

    def sync(
        self,
        model: type[models.Model],
        existing: Iterable[models.Model],
        key: Callable[[models.Model], Hashable],
        wanted: list[tuple[Hashable, dict]],
    ) -> dict[Hashable, models.Model]:
        by_key: dict[Hashable, models.Model] = {}
        for obj in existing:
            by_key.setdefault(key(obj), obj)
        to_create: list[models.Model] = []
        to_update: list[models.Model] = []
        fields: set[str] = set()
        for wanted_key, values in wanted:
            obj = by_key.get(wanted_key)
            if obj is None:
                obj = model(**values)
                to_create.append(obj)
                by_key[wanted_key] = obj
                continue
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                fields.update(changed)
                to_update.append(obj)
        name = model._meta.model_name
        if to_create:
            model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
        self.result.created[name] = self.result.created.get(name, 0) + len(to_create)
        self.result.updated[name] = self.result.updated.get(name, 0) + len(to_update)
        return by_key


def _waves(items: list, key: Callable, depends: Callable) -> list[list]:
    """Split ``items`` so that every item comes after the items it refers to."""
    keys = {key(item) for item in items}
    depth: dict[Hashable, int] = {}
    by_key = {key(item): item for item in items}

    def level(k: Hashable) -> int:
        if k not in depth:
            refs = [d for d in depends(by_key[k]) if d in keys]
            depth[k] = 1 + max((level(d) for d in refs), default=-1)
        return depth[k]

    waves: dict[int, list] = {}
    for item in items:
        waves.setdefault(level(key(item)), []).append(item)
    return [waves[n] for n in sorted(waves)]


def seed_demo(plan: DemoPlan | None = None) -> SeedResult:
    """Create or refresh the demo data; idempotent."""
    plan = plan or build_plan()
    result = SeedResult(created={}, updated={}, plan=plan)
    syncer = _Syncer(result)
    with transaction.atomic(), disable_auditlog():
        units = _seed_units(plan, syncer)
        orgs = _seed_organizations(plan, syncer, units)
        terms = _seed_terms(plan, syncer, orgs)
        people = _seed_people(plan, syncer, units)
        _seed_positions(plan, syncer, orgs, terms, people)
        _seed_accounts(plan, result, units, orgs, people)
    return result


def _seed_units(plan: DemoPlan, syncer: _Syncer) -> dict[str, AdministrativeUnit]:
    units: dict[str, AdministrativeUnit] = {}
    codes = [spec.code for spec in plan.units]
    existing = list(AdministrativeUnit.objects.filter(code__in=codes))
    for wave in _waves(plan.units, lambda s: s.code, lambda s: (s.parent, s.successor)):
        wanted = [
            (
                spec.code,
                {
                    "code": spec.code,
                    "name": spec.name,
                    "kind": spec.kind,
                    "parent_id": units[spec.parent].pk if spec.parent else None,
                    "valid_from": spec.valid_from,
                    "valid_to": spec.valid_to,
                    "is_demo": spec.is_demo,
                },
            )
            for spec in wave
        ]
        wave_codes = {spec.code for spec in wave}
        synced = syncer.sync(
            AdministrativeUnit, [u for u in existing if u.code in wave_codes], lambda u: u.code, wanted
        )
        units.update(synced)
    _seed_lineage(plan, units)
    return units


def _seed_lineage(plan: DemoPlan, units: dict[str, AdministrativeUnit]) -> None:
    """The 2025 reorganization as lineage rows (one record per unit formed), if not there yet."""
    groups: dict[str, list[str]] = {}
    for spec in plan.units:
        if spec.successor:
            groups.setdefault(spec.successor, []).append(spec.code)
    recorded = set(
        UnitLineage.objects.filter(after__in=[units[c] for c in groups]).values_list("after_id", flat=True)
    )
    for after, before in groups.items():
        if units[after].pk in recorded:
            continue
        reorganization = Reorganization.objects.create(
            kind=ReorganizationKind.MERGE,
            effective_date=NEW_START,
            basis_number="1671/NQ-UBTVQH15",
            basis_date=datetime.date(2025, 6, 16),
            basis_body="Ủy ban Thường vụ Quốc hội",
            status=ReorganizationStatus.APPLIED,
            applied_at=timezone.now(),
        )
        UnitLineage.objects.bulk_create(
            UnitLineage(reorganization=reorganization, before=units[code], after=units[after])
            for code in before
        )
    refresh_current_units()


def _seed_organizations(
    plan: DemoPlan, syncer: _Syncer, units: dict[str, AdministrativeUnit]
) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    existing = list(Organization.objects.filter(unit__in=list(units.values())))
    for wave in _waves(plan.organizations, lambda s: s.key, lambda s: (s.parent,)):
        wanted = []
        spec_by_natural: dict[tuple, str] = {}
        for spec in wave:
            unit_id = units[spec.unit].pk
            spec_by_natural[(spec.name, unit_id)] = spec.key
            wanted.append(
                (
                    (spec.name, unit_id),
                    {
                        "name": spec.name,
                        "kind": spec.kind,
                        "unit_id": unit_id,
                        "parent_id": orgs[spec.parent].pk if spec.parent else None,
                        "description": spec.description,
                        "office_address": spec.office_address,
                        "public_contact": spec.public_contact,
                        "valid_from": spec.valid_from,
                        "valid_to": spec.valid_to,
                        "is_demo": True,
                    },
                )
            )
        synced = syncer.sync(
            Organization,
            [o for o in existing if (o.name, o.unit_id) in spec_by_natural],
            lambda o: (o.name, o.unit_id),
            wanted,
        )
        for natural, obj in synced.items():
            orgs[spec_by_natural[natural]] = obj
    return orgs


def _seed_terms(plan: DemoPlan, syncer: _Syncer, orgs: dict[str, Organization]) -> dict[str, Term]:
    org_ids = {org.pk for org in orgs.values()}
    wanted = [
        (
            (orgs[spec.organization].pk, spec.ordinal),
            {
                "organization_id": orgs[spec.organization].pk,
                "ordinal": spec.ordinal,
                "start": spec.start,
                "end": spec.end,
            },
        )
        for spec in plan.terms
    ]
    synced = syncer.sync(
        Term,
        Term.objects.filter(organization_id__in=org_ids),
        lambda t: (t.organization_id, t.ordinal),
        wanted,
    )
    return {spec.key: synced[(orgs[spec.organization].pk, spec.ordinal)] for spec in plan.terms}


def _seed_people(plan: DemoPlan, syncer: _Syncer, units: dict[str, AdministrativeUnit]) -> dict[str, Person]:
    emails = [spec.email for spec in plan.people]
    wanted = [
        (
            spec.email,
            {
                "full_name": spec.full_name,
                "gender": spec.gender,
                "birth_year": spec.birth_year,
                "phone": spec.phone,
                "email": spec.email,
                "unit_id": units[spec.unit_code].pk,
                "is_demo": True,
            },
        )
        for spec in plan.people
    ]
    synced = syncer.sync(Person, Person.objects.filter(email__in=emails), lambda p: p.email, wanted)
    return {spec.key: synced[spec.email] for spec in plan.people}


def _seed_positions(
    plan: DemoPlan,
    syncer: _Syncer,
    orgs: dict[str, Organization],
    terms: dict[str, Term],
    people: dict[str, Person],
) -> None:
    wanted = []
    for spec in plan.positions:
        person_id = people[spec.person].pk
        org_id = orgs[spec.organization].pk
        wanted.append(
            (
                (person_id, org_id, spec.title, spec.start),
                {
                    "person_id": person_id,
                    "organization_id": org_id,
                    "title": spec.title,
                    "start": spec.start,
                    "end": spec.end,
                    "term_id": terms[spec.term].pk if spec.term else None,
                    "decision_number": spec.decision_number,
                },
            )
        )
    person_ids = [p.pk for p in people.values()]
    syncer.sync(
        Position,
        Position.objects.filter(person_id__in=person_ids),
        lambda p: (p.person_id, p.organization_id, p.title, p.start),
        wanted,
    )


def _seed_accounts(
    plan: DemoPlan,
    result: SeedResult,
    units: dict[str, AdministrativeUnit],
    orgs: dict[str, Organization],
    people: dict[str, Person],
) -> None:
    usernames = [spec.username for spec in plan.accounts]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related("scopes")}
    password_hash = _password_hash(u.password for u in existing.values())
    created = updated = 0
    for spec in plan.accounts:
        user = existing.get(spec.username)
        if user is None:
            user = User(username=spec.username)
            created += 1
            have: dict[tuple, Scope] = {}
        else:
            have = {(s.unit_id, s.organization_id, s.access): s for s in user.scopes.all()}
        changed = _apply_account(user, spec, people, password_hash)
        if changed:
            user.save()
        wanted = {(units[code].pk, None, access) for code, access in spec.unit_scopes}
        wanted |= {(None, orgs[key].pk, access) for key, access in spec.org_scopes}
        stale = [s.pk for k, s in have.items() if k not in wanted]
        missing = [k for k in wanted if k not in have]
        if stale:
            Scope.objects.filter(pk__in=stale).delete()
        Scope.objects.bulk_create(
            Scope(user=user, unit_id=unit_id, organization_id=org_id, access=access)
            for unit_id, org_id, access in sorted(missing, key=str)
        )
        if user.pk in {u.pk for u in existing.values()} and (changed or stale or missing):
            updated += 1
    result.created["user"] = created
    result.updated["user"] = updated


def _password_hash(hashes: Iterable[str]) -> str:
    """A hash of the demo password: an existing one when it still matches (hashing is slow on purpose)."""
    for candidate in dict.fromkeys(hashes):
        if candidate and check_password(PASSWORD, candidate):
            return candidate
    return make_password(PASSWORD)


def _apply_account(user: User, spec: AccountSpec, people: dict[str, Person], password_hash: str) -> bool:
    """Set the account's fields to the demo values (the password is reset too); True if anything changed."""
    person = people[spec.person] if spec.person else None
    values = {
        "is_staff": spec.is_staff,
        "is_superuser": spec.is_staff,
        "is_active": True,
        "person_id": person.pk if person else None,
        "first_name": "",
        "last_name": "",
        "email": f"{spec.username}@example.vn",
        "password": password_hash,
    }
    if person is not None:
        # Vietnamese names put the family name first: "Nguyễn Thị Lan" → last name Nguyễn, first name Thị Lan.
        family, _space, given = person.full_name.partition(" ")
        values.update(first_name=given, last_name=family, email=person.email)
    changed = False
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    return changed
