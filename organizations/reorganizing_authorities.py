"""What a reorganization does to the register of authorities (``organizations.reorganizing``).

The bodies of a unit that ends end with it, and the bodies of the units that take it over answer
for what was sent to them:

- **merge, split, dissolution**: the authorities of the units (and residential areas) that end,
  still open on the effective date, end the day before (``valid_to``). Each new unit gets the
  successors of the kinds the units it came from had among those with a name of their own kind
  (People's Committee, People's Council, police, National Assembly delegation:
  ``organizations.authority_names``), named after the new unit, from the effective date, with
  the days to answer its predecessors most often had. An ended authority is linked
  (``replaced_by``) to the authority of its kind in the unit that took the largest share of its
  unit: the one just created, or, in a unit that stays (a province merged into another), the
  one already there (for an office or a department: the one whose name is its own with the unit's
  name changed, e.g. "Sở Xây dựng tỉnh Bình Thuận" → "Sở Xây dựng tỉnh Lâm Đồng"). Offices,
  companies and other bodies of a new unit are not guessed: the register's administrators add them.
  A dissolved unit's authorities end without a successor.
- **rename, move**: the same body goes on under another name or another parent. Its row stays
  (what was sent to it before and after stays together, and its answer rates run on); it moves
  to the new unit and its name follows the unit's ("Ủy ban nhân dân phường An" → "Ủy ban nhân
  dân phường An Bình"). Its dates do not change. A rename is thus the one reorganization after
  which an old record shows its authority's new name, as an organization renamed in place would.

``undo`` puts everything back: the ended authorities reopen with the successor they had before,
the moved ones return to their unit and name, and the created ones are deleted. It is refused
once a concern or a recommendation has been sent to a created one (``blockers``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _

from .authority_names import authority_name, has_name_pattern
from .models import AdministrativeUnit, Authority, ReorganizationKind

if TYPE_CHECKING:
    from .reorganizing import NewUnit, Outcome

K = ReorganizationKind


@dataclass
class NewAuthority:
    key: str
    name: str
    kind: str
    unit_key: str  # the new unit (a key of ``Outcome.units_opened``)
    came_from: list[Authority] = field(default_factory=list)

    @property
    def answer_days(self) -> int:
        counts = Counter(authority.answer_days for authority in self.came_from)
        return max(counts, key=lambda days: (counts[days], -days))

    @property
    def is_demo(self) -> bool:
        return any(authority.is_demo for authority in self.came_from)


@dataclass
class AuthorityChanges:
    """The authorities a reorganization ends, creates, links and moves."""

    closed: list[Authority] = field(default_factory=list)
    created: list[NewAuthority] = field(default_factory=list)
    # Ended authority → its successor: a key of ``created`` or an authority that stays.
    successors: dict[int, str | Authority] = field(default_factory=dict)
    moved: list[tuple[Authority, str, str]] = field(default_factory=list)  # (authority, unit key, name)

    def successor_name(self, authority: Authority) -> str:
        successor = self.successors.get(authority.pk)
        if isinstance(successor, Authority):
            return successor.name
        return next((new.name for new in self.created if new.key == successor), "")


def _open_on(authority: Authority, on: datetime.date) -> bool:
    return (authority.valid_from is None or authority.valid_from < on) and (
        authority.valid_to is None or authority.valid_to >= on
    )


def plan(outcome: Outcome) -> AuthorityChanges:
    """What carrying out ``outcome`` does to the register (two queries at most)."""
    from .reorganizing import _renamed

    reorganization = outcome.reorganization
    effective = reorganization.effective_date
    changes = AuthorityChanges()
    ending_units = {unit.pk: unit for unit in (*outcome.units_closed, *outcome.areas_closed)}
    if not ending_units or effective is None:
        return changes
    rows = Authority.objects.filter(unit_id__in=ending_units).order_by("unit_id", "kind", "name", "pk")
    ending = [authority for authority in rows if _open_on(authority, effective)]
    after = outcome.units_opened
    if reorganization.kind in (K.RENAME, K.MOVE) and len(after) == 1:
        new = after[0]
        for authority in ending:
            if authority.unit_id in {unit.pk for unit in outcome.units_closed}:
                name = _renamed(authority.name, ending_units[authority.unit_id].name, new.label)
                changes.moved.append((authority, new.key, name))
            else:
                changes.closed.append(authority)
        return changes

    staying = _authorities_staying(after, effective)
    created: dict[tuple[str, str], NewAuthority] = {}
    for authority in ending:
        changes.closed.append(authority)
        old_unit = ending_units[authority.unit_id]
        targets = [new for new in after if new.share.get(old_unit.pk)]
        if not targets:
            continue  # a residential area's authority, or a dissolution: no successor
        if has_name_pattern(authority.kind):
            for new in targets:
                if new.existing is None:
                    slot = (new.key, authority.kind)
                    if slot not in created:
                        name = authority_name(authority.kind, new.name)
                        created[slot] = NewAuthority(f"r{len(created)}", name, authority.kind, new.key)
                    created[slot].came_from.append(authority)
        main = max(targets, key=lambda new: (new.share[old_unit.pk], -targets.index(new)))
        if main.existing is None:
            slot = (main.key, authority.kind)
            if slot in created:
                changes.successors[authority.pk] = created[slot].key
            continue
        here = staying.get(main.existing.pk, [])
        if has_name_pattern(authority.kind):
            same = [other for other in here if other.kind == authority.kind]
        else:
            renamed = _renamed(authority.name, old_unit.name, main.label)
            same = [other for other in here if other.kind == authority.kind and other.name == renamed]
        if same:
            changes.successors[authority.pk] = same[0]
    changes.created = list(created.values())
    return changes


def _authorities_staying(after: list[NewUnit], effective: datetime.date) -> dict[int, list[Authority]]:
    """The authorities of the units after that stay, open on the effective date, by unit."""
    ids = [new.existing.pk for new in after if new.existing is not None]
    found: dict[int, list[Authority]] = {}
    if not ids:
        return found
    for authority in (
        Authority.objects.filter(unit_id__in=ids)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=effective))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=effective))
        .order_by("name", "pk")
    ):
        found.setdefault(authority.unit_id, []).append(authority)
    return found


def carry_out(
    changes: AuthorityChanges,
    *,
    start: datetime.date,
    last: datetime.date,
    unit_by_key: dict[str, AdministrativeUnit],
) -> dict:
    """Write ``changes``; returns what ``undo`` needs to put them back."""
    made = Authority.objects.bulk_create(
        Authority(
            name=new.name,
            kind=new.kind,
            unit=unit_by_key[new.unit_key],
            answer_days=new.answer_days,
            valid_from=start,
            is_demo=new.is_demo,
        )
        for new in changes.created
    )
    made_by_key = dict(zip([new.key for new in changes.created], made, strict=True))
    written = {
        "authorities_closed": {
            str(closed.pk): [_iso(closed.valid_to), closed.replaced_by_id] for closed in changes.closed
        },
        "authorities_created": [authority.pk for authority in made],
        "authorities_moved": {
            str(authority.pk): [authority.unit_id, authority.name] for authority, _key, _name in changes.moved
        },
    }
    for authority in changes.closed:
        authority.valid_to = last
        successor = changes.successors.get(authority.pk)
        if successor is not None:
            authority.replaced_by = made_by_key[successor] if isinstance(successor, str) else successor
    Authority.objects.bulk_update(changes.closed, ["valid_to", "replaced_by"], batch_size=500)
    for authority, key, name in changes.moved:
        authority.unit, authority.name = unit_by_key[key], name
    Authority.objects.bulk_update([a for a, _key, _name in changes.moved], ["unit", "name"], batch_size=500)
    return written


def blockers(changes: dict) -> list[str]:
    """Why undoing is refused on the register's side: something was sent to a created authority."""
    created = changes.get("authorities_created") or []
    if not created:
        return []
    used = []
    for relation in Authority._meta.related_objects:
        if relation.related_model is Authority:
            continue  # an authority replaced by a created one is put back by the undo
        if relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": created}).exists():
            used.append(relation.related_model._meta.verbose_name_plural)
    if not used:
        return []
    return [
        _("Something has been sent to the new authorities since (%(what)s): it can no longer be undone.")
        % {"what": ", ".join(str(name) for name in dict.fromkeys(used))}
    ]


