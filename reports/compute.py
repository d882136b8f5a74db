"""Build a report: the indicators of a unit or an organization over a period, beside the period
before and the same period a year earlier, with one row per unit or branch below it.

``build_report`` is what every page that shows figures calls (the cadre report page, and the
dashboard, a submission or a public page when they come)::

    report = build_report(scope=scope_for(request.user), unit=unit, period=Period.of_year(2026))
    report.total("visits")                     # this period's figure
    report.total("visits", PREVIOUS)           # the period before
    [row.value("visits") for row in report.rows]

Every source is one aggregate query for the three periods at once (a few read a stock on a day and
take one query a period), grouped by the records' unit or organization; units are mapped to rows in
Python (``reports.layout``). The number of queries depends on the indicators asked, never on the
number of records. Each row adds up the *parts* of its units, the total adds up the rows' parts,
and every figure is computed from the parts it reads: a sum is the sum of the rows, a ratio is
recomputed from the summed numerator and denominator (never an average of percentages), a median
is read from the merged histogram of all the records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from core.formatting import UNIT_NOUNS, unit_in_text
from organizations.lineage import View
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from organizations.scoping import UserScope

from . import layout
from .indicators import INDICATORS, Indicator, Section, in_section
from .periods import Period
from .sources import ORGANIZATION, SOURCES, UNIT

# The three columns of a report.
CURRENT, PREVIOUS, LAST_YEAR = 0, 1, 2


def add_parts(into: dict[str, object], parts: Mapping[str, object]) -> None:
    """Add ``parts`` to ``into``: numbers add up, histograms (a median's) merge."""
    for name, value in parts.items():
        if isinstance(value, dict):
            histogram = into.setdefault(name, {})
            for key, number in value.items():
                histogram[key] = histogram.get(key, 0) + number
        else:
            into[name] = into.get(name, 0) + value


@dataclass(frozen=True)
class Figures:
    """The summed parts of a row (or of the total) in one period, and which sources applied."""

    parts: Mapping[str, object]
    available: frozenset[str]

    def value(self, indicator: Indicator):
        """The indicator's figure; None when its source does not apply (households in a report by
        organization) or a ratio or median has nothing to be read from."""
        if indicator.source not in self.available:
            return None
        return indicator.value(self.parts)

    def publishable(self, indicator: Indicator) -> bool:
        return indicator.source in self.available and indicator.publishable(self.parts)


@dataclass(frozen=True)
class ReportRow:
    row: layout.Row
    figures: tuple[Figures, ...]  # this period, the period before, the same period last year

    @property
    def label(self) -> str:
        return self.row.label

    def value(self, key: str, column: int = CURRENT):
        return self.figures[column].value(INDICATORS[key])

    def has_figures(self) -> bool:
        return any(any(value for value in figures.parts.values()) for figures in self.figures)


@dataclass(frozen=True)
class Subject:
    """Who the report is of, as its header says: the unit or organization, the body that issues
    it (the unit's Front committee) and the place it is made in."""

    name: str
    issuer: str
    place: str
    unit: AdministrativeUnit | None = None
    organization: Organization | None = None


@dataclass(frozen=True)
class Report:
    subject: Subject
    periods: tuple[Period, ...]  # this period, the period before, the same period last year
    view: str
    by: str
    indicators: tuple[Indicator, ...]
    rows: tuple[ReportRow, ...]
    totals: tuple[Figures, ...]
    groups: tuple[str, ...]  # the roots' names, when a report has several (the rows are grouped)
    made_on: datetime.date

    @property
    def period(self) -> Period:
        return self.periods[CURRENT]

    def total(self, key: str, column: int = CURRENT):
        return self.totals[column].value(INDICATORS[key])

    def publishable(self, key: str, column: int = CURRENT, row: ReportRow | None = None) -> bool:
        """Whether a public page may show this figure of the total (or of ``row``)."""
        return (row.figures if row is not None else self.totals)[column].publishable(INDICATORS[key])

    def sections(self) -> list[tuple[Section, list[Indicator]]]:
        """Each section with its indicators, in the order of the sections, the empty ones left out."""
        found = []
        for section in Section:
            indicators = in_section(section, self.indicators)
            if indicators:
                found.append((section, indicators))
        return found


def _place_name(name: str) -> str:
    """A unit's name as the place of a document ("La Gi, ngày …"): without its common noun."""
    in_text = unit_in_text(name)
    if in_text != name:  # it started with a unit noun, now lower-case: drop the noun
        for noun in UNIT_NOUNS:
            if in_text.startswith(noun + " ") and not in_text[len(noun) + 1 :].strip().isdigit():
                return in_text[len(noun) + 1 :]
    return name


def _subject(by: str, roots: Sequence[int], nodes, view: str) -> Subject:
    """The header of the report: the first root (as it is today, as it is now), its Front committee
    (or the organization itself) and its place. One or two queries."""
    if not roots:
        return Subject(name="", issuer="", place="")
    root = roots[0]
    if view == View.AS_IT_IS:
        root = nodes[root].current
    if by == UNIT:
        unit = AdministrativeUnit.objects.get(pk=root)
        committee = (
            Organization.objects.filter(unit=unit, kind=OrganizationKind.FRONT_COMMITTEE)
            .order_by(F("valid_to").desc(nulls_first=True), "-pk")
            .values_list("name", flat=True)
            .first()
        )
        issuer = committee or gettext("Fatherland Front committee of %(unit)s") % {
            "unit": unit_in_text(unit.name)
        }
        return Subject(unit.name, issuer, _place_name(unit.name), unit=unit)
    organization = Organization.objects.select_related("unit").get(pk=root)
    return Subject(
        organization.name, organization.name, _place_name(organization.unit.name), organization=organization
    )


def default_roots(scope: UserScope | None, nodes: Mapping[int, layout.Node], by: str) -> list[int]:
    """The roots of a report for which nothing was chosen: the roots of the reader's scope, or, for
    whoever sees everything, the units (organizations) at the top, today's first."""
    if scope is not None and not scope.is_global:
        return list(scope.root_unit_ids if by == UNIT else scope.root_org_ids)
    tops = [node for node in nodes.values() if node.parent is None]
    return [
        node.pk for node in sorted(tops, key=lambda node: (node.valid_to is not None, node.name, node.pk))
    ]


def build_report(
    *,
    scope: UserScope | None,
    period: Period,
    view: str = View.AS_IT_IS,
    unit: AdministrativeUnit | None = None,
    organization: Organization | None = None,
    indicators: Iterable[str] | None = None,
    today: datetime.date | None = None,
) -> Report:
    """The report of ``unit`` (or ``organization``; or, with neither, of the roots of ``scope``).

    ``scope`` is the reader's (``scope_for(user)``): the report never reads a unit or an
    organization outside it. None reads everything (a public page or a command that then shows
    only what ``Figures.publishable`` allows). The caller has checked that ``unit`` or
    ``organization`` is visible to the reader (a 404 otherwise). ``indicators`` (keys) narrows
    the report, and the queries, to some figures.
    """
    today = today or timezone.localdate()
    by = (
        UNIT
        if organization is None and (unit is not None or scope is None or _has_units(scope))
        else ORGANIZATION
    )
    nodes = layout.unit_nodes() if by == UNIT else layout.organization_nodes()
    chosen = unit if by == UNIT else organization
    roots = [chosen.pk] if chosen is not None else default_roots(scope, nodes, by)
    allowed = None
    if scope is not None and not scope.is_global:
        allowed = scope.readable_unit_ids if by == UNIT else scope.readable_org_ids
    built = layout.build(nodes, roots, by=by, view=view, period=period, today=today, allowed=allowed)
    chosen_indicators = (
        tuple(INDICATORS[key] for key in indicators) if indicators else tuple(INDICATORS.values())
    )
    periods = (period, period.previous(), period.same_last_year())
    rows_parts, available = _read(built, chosen_indicators, periods, today)
    rows = []
    for row in built.rows:
        figures = tuple(Figures(rows_parts[index].get(row.key, {}), available) for index in range(3))
        rows.append(ReportRow(row, figures))
    totals = []
    for index in range(3):
        summed: dict[str, object] = {}
        for parts in rows_parts[index].values():
            add_parts(summed, parts)
        totals.append(Figures(summed, available))
    shown = tuple(row for row in rows if row.row.expected or row.has_figures())
    groups = tuple(built.groups) if len(built.groups) > 1 else ()
    return Report(
        subject=_subject(by, built.roots, nodes, view),
        periods=periods,
        view=view,
        by=by,
        indicators=chosen_indicators,
        rows=shown,
        totals=tuple(totals),
        groups=groups,
        made_on=today,
    )


def _has_units(scope: UserScope) -> bool:
    """Whether a report with nothing chosen is by unit: unless the scope holds only organizations."""
    return scope.is_global or bool(scope.root_unit_ids) or not scope.root_org_ids


def _read(built: layout.Layout, indicators, periods, today) -> tuple[list[dict], frozenset[str]]:
    """Run the sources the indicators need, once for the three periods (the same period asked twice,
    the year before a year, is read once); the parts of each row in each period."""
    unique = list(dict.fromkeys(periods))
    grouping = built.grouping(today, indicators)
    rows_parts: list[dict[str, dict]] = [{} for _period in unique]
    available = set()
    for name in dict.fromkeys(indicator.source for indicator in indicators):
        if not grouping.ids:
            available.add(name)
            continue
        results = SOURCES[name](grouping, unique)
        if results is None:
            continue
        available.add(name)
        for index, per_group in enumerate(results):
            for group, parts in per_group.items():
                key = built.row_of.get(group)
                if key is not None:
                    add_parts(rows_parts[index].setdefault(key, {}), parts)
    return [rows_parts[unique.index(period)] for period in periods], frozenset(available)
