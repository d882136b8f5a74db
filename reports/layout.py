"""Which row of a report each unit (or organization) falls in, "as it was" or "as it is now".

A report has one or more roots: the unit or organization chosen, or the roots of the reader's
scope. Its rows are the units one level below each root (or the branches of an organization), and
a row for what was recorded at the root itself. Records are grouped by their own unit in the
database; this module maps each unit to its row, from the whole table of units read once.

- **As it is now** (``View.AS_IT_IS``): a unit stands for the unit it is part of today, its
  ``current_unit`` (the mapping of ``organizations.lineage.unit_condition``); the rows are the
  root's units of today, and the records of the old units they were formed from fall in them.
  A unit that ended without a successor (the town of La Gi, dissolved) stays a row of its own.
- **As it was** (``View.AS_IT_WAS``): a unit stays where it was; a root of today also stands for
  the units that became it (Phường Phước Hội of today for the old Phước Hội, Phước Lộc and Tân
  Phước), so the rows are the units below any of them that existed during the period: the old
  units before the reorganization, the new ones after.

Both views cover the same records (every unit whose path leads to a root either way), so a report's
grand total is the same in both; only the rows differ. Organizations follow their own lineage
(``OrganizationLineage``: the unions a union replaced) the same way. Everything is then cut to the
reader's scope.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

from core.formatting import natural_key, unit_in_text
from core.forms import until
from organizations.lineage import View
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, Organization, OrganizationLineage

from .indicators import Indicator
from .periods import Period
from .sources import UNIT, Grouping, UnitNode


@dataclass(frozen=True)
class Node:
    pk: int
    parent: int | None
    current: int
    name: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    is_area: bool = False

    def existed_during(self, start: datetime.date, end: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )


@dataclass(frozen=True)
class Row:
    """A row of the roll-up: a unit or organization below a root, or the root's own records."""

    key: str
    label: str
    group: str  # the root it belongs to (a report of several roots groups its rows by root)
    root: int
    unit_id: int | None = None
    organization_id: int | None = None
    is_self: bool = False
    expected: bool = False  # shown even with nothing recorded (a unit or branch of the period)


@dataclass(frozen=True)
class Layout:
    by: str
    view: str
    roots: tuple[int, ...]  # the roots that hold rows, as chosen (not mapped to today)
    rows: tuple[Row, ...]
    row_of: Mapping[int, str]  # unit or organization id → row key
    nodes: Mapping[int, Node]

    @property
    def groups(self) -> list[str]:
        return list(dict.fromkeys(row.group for row in self.rows))

    def grouping(self, today: datetime.date, indicators: Iterable[Indicator] | None = None) -> Grouping:
        """Whose records the sources read, and (given ``indicators``) which of their parts."""
        wanted = None if indicators is None else frozenset(part for i in indicators for part in i.parts)
        units = {}
        if self.by == UNIT:
            units = {
                pk: UnitNode(self.nodes[pk].is_area, self.nodes[pk].valid_from, self.nodes[pk].valid_to)
                for pk in self.row_of
            }
        members: dict[str, set[int]] = {}
        for pk, key in self.row_of.items():
            members.setdefault(key, set()).add(pk)
        rows = tuple((min(ids), frozenset(ids)) for ids in members.values())
        return Grouping(
            by=self.by, ids=frozenset(self.row_of), today=today, units=units, wanted=wanted, rows=rows
        )


def unit_nodes() -> dict[int, Node]:
    """Every unit, with its parent and its unit of today (one query)."""
    rows = AdministrativeUnit.objects.values_list(
        "pk", "parent_id", "current_unit_id", "name", "kind", "valid_from", "valid_to"
    ).order_by()
    return {
        pk: Node(pk, parent, current or pk, name, start, end, kind in RESIDENTIAL_AREA_KINDS)
        for pk, parent, current, name, kind, start, end in rows
    }


def organization_nodes() -> dict[int, Node]:
    """Every organization, with its parent and the organization it is today through the lineage
    (the successor that took the largest share, as for units): two queries."""
    best: dict[int, tuple] = {}
    for before, after, share in OrganizationLineage.objects.values_list("before_id", "after_id", "share"):
        key = (share, -after)
        if before not in best or key > best[before][0]:
            best[before] = (key, after)
    successor = {before: after for before, (_key, after) in best.items()}
    rows = Organization.objects.values_list("pk", "parent_id", "name", "valid_from", "valid_to").order_by()
    nodes = {}
    for pk, parent, name, start, end in rows:
        current, seen = pk, set()
        while current in successor and current not in seen:
            seen.add(current)
            current = successor[current]
        nodes[pk] = Node(pk, parent, current, name, start, end)
    return nodes


