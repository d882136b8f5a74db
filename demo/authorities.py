"""The demo register of authorities: written with the units, before the reorganizations are carried
out, so that ``organizations.reorganizing`` ends the old bodies on 30/06/2025 and opens the new
units' People's Committees, councils and police itself, linked to the old ones (``replaced_by``).

``seed_before`` writes the bodies of ``authorities_data`` (created when missing, brought back to the
demo values otherwise, except the end date and successor a reorganization set); ``link`` sets the
successors the demo names itself, once the reorganizations are done. Both change nothing when run
again.

The work seeds find the body to send to with ``authority_of(unit, kind, on)`` (one query), or,
for many look-ups, with a ``Register`` (one query, then none): the body of that kind of the unit
on that day; the body of a unit that had ended by then hands over to its successor (an opinion
raised in an old ward on 28/06/2025 and forwarded on 03/07/2025 goes to the new ward's People's
Committee).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Authority

from .authorities_data import AuthoritySpec, authority_specs
from .common import valid_on

__all__ = ["Register", "authority_of", "link", "seed_before"]


def seed_before(units: dict[str, AdministrativeUnit], done: set[str]) -> tuple[int, int]:
    """Create or refresh the demo authorities; returns how many were created and updated."""
    specs = [spec for spec in authority_specs() if spec.unit in units]
    existing = {
        (a.name, a.unit_id, a.valid_from): a for a in Authority.objects.filter(unit__in=list(units.values()))
    }
    created: list[Authority] = []
    updated: list[Authority] = []
    fields: set[str] = set()
    for spec in specs:
        unit = units[spec.unit]
        values = {
            "kind": spec.kind,
            "answer_days": spec.answer_days,
            "is_demo": True,
        }
        if spec.ends_with is None or spec.ends_with not in done:
            # Open until the reorganization that ends it has been carried out (it then sets the date).
            values["valid_to"] = spec.valid_to if spec.ends_with is None else None
        row = existing.get((spec.name, unit.pk, spec.valid_from))
        if row is None:
            created.append(Authority(name=spec.name, unit=unit, valid_from=spec.valid_from, **values))
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            fields.update(changed)
            updated.append(row)
    Authority.objects.bulk_create(created)
    if updated:
        Authority.objects.bulk_update(updated, sorted(fields))
    return len(created), len(updated)


def link() -> None:
    """The successors the demo names (a department that became another, the town's project board):
    the reorganizations link the others."""
    specs: list[AuthoritySpec] = [spec for spec in authority_specs() if spec.replaced_by]
    names = {spec.name for spec in specs} | {spec.replaced_by for spec in specs}
    rows = defaultdict(list)
    for authority in Authority.objects.filter(name__in=names, is_demo=True).order_by("valid_from", "pk"):
        rows[authority.name].append(authority)
    changed = []
    for spec in specs:
        if not rows.get(spec.name) or not rows.get(spec.replaced_by):
            continue
        old, new = rows[spec.name][0], rows[spec.replaced_by][-1]
        if old.replaced_by_id != new.pk:
            old.replaced_by = new
            changed.append(old)
    Authority.objects.bulk_update(changed, ["replaced_by"])


class Register:
    """The demo register in memory, for the seeds that send many things (one query)."""

    def __init__(self) -> None:
        self.rows = list(Authority.objects.select_related("unit").order_by("valid_from", "pk"))
        self.by_pk = {authority.pk: authority for authority in self.rows}
        self.by_unit_kind: dict[tuple[int, str], list[Authority]] = defaultdict(list)
        self.by_name: dict[str, list[Authority]] = defaultdict(list)
        for authority in self.rows:
            if authority.unit_id is not None:
                self.by_unit_kind[(authority.unit_id, authority.kind)].append(authority)
            self.by_name[authority.name].append(authority)

    def _on(self, candidates: list[Authority], on: datetime.date) -> Authority | None:
        for authority in candidates:
            if valid_on(authority, on):
                return authority
        # Ended by then: its successor (through any chain of successors) that existed that day.
        for authority in reversed(candidates):
            seen: set[int] = set()
            current = authority
            while current.replaced_by_id is not None and current.pk not in seen:
                seen.add(current.pk)
                current = self.by_pk[current.replaced_by_id]
                if valid_on(current, on):
                    return current
        return None

    def of(self, unit: AdministrativeUnit, kind: str, on: datetime.date) -> Authority | None:
        """The authority of ``kind`` of ``unit`` (a residential area: of its ward or commune) on ``on``."""
        unit_id = unit.parent_id if unit.kind not in COMMUNE_LEVEL_KINDS and unit.parent_id else unit.pk
        return self._on(self.by_unit_kind.get((unit_id, kind), []), on)

    def named(self, name: str, on: datetime.date) -> Authority | None:
        """The authority called ``name`` on ``on`` (or its successor then)."""
        return self._on(self.by_name.get(name, []), on)


def authority_of(unit: AdministrativeUnit, kind: str, on: datetime.date | None = None) -> Authority | None:
    """The authority of ``kind`` (an ``AuthorityKind``) of ``unit`` on ``on`` (default: today, or the
    unit's last day when it has ended), or its successor when it had ended by then; None when the
    register has none. For a residential area, its ward's or commune's. One query."""
    if unit.kind not in COMMUNE_LEVEL_KINDS and unit.parent_id:
        unit = unit.parent
    on = on or min(timezone.localdate(), unit.valid_to or timezone.localdate())
    candidates = list(
        Authority.objects.filter(Q(unit=unit, kind=kind) | Q(replaced__unit=unit, replaced__kind=kind))
        .distinct()
        .order_by("valid_from", "pk")
    )
    own = [authority for authority in candidates if authority.unit_id == unit.pk]
    found = next((authority for authority in own if valid_on(authority, on)), None)
    if found is not None:
        return found
    # The successors of the unit's own bodies (loaded in the same query): one step of the chain.
    return next(
        (authority for authority in candidates if authority.unit_id != unit.pk and valid_on(authority, on)),
        None,
    )
