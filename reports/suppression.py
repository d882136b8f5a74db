"""Small-count suppression of a public table: which figures are shown as "fewer than 3", and which
others are hidden so that no small figure can be worked out from the ones shown.

Pure functions on plain values (no database), used by the residents' report page
(``reports.public``); ``tests/test_reports_public_suppression.py`` tests them on hand-made tables.

A table is given as its cells (any hashable key → a number), the cells of small-count figures
(``sensitive``), and its *lines*: cells whose sum is shown as a total (a row with its row total, a
column with the total row, the row totals with the grand total). The rule is issue #12's:

1. **Primary suppression.** A sensitive cell of 1 or 2 (below ``SMALL_COUNT``, the same constant
   the indicators use) is shown as "fewer than 3". Zero is shown: it points to nobody.
2. **Complementary suppression.** A line with exactly one hidden cell gives it away by
   subtraction (the total minus the cells shown), so a second cell of the line is hidden: the
   smallest other non-zero cell, or the total when every other cell is zero.
3. **Linked cells** (``follows``) are hidden with the cell they depend on (the value of the
   support given to fewer than 3 recipients).
4. **Audit.** Hiding a second cell is not always enough: the page says which hidden cells are
   small (1 or 2) and, by saying nothing else, that the other hidden small-count cells are 3 or
   more. Every hidden cell therefore gets the range a reader can infer for it ([1, 2] for a small
   one, [3, ∞) for another hidden small-count cell, [1, ∞) for another non-zero one), and the
   ranges are narrowed along every line (each cell lies between the line's total minus the most
   and the least the other cells can be) until nothing moves. A small cell whose range no longer
   holds both 1 and 2 is pinned down; one more cell of a line through it is hidden, as in 2.

The one thing no hiding can prevent: a line whose total is itself "fewer than 3" (2) with two
non-zero cells says that each is 1, and so does any cell tied to them. They are shown as "fewer
than 3", as the rule asks, and nothing more is hidden for them
(``pinned_whatever_is_hidden``).

Steps 2 to 4 repeat until nothing changes, across rows and columns alike: hiding a cell to
protect a row may leave a column with a single hidden cell, which then needs a second one, and so
on. Every round hides at least one more cell, so it ends. The audit finds what subtraction along
rows and columns finds, chained through the table (the attack the issue names); it is not a full
linear-programming audit of every combination of lines.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .indicators import SMALL_COUNT

Key = Hashable

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"
# How many rounds the audit narrows the ranges at most (each round tightens some bound; the cap
# only guards against rounding noise on decimal figures).
MAX_AUDIT_ROUNDS = 200


@dataclass(frozen=True)
class Line:
    """Cells whose sum is shown as ``total``."""

    members: tuple[Key, ...]
    total: Key

    @property
    def cells(self) -> tuple[Key, ...]:
        return (*self.members, self.total)


@dataclass(frozen=True)
class Suppression:
    small: frozenset  # 1 or 2 of a small-count figure: "fewer than 3"
    hidden: frozenset  # hidden so that no small figure can be worked out: "hidden"

    def state(self, key: Key) -> str:
        if key in self.small:
            return SMALL
        if key in self.hidden:
            return HIDDEN
        return SHOWN

    def shows(self, key: Key) -> bool:
        return key not in self.small and key not in self.hidden


def is_small(value) -> bool:
    """1 or 2 (below ``SMALL_COUNT``): a figure that could point to a person. Zero is not."""
    return value is not None and 0 < value < SMALL_COUNT


def shows_ratio(base, *, parts_shown: bool = True) -> bool:
    """Whether a ratio (or a median) read from ``base`` records may be shown: not from 1 or 2
    records (a share of two cases tells each case), nor when its numerator or denominator is
    hidden (``parts_shown`` false), which it would give away."""
    return parts_shown and not is_small(base)


def suppress(
    values: Mapping[Key, object],
    *,
    sensitive: Iterable[Key],
    lines: Sequence[Line] = (),
    follows: Mapping[Key, Iterable[Key]] | None = None,
) -> Suppression:
    """The cells of ``values`` to show as "fewer than 3" and those to hide (see the module)."""
    sensitive = frozenset(sensitive)
    follows = {key: tuple(sources) for key, sources in (follows or {}).items()}
    small = frozenset(key for key in sensitive if is_small(values.get(key)))
    hidden = set(small)
    while True:
        changed = False
        for key, sources in follows.items():
            if key not in hidden and any(source in hidden for source in sources):
                hidden.add(key)
                changed = True
        for line in lines:
            if sum(cell in hidden for cell in line.cells) == 1:
                second = _second_cell(line, values, hidden)
                if second is not None:
                    hidden.add(second)
                    changed = True
        if changed:
            continue
        second = _widen_a_pinned_cell(values, hidden, small, sensitive, lines)
        if second is None:
            break
        hidden.add(second)
    return Suppression(small, frozenset(hidden - small))


def _number(value) -> float:
    return float(value) if value else 0.0


def _second_cell(line: Line, values: Mapping[Key, object], hidden: set) -> Key | None:
    """The cell to hide beside the line's hidden ones: the smallest non-zero member shown (the
    first of equals), else the total; None when there is nothing left to hide."""
    shown = [
        (_number(values.get(member)), index, member)
        for index, member in enumerate(line.members)
        if member not in hidden and _number(values.get(member)) > 0
    ]
    if shown:
        return min(shown, key=lambda item: item[:2])[2]
    if line.total not in hidden and _number(values.get(line.total)) > 0:
        return line.total
    return None


def _widen_a_pinned_cell(values, hidden: set, small: frozenset, sensitive: frozenset, lines) -> Key | None:
    """A cell to hide next to a small cell the audit pins down, or None when none is pinned (or
    nothing more can be hidden)."""
    ranges = inferred_ranges(values, hidden=hidden, small=small, sensitive=sensitive, lines=lines)
    hopeless = None
    for cell in small:
        if _open(ranges[cell]):
            continue
        if hopeless is None:
            hopeless = pinned_whatever_is_hidden(values, small=small, sensitive=sensitive, lines=lines)
        if cell in hopeless:
            continue
        for line in lines:
            if cell in line.cells:
                second = _second_cell(line, values, hidden)
                if second is not None:
                    return second
    return None


def _open(bounds: tuple[float, float]) -> bool:
    low, high = bounds
    return low <= 1 and high >= 2


def pinned_whatever_is_hidden(values, *, small, sensitive, lines) -> frozenset:
    """The small cells that would be pinned down even if every other non-zero cell were hidden
    (two 1s of a line whose total, 2, is itself "fewer than 3"): hiding more cannot help them."""
    everything = [key for key in values if _number(values.get(key)) > 0]
    ranges = inferred_ranges(values, hidden=everything, small=small, sensitive=sensitive, lines=lines)
    return frozenset(cell for cell in small if not _open(ranges[cell]))


def inferred_ranges(
    values: Mapping[Key, object],
    *,
    hidden: Iterable[Key],
    small: Iterable[Key],
    sensitive: Iterable[Key],
    lines: Sequence[Line],
) -> dict[Key, tuple[float, float]]:
    """What a reader of the page can infer of each hidden cell, as a range [low, high]: from what
    each marker says (see the module) narrowed along the lines until nothing moves."""
    hidden, small, sensitive = set(hidden), set(small), set(sensitive)
    ranges: dict[Key, tuple[float, float]] = {}
    for key in hidden:
        value = _number(values.get(key))
        if key in small:
            ranges[key] = (1.0, 2.0)
        elif key in sensitive:
            ranges[key] = (float(SMALL_COUNT) if value else 0.0, math.inf)
        else:
            ranges[key] = (1.0 if value else 0.0, math.inf)

    def bounds(key: Key) -> tuple[float, float]:
        if key in ranges:
            return ranges[key]
        value = _number(values.get(key))
        return value, value

    for _round in range(MAX_AUDIT_ROUNDS):
        moved = False
        for line in lines:
            if not any(cell in ranges for cell in line.cells):
                continue
            members = [bounds(member) for member in line.members]
            low_sum = sum(low for low, _high in members)
            finite_high = sum(high for _low, high in members if high != math.inf)
            unbounded = sum(high == math.inf for _low, high in members)
            total_low, total_high = bounds(line.total)
            for member, (low, high) in zip(line.members, members, strict=True):
                if member not in ranges:
                    continue
                others_low = low_sum - low
                others_unbounded = unbounded - (high == math.inf)
                others_high = (
                    math.inf if others_unbounded else finite_high - (0 if high == math.inf else high)
                )
                narrowed = (max(low, total_low - others_high), min(high, total_high - others_low))
                if narrowed != (low, high):
                    ranges[member] = narrowed
                    moved = True
            if line.total in ranges:
                members_high = math.inf if unbounded else finite_high
                narrowed = (max(total_low, low_sum), min(total_high, members_high))
                if narrowed != (total_low, total_high):
                    ranges[line.total] = narrowed
                    moved = True
        if not moved:
            break
    return ranges