def _self_label(by: str, node: Node) -> str:
    if by == UNIT:
        return gettext("Recorded at %(name)s itself") % {"name": unit_in_text(node.name)}
    return gettext("Recorded by %(name)s itself") % {"name": node.name}


def build(
    nodes: Mapping[int, Node],
    roots: Iterable[int],
    *,
    by: str,
    view: str,
    period: Period,
    today: datetime.date,
    allowed: frozenset[int] | None = None,
) -> Layout:
    """The rows of a report of ``roots`` and the row of every unit or organization it covers."""
    roots = [pk for pk in dict.fromkeys(roots) if pk in nodes]
    now = view == View.AS_IT_IS
    owner: dict[int, int] = {}  # as it is now: today's unit → root; as it was: unit → root
    if now:
        for root in roots:
            owner.setdefault(nodes[root].current, root)
    else:
        for root in roots:
            node = nodes[root]
            ended = node.valid_to is not None and node.valid_to < today
            stands_for = {root} if ended else {pk for pk, other in nodes.items() if other.current == root}
            for pk in sorted(stands_for | {root}, key=lambda pk: pk != root):
                owner.setdefault(pk, root)
    holding = [root for root in roots if root in owner.values()]

    def root_and_row(pk: int) -> tuple[int, int, int | None] | None:
        """The root a unit falls under, the unit that stands for the root on the way (the root, or a
        unit that became it), and the unit one level below that (None: the unit is the root's)."""
        node, below, seen = (nodes[pk].current if now else pk), None, set()
        while node is not None and node in nodes and node not in seen:
            seen.add(node)
            reached = owner.get(nodes[node].current if now else node)
            if reached is not None:
                return reached, (nodes[reached].current if now else node), below
            below, node = node, nodes[node].parent
        return None

    row_of: dict[int, str] = {}
    rows: dict[str, Row] = {}
    group_label = {root: nodes[nodes[root].current if now else root].name for root in holding}
    for pk in nodes:
        if allowed is not None and pk not in allowed:
            continue
        found = root_and_row(pk)
        if found is None:
            continue
        root, standing, below = found
        key = f"self:{standing}" if below is None else f"{by}:{below}"
        row_of[pk] = key
        if key not in rows:
            rows[key] = _row(
                key,
                root,
                standing if below is None else below,
                nodes,
                by,
                group_label[root],
                is_self=below is None,
            )
    for root in holding:
        for pk in _expected(nodes, root, owner, now=now, period=period, today=today):
            if allowed is None or pk in allowed:
                rows[f"{by}:{pk}"] = _row(f"{by}:{pk}", root, pk, nodes, by, group_label[root], expected=True)
    ordered = sorted(rows.values(), key=lambda row: _order(row, holding, nodes))
    return Layout(by, view, tuple(holding), tuple(ordered), row_of, nodes)


def _row(key: str, root: int, pk: int, nodes, by: str, group: str, *, is_self=False, expected=False) -> Row:
    """The row of ``pk``: a unit (or branch) below ``root``, or, ``is_self``, what was recorded at
    ``pk`` itself (the root, or a unit that became it)."""
    node = nodes[pk]
    ids = {"unit_id": None, "organization_id": None, _id(by): pk}
    if is_self:
        return Row(key, until(_self_label(by, node), node.valid_to), group, root, is_self=True, **ids)
    name = node.name
    if by == UNIT and node.parent not in (None, root, nodes[root].current) and node.parent in nodes:
        # Below a unit that became the root (an old ward's quarter): say which, as the forms do.
        name = f"{name} – {unit_in_text(nodes[node.parent].name)}"
    return Row(key, until(name, node.valid_to), group, root, expected=expected, **ids)


def _id(by: str) -> str:
    return "unit_id" if by == UNIT else "organization_id"


def _expected(nodes, root: int, owner: dict[int, int], *, now: bool, period: Period, today: datetime.date):
    """The units (or branches) one level below ``root`` that a report shows even when nothing was
    recorded: today's as it is now; those of the period, below the root or the units that became
    it, as it was. A unit that is a root itself has its own rows."""
    if now:
        target = nodes[root].current
        return [
            pk
            for pk, node in nodes.items()
            if node.parent == target and node.existed_during(today, today) and node.current not in owner
        ]
    held = {pk for pk, holder in owner.items() if holder == root}
    return [
        pk
        for pk, node in nodes.items()
        if node.parent in held and pk not in owner and node.existed_during(period.start, period.end)
    ]


def _order(row: Row, roots: list[int], nodes) -> tuple:
    """By root; the root's own records first; then the older units before the newer, in natural
    order ("Khu phố 2" before "Khu phố 10")."""
    node = nodes[row.unit_id or row.organization_id]
    return (
        roots.index(row.root),
        not row.is_self,
        node.valid_from or datetime.date.min,
        natural_key(node.name),
        node.pk,
    )