def kept_in_new_units(changes: dict) -> list[int]:
    """The authorities of the new units that the reorganization itself put there (created or
    moved): they do not count as records made in the new units."""
    moved = changes.get("authorities_moved", {})
    return [*changes.get("authorities_created", []), *(int(pk) for pk in moved)]


def undo(changes: dict) -> None:
    """Put the register back as it was before the reorganization (before its units are deleted)."""
    closed = changes.get("authorities_closed") or {}
    rows = Authority.objects.in_bulk([int(pk) for pk in closed])
    for pk, (valid_to, replaced_by) in closed.items():
        row = rows[int(pk)]
        row.valid_to = datetime.date.fromisoformat(valid_to) if valid_to else None
        row.replaced_by_id = replaced_by
    Authority.objects.bulk_update(list(rows.values()), ["valid_to", "replaced_by"], batch_size=500)
    moved = changes.get("authorities_moved") or {}
    rows = Authority.objects.in_bulk([int(pk) for pk in moved])
    for pk, (unit_id, name) in moved.items():
        rows[int(pk)].unit_id, rows[int(pk)].name = unit_id, name
    Authority.objects.bulk_update(list(rows.values()), ["unit", "name"], batch_size=500)
    Authority.objects.filter(pk__in=changes.get("authorities_created") or []).delete()


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None
