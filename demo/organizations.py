"""Seeding the La Gi demo data (see ``organizations_data`` for the values).

Every row is matched on a natural key (unit code; organization name + unit; term
organization + ordinal; person e-mail; position person + organization + title + start;
account username), created when missing and brought back to the demo values when it
differs, so a second run changes nothing. The structure as it was until 30/06/2025 is
written directly with the ORM; the reorganizations since are carried out through
``organizations.reorganizing`` by the demo administrator (``organizations_flow``), once.
All in one transaction with the audit log switched off: this is set-up data, not a
cadre's edit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import Q

from organizations.models import (
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Scope,
    Term,
    User,
)
from organizations.reach import rebuild_reach

from . import authorities
from .organizations_data import build_plan
from .organizations_flow import carried_out, carry_out
from .structure import PASSWORD, AccountSpec, DemoPlan, OrgSpec, TermSpec


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
    """Create or refresh the demo data; idempotent.

    The units and organizations as they were until 30/06/2025 first (open until the reorganization
    that ends them), then the reorganizations carried out by the demo administrator, then what the
    demo adds onto the units and organizations they opened: details, terms, people, positions,
    accounts.
    """
    plan = plan or build_plan()
    result = SeedResult(created={}, updated={}, plan=plan)
    syncer = _Syncer(result)
    with transaction.atomic(), disable_auditlog():
        done = carried_out(plan.reorganizations)
        units = _seed_units(plan, syncer, done)
        before = [spec for spec in plan.organizations if spec.made_by is None and spec.unit in units]
        orgs = _seed_organizations(before, syncer, units, done)
        first_terms = [spec for spec in plan.terms if spec.organization in orgs]
        terms = _seed_terms(first_terms, syncer, orgs)
        hashed = _password_hash(User.objects.filter(_accounts_of(plan)).values_list("password", flat=True))
        admin = _seed_accounts([a for a in plan.accounts if a.is_staff], result, units, orgs, {}, hashed)
        # The register of authorities before the reorganizations, which end the old bodies and open
        # the new units' (``demo.authorities``).
        created, updated = authorities.seed_before(units, done)
        result.created["authority"] = created
        result.updated["authority"] = updated
        carry_out(plan.reorganizations, actor=admin["admin"], done=done)
        authorities.link()
        units = _units_by_code(plan)
        after = [spec for spec in plan.organizations if spec.key not in orgs]
        orgs.update(
            _seed_organizations(after, syncer, units, set(done) | {r.key for r in plan.reorganizations})
        )
        terms.update(_seed_terms([spec for spec in plan.terms if spec.key not in terms], syncer, orgs))
        people = _seed_people(plan, syncer, units)
        _seed_positions(plan, syncer, orgs, terms, people)
        _seed_accounts(plan.accounts, result, units, orgs, people, hashed)
        # The units and organizations are bulk-written: what each scope covers, all at once.
        rebuild_reach()
    return result


def _accounts_of(plan: DemoPlan) -> Q:
    return Q(username__in=[account.username for account in plan.accounts])


def _open_until(
    valid_to: datetime.date | None, ends_with: str | None, done: set[str]
) -> datetime.date | None:
    """A date a reorganization sets: open (None) until that reorganization has been carried out."""
    return valid_to if ends_with is None or ends_with in done else None


def _seed_units(plan: DemoPlan, syncer: _Syncer, done: set[str]) -> dict[str, AdministrativeUnit]:
    units: dict[str, AdministrativeUnit] = {}
    codes = [spec.code for spec in plan.units]
    existing = list(AdministrativeUnit.objects.filter(code__in=codes))
    for wave in _waves(plan.units, lambda s: s.code, lambda s: (s.parent,)):
        wanted = [
            (
                spec.code,
                {
                    "code": spec.code,
                    "name": spec.name,
                    "kind": spec.kind,
                    "parent_id": units[spec.parent].pk if spec.parent else None,
                    "valid_from": spec.valid_from,
                    "valid_to": _open_until(spec.valid_to, spec.ends_with, done),
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
    return units


def _units_by_code(plan: DemoPlan) -> dict[str, AdministrativeUnit]:
    """Every unit the plan names, those the reorganizations opened included (one query)."""
    codes = {spec.code for spec in plan.units} | {spec.unit for spec in plan.organizations}
    codes |= {spec.unit_code for spec in plan.people}
    codes |= {code for account in plan.accounts for code, _access in account.unit_scopes}
    return {unit.code: unit for unit in AdministrativeUnit.objects.filter(code__in=codes)}


# The columns of an organization that a reorganization opened which the demo sets: its public details.
DETAILS = ("description", "office_address", "public_contact", "is_demo")


def _seed_organizations(
    specs: list[OrgSpec], syncer: _Syncer, units: dict[str, AdministrativeUnit], done: set[str]
) -> dict[str, Organization]:
    """The organizations of ``specs``: those a reorganization opened are found (by name and unit)
    and given their details; the others are created or brought back to the demo values."""
    orgs: dict[str, Organization] = {}
    existing = list(Organization.objects.filter(unit__in=[units[spec.unit] for spec in specs]))
    made = [spec for spec in specs if spec.made_by]
    if made:
        natural = {(spec.name, units[spec.unit].pk): spec for spec in made}
        found = {(o.name, o.unit_id) for o in existing}
        missing = [spec.name for key, spec in natural.items() if key not in found]
        if missing:
            raise RuntimeError(f"The reorganizations did not open {missing[:3]} ({len(missing)} missing).")
        wanted = [
            (key, {name: getattr(spec, name, True) for name in DETAILS}) for key, spec in natural.items()
        ]
        synced = syncer.sync(
            Organization, [o for o in existing if (o.name, o.unit_id) in natural], _natural, wanted
        )
        orgs.update({spec.key: synced[key] for key, spec in natural.items()})
    data = [spec for spec in specs if not spec.made_by]
    for wave in _waves(data, lambda s: s.key, lambda s: (s.parent,)):
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
                        "valid_to": _open_until(spec.valid_to, spec.ends_with, done),
                        "is_demo": True,
                    },
                )
            )
        synced = syncer.sync(
            Organization, [o for o in existing if (o.name, o.unit_id) in spec_by_natural], _natural, wanted
        )
        for natural, obj in synced.items():
            orgs[spec_by_natural[natural]] = obj
    return orgs


def _natural(org: Organization) -> tuple[str, int]:
    return (org.name, org.unit_id)


def _seed_terms(specs: list[TermSpec], syncer: _Syncer, orgs: dict[str, Organization]) -> dict[str, Term]:
    """The terms of ``specs``; one without an ordinal is the term a reorganization started on its start."""
    org_ids = {orgs[spec.organization].pk for spec in specs}
    existing = list(Term.objects.filter(organization_id__in=org_ids))
    started = {(term.organization_id, term.start): term.ordinal for term in existing}
    keys: dict[str, tuple[int, int]] = {}
    wanted = []
    for spec in specs:
        org_id = orgs[spec.organization].pk
        ordinal = spec.ordinal if spec.ordinal is not None else started.get((org_id, spec.start))
        if ordinal is None:
            raise RuntimeError(f"No term of {spec.organization} started on {spec.start} by a reorganization.")
        keys[spec.key] = (org_id, ordinal)
        wanted.append(
            (
                (org_id, ordinal),
                {"organization_id": org_id, "ordinal": ordinal, "start": spec.start, "end": spec.end},
            )
        )
    synced = syncer.sync(Term, existing, lambda t: (t.organization_id, t.ordinal), wanted)
    return {key: synced[natural] for key, natural in keys.items()}


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
    specs: list[AccountSpec],
    result: SeedResult,
    units: dict[str, AdministrativeUnit],
    orgs: dict[str, Organization],
    people: dict[str, Person],
    password_hash: str,
) -> dict[str, User]:
    """The accounts of ``specs`` with their scopes (run twice: the administrator first)."""
    usernames = [spec.username for spec in specs]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related("scopes")}
    created = updated = 0
    users: dict[str, User] = {}
    for spec in specs:
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
        users[spec.username] = user
    result.created["user"] = result.created.get("user", 0) + created
    result.updated["user"] = result.updated.get("user", 0) + updated
    return users


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
