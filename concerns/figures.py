"""Keeping the concerns' figures by half-month (``ConcernHalfMonth``, ``ConcernOverdueSpan``)
current, and rebuilding them.

What the rows count is defined here, once, from the same rules as the reports' own count of the
concerns (``reports.sources.concerns``): a concern counts in the half-month it was received in, as
answered by the end of any half-month from the one it was answered in, and as overdue at the end
of a half-month when by that day it was forwarded, due the day before or earlier, not answered
and not closed without an answer.

A change through ``concerns.services`` recomputes the half-months it touched (the place and the
receiving organization of the concern with its receipt date, before and after the change) in the
same transaction: a lock on the places concerned, a read of the concerns of those half-months
(a few dozen), a delete and an insert. ``rebuild_concern_figures()`` recomputes everything (after a
bulk load that went around the services: the demo data, a bench's ``COPY``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from core.halfmonths import half_end, half_of, half_start
from organizations.services import lock_units

from .models import (
    OPINION_SOURCES,
    Concern,
    ConcernHalfMonth,
    ConcernOverdueSpan,
    ConcernSource,
    ConcernStatus,
)

CLOSED_WITHOUT_ANSWER = (ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE)
# What the rows need of a concern, in this order.
_FIELDS = (
    "residential_area_id",
    "unit_id",
    "organization_id",
    "received_on",
    "answered_on",
    "source",
    "answered_on_spot",
    "category",
    "forwarded_on",
    "due_date",
    "status",
    "closed_on",
)
_BATCH = 2000


@dataclass
class Halves:
    """The half-months a change touches: ``(place id, half)`` and ``(organization id, half)``."""

    places: set[tuple[int, int]] = field(default_factory=set)
    organizations: set[tuple[int, int]] = field(default_factory=set)

    def add(self, concern: Concern) -> Halves:
        half = half_of(concern.received_on)
        self.places.add((concern.residential_area_id or concern.unit_id, half))
        if concern.organization_id is not None:
            self.organizations.add((concern.organization_id, half))
        return self

    def __bool__(self) -> bool:
        return bool(self.places or self.organizations)


def halves_of_concern(*concerns: Concern) -> Halves:
    """The half-months these concerns count in (give a concern before and after a change)."""
    halves = Halves()
    for concern in concerns:
        halves.add(concern)
    return halves


@dataclass
class _Rows:
    """The rows being counted: ``(group key, received, answered) → counts`` and
    ``(group key, received, from, until) → [concerns, opinions]``; a group key is
    ``("place", id)`` or ``("organization", id)``."""

    halves: dict[tuple, Counter] = field(default_factory=dict)
    overdue: dict[tuple, list[int]] = field(default_factory=dict)

    def count(self, row: tuple, *, place: bool = True, organization: bool = True) -> None:
        """Count a concern (a row of ``_FIELDS``) for its place and its receiving organization, or
        only for the one being recomputed."""
        (area, unit, organization_id, received_on, answered_on, source, on_spot, category) = row[:8]
        received = half_of(received_on)
        answered = half_of(answered_on) if answered_on else None
        span = _overdue_span(row)
        opinion = source in OPINION_SOURCES
        groups = [("place", area or unit)] if place else []
        if organization and organization_id is not None:
            groups.append(("organization", organization_id))
        for group in groups:
            counts = self.halves.setdefault((group, received, answered), Counter())
            counts["concerns"] += 1
            counts[category] += 1
            if source == ConcernSource.PETITION:
                counts["petitions"] += 1
            if opinion:
                counts["opinions"] += 1
                if on_spot:
                    counts["opinions_answered_on_spot"] += 1
            if span is not None:
                found = self.overdue.setdefault((group, received, *span), [0, 0])
                found[0] += 1
                found[1] += int(opinion)

    def write(self, half_model=ConcernHalfMonth, span_model=ConcernOverdueSpan) -> None:
        """Insert the rows counted (into a migration's models when given)."""
        half_model.objects.bulk_create(
            (
                half_model(**{f"{kind}_id": pk}, received_half=received, answered_half=answered, **counts)
                for ((kind, pk), received, answered), counts in self.halves.items()
            ),
            batch_size=_BATCH,
        )
        span_model.objects.bulk_create(
            (
                span_model(
                    **{f"{kind}_id": pk},
                    received_half=received,
                    overdue_from=start,
                    overdue_until=until,
                    concerns=number,
                    opinions=opinions,
                )
                for ((kind, pk), received, start, until), (number, opinions) in self.overdue.items()
            ),
            batch_size=_BATCH,
        )


def _overdue_span(row: tuple) -> tuple[int, int | None] | None:
    """The half-months at whose end the concern was overdue, ``(from, until)`` (until not
    included; None: still overdue), or None when it never was at the end of a half-month.

    Overdue on a day: forwarded by then, due before it, not answered by then, and not closed as a
    duplicate or not in scope by then. It starts the day after both the forwarding and the due
    date, and stops on the day of the answer (or of the closing without one)."""
    answered_on, forwarded_on, due_date, status, closed_on = row[4], row[8], row[9], row[10], row[11]
    if forwarded_on is None or due_date is None:
        return None
    start = max(forwarded_on, due_date + datetime.timedelta(days=1))
    stops = [answered_on] if answered_on else []
    if status in CLOSED_WITHOUT_ANSWER and closed_on is not None:
        stops.append(closed_on)
    stop = min(stops) if stops else None
    first = half_of(start)
    until = half_of(stop) if stop is not None else None
    if until is not None and until <= first:
        return None
    return first, until


def _in_halves(pairs: Iterable[tuple[int, int]], column: str) -> Q:
    condition = Q()
    for pk, half in pairs:
        condition |= Q(**{column: pk, "received_half": half})
    return condition


def _concerns_in(halves: Halves):
    """The concerns received in the half-months touched (by place or by organization)."""
    condition = Q()
    for pk, half in halves.places:
        days = Q(received_on__range=(half_start(half), half_end(half)))
        condition |= days & (Q(residential_area_id=pk) | Q(residential_area__isnull=True, unit_id=pk))
    for pk, half in halves.organizations:
        condition |= Q(organization_id=pk, received_on__range=(half_start(half), half_end(half)))
    return Concern.objects.filter(condition).values_list(*_FIELDS)


def refresh_concern_halves(halves: Halves) -> None:
    """Recompute the figures of ``halves`` from the concerns (inside the caller's transaction,
    after its change is saved)."""
    if not halves:
        return
    rows = _Rows()
    with transaction.atomic(savepoint=False):  # in the caller's transaction, or one of its own
        # Two changes of the same place and half-month take turns (``lock_units``).
        lock_units({pk for pk, _half in halves.places}, {pk for pk, _half in halves.organizations})
        for row in _concerns_in(halves):
            # A concern of an organization's half-month may belong to a place not recomputed, and
            # the other way round: it is counted only for the groups being recomputed.
            half = half_of(row[3])
            rows.count(
                row,
                place=(row[0] or row[1], half) in halves.places,
                organization=(row[2], half) in halves.organizations,
            )
        for model in (ConcernHalfMonth, ConcernOverdueSpan):
            model.objects.filter(
                _in_halves(halves.places, "place_id") | _in_halves(halves.organizations, "organization_id")
            ).delete()
        rows.write()


def rebuild_concern_halves(apps=None) -> int:
    """Recompute every row from the concerns; returns the number of rows written. ``apps``: a
    migration's models (the migration that made the tables fills them)."""
    concern_model, half_model, span_model = (
        [apps.get_model("concerns", name) for name in ("Concern", "ConcernHalfMonth", "ConcernOverdueSpan")]
        if apps is not None
        else [Concern, ConcernHalfMonth, ConcernOverdueSpan]
    )
    rows = _Rows()
    with transaction.atomic():
        half_model.objects.all().delete()
        span_model.objects.all().delete()
        for row in concern_model.objects.values_list(*_FIELDS).iterator(chunk_size=_BATCH):
            rows.count(row)
        rows.write(half_model, span_model)
    return len(rows.halves) + len(rows.overdue)
