"""The residents' report page (issue #12): published, aggregate figures of a unit per year, with
the small counts hidden.

**Which figures.** Every indicator whose privacy is public or "small count", never an internal one
(``Privacy.INTERNAL``: overdue concerns), of a province, town or commune-level unit (a residential
area is a row of its commune's page, never a page of its own), per year, through
``compute.build_report`` like every other page that shows figures. The rows are the units one level
below (the residential areas of a ward or commune, the wards of a town) and what was recorded at
the unit itself, then the total.

**Which years.** A year that has ended is shown as final. The current year is shown too, clearly
labelled provisional, but only up to the end of its last completed quarter (the first quarter, six
months, nine months, the periods the Front reports on anyway): figures that moved from day to day
would let a visitor who compares two visits see one concern or one mediation appear, with its day.
Before the first quarter ends, the current year has no page. The first year is that of the public
work log (``FIRST_YEAR``), or the year the unit was formed; a unit that ended has no page after
the year it ended.

**Which units and names.** Each year is shown "as it was" (``View.AS_IT_WAS``): a unit of 2023 with
the residential areas it had in 2023, under the names they had, an ended one marked with its last
day; a unit of today also stands for the units that became it (their areas are its rows in the
year of the reorganization). A unit's page carries the unit's own name: a renamed or merged unit is
a new unit in the structure, so the name of a year's page is the name the unit had that year.

**Small counts.** ``reports.suppression`` decides which figures are shown as "fewer than 3"
(``SMALL_COUNT``, one constant with the indicators) and which others are hidden so that no small
one can be worked out: a column of a sum with the total row, a row of the concerns by category
with the concerns received, a row of the mediations (successful and other outcomes) with the cases
received; the value of a support follows its recipients. A ratio or a median over fewer than 3
records is not shown, nor a ratio whose numerator or denominator is hidden.

Not covered: the tables of one page are protected together, but a figure hidden on one page as a
second cell may appear on another page that shows the same figure (a ward's total on the town's
page), and the current year's provisional figures can be compared with the final ones.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

# The first year of the public figures: that of the public work log.
from activities.filters_public import FIRST_YEAR
from core import formatting
from core.forms import until
from organizations.lineage import View
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, UnitKind

from .compute import CURRENT, Figures, build_report
from .indicators import INDICATORS, SMALL_COUNT, Indicator, Privacy, Rollup, Section
from .periods import Period, PeriodKind, containing
from .suppression import HIDDEN, SHOWN, SMALL, Line, shows_ratio, suppress
from .tables import EMPTY, display

NONE = "none"  # no figure (a ratio of nothing)
TOTAL = "total"
# The figures a public page may show (and the only ones it reads).
PUBLIC_INDICATORS = tuple(
    key for key, indicator in INDICATORS.items() if indicator.privacy != Privacy.INTERNAL
)
# The mediations that did not succeed (unsuccessful, pending, referred): shown beside the successful
# ones so that a total minus a column cannot give them away.
OTHER_MEDIATIONS = "mediations_other"
# A figure and the figures that add up to it, in every row.
ADDS_UP_TO = {
    "concerns_raised": tuple(
        key for key, i in INDICATORS.items() if i.breakdown and i.section == Section.CONCERNS
    ),
    "mediations": ("mediations_successful", OTHER_MEDIATIONS),
}
# A figure hidden whenever another is: the value of the support given to fewer than 3 recipients.
FOLLOWS = {"support_value": ("support_recipients",)}
# The breakdowns shown as a table of their own (units × categories or stages), and the figure that
# adds up a breakdown's row (the concerns by category add up to the concerns received; a project
# monitored at two stages counts at each, so the stages add up to nothing shown).
BREAKDOWN_TOTALS = {Section.CONCERNS: "concerns_raised"}
BREAKDOWN_CAPTIONS = {
    Section.CONCERNS: _("Concerns received by category"),
    Section.INSPECTION: _("Projects monitored by stage"),
}


# --- the years a unit's page is shown for ---------------------------------------------------------


@dataclass(frozen=True)
class PublicYear:
    """A year of the public page: the whole year once it has ended (``final``), else the current
    year up to its last completed quarter."""

    year: int
    period: Period
    final: bool


def public_year(year: int, today: datetime.date) -> PublicYear | None:
    """The period shown for ``year``, or None: before ``FIRST_YEAR``, in the future, or the current
    year before its first quarter has ended."""
    if year < FIRST_YEAR:
        return None
    whole = Period.of_year(year)
    if whole.end < today:
        return PublicYear(year, whole, final=True)
    if year != containing(PeriodKind.YEAR, today).end.year:
        return None
    so_far = {3: Period.of_nine_months(year), 2: Period.of_half(year), 1: Period.of_quarter(year, 1)}
    for quarters, period in so_far.items():
        if Period.of_quarter(year, quarters).end < today:
            return PublicYear(year, period, final=False)
    return None


def existed_during(valid_from: datetime.date | None, valid_to: datetime.date | None, period: Period) -> bool:
    return (valid_from is None or valid_from <= period.end) and (valid_to is None or valid_to >= period.start)


def years_of(unit: AdministrativeUnit, today: datetime.date) -> list[PublicYear]:
    """The years ``unit`` has a public page for, the latest first (no query)."""
    if unit.kind in RESIDENTIAL_AREA_KINDS:
        return []
    last = containing(PeriodKind.YEAR, today).end.year
    found = (public_year(year, today) for year in range(last, FIRST_YEAR - 1, -1))
    return [
        chosen for chosen in found if chosen and existed_during(unit.valid_from, unit.valid_to, chosen.period)
    ]


def report_units() -> QuerySet:
    """The units with public report pages: every unit above the residential areas that existed
    since ``FIRST_YEAR`` (one query; ``unit_order`` sorts them)."""
    first = Period.of_year(FIRST_YEAR).start
    return (
        AdministrativeUnit.objects.exclude(kind__in=RESIDENTIAL_AREA_KINDS)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .only("pk", "name", "kind", "valid_from", "valid_to", "is_demo")
    )


_KIND_RANK = {kind: rank for rank, kind in enumerate(UnitKind.values)}


def unit_order(unit: AdministrativeUnit) -> tuple:
    """Today's units first, the larger before the smaller, in natural order."""
    return (unit.valid_to is not None, _KIND_RANK.get(unit.kind, 0), formatting.natural_key(unit.name))


def report_url(unit_pk: int, year: int) -> str:
    return reverse("reports_public:unit_year", args=[unit_pk, year])


# --- the page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    indicator: Indicator | None = None  # None: the mediations with another outcome

    @property
    def sensitive(self) -> bool:
        return self.indicator is None or self.indicator.privacy == Privacy.SMALL_COUNT

    @property
    def adds_up(self) -> bool:
        """Whether the rows of this column add up to its total (a sum, or a stock at the end)."""
        return self.indicator is None or self.indicator.rollup in (Rollup.SUM, Rollup.LATEST)


@dataclass(frozen=True)
class Cell:
    text: str
    state: str  # SHOWN, SMALL ("fewer than 3"), HIDDEN, or NONE (no figure)
    column: str
    nothing: bool = False  # zero or no figure


@dataclass(frozen=True)
class PublicRow:
    key: str
    label: str
    cells: tuple[Cell, ...]
    url: str = ""  # the child unit's own page of the same year
    is_total: bool = False


@dataclass(frozen=True)
class PublicTable:
    key: str
    caption: str | Promise
    columns: tuple[Column, ...]
    rows: tuple[PublicRow, ...]
    row_total: str = ""  # the column that adds up the others in each row, if any


@dataclass(frozen=True)
class PublicSection:
    key: str
    label: str | Promise
    tables: tuple[PublicTable, ...]


@dataclass(frozen=True)
class PublicReport:
    unit: AdministrativeUnit
    chosen: PublicYear
    name: str  # the unit's name, with its last day if it has ended
    sections: tuple[PublicSection, ...]
    made_on: datetime.date


def fewer_than() -> str:
    return gettext("fewer than %(count)s") % {"count": SMALL_COUNT}


def hidden_text() -> str:
    return pgettext("a figure of the public report", "hidden")


def _column(indicator: Indicator, short: bool = False) -> Column:
    label = indicator.label
    if short:  # a breakdown's "Concerns: Land and housing" under "Concerns received by category"
        label = str(label).split(": ", 1)[-1]
    return Column(indicator.key, label, indicator)


def _section_tables(indicators) -> list[tuple[Section, list[Column], list[Column]]]:
    """Each section's columns: the figures of its main table and those of its breakdown."""
    found = []
    for section in Section:
        chosen = [indicator for indicator in indicators if indicator.section == section]
        if not chosen:
            continue
        main = []
        for indicator in chosen:
            if not indicator.breakdown:
                main.append(_column(indicator))
                if indicator.key == "mediations_successful":
                    label = _("Cases with another outcome (unsuccessful, pending, referred)")
                    main.append(Column(OTHER_MEDIATIONS, label))
        breakdown = [_column(indicator, short=True) for indicator in chosen if indicator.breakdown]
        found.append((section, main, breakdown))
    return found


def _value(column: Column, figures: Figures):
    if column.indicator is not None:
        return figures.value(column.indicator)
    received = figures.value(INDICATORS["mediations"])
    successful = figures.value(INDICATORS["mediations_successful"])
    return None if received is None or successful is None else received - successful


def _base(indicator: Indicator, figures: Figures):
    """How many records a ratio (its denominator) or a median is read from."""
    if indicator.rollup == Rollup.RATIO:
        return figures.parts.get(indicator.parts[1], 0) or 0
    return sum((figures.parts.get(indicator.parts[0]) or {}).values())


# A row of the page: its key, its label and its figures.
Rows = list[tuple[str, str, Figures]]


def _suppression(rows: Rows, columns: dict[str, Column]):
    """The cells of the whole page as one table for ``suppress``: a column of a sum (or a stock)
    adds up to the total row, the figures of ``ADDS_UP_TO`` add up in every row, ``FOLLOWS``
    links a figure to another. Ratios and medians are not cells of it."""
    counted = [column for column in columns.values() if column.adds_up]
    values = {
        (key, column.key): _value(column, figures) for key, _label, figures in rows for column in counted
    }
    below = [key for key, _label, _figures in rows if key != TOTAL]
    lines = [Line(tuple((key, column.key) for key in below), (TOTAL, column.key)) for column in counted]
    for total, parts in ADDS_UP_TO.items():
        if total in columns and all(part in columns for part in parts):
            lines += [Line(tuple((key, part) for part in parts), (key, total)) for key, _l, _f in rows]
    follows = {
        (key, follower): tuple((key, leader) for leader in leaders)
        for follower, leaders in FOLLOWS.items()
        if follower in columns
        for key, _label, _figures in rows
    }
    sensitive = [cell for cell in values if columns[cell[1]].sensitive]
    return suppress(values, sensitive=sensitive, lines=lines, follows=follows)


def public_report(unit: AdministrativeUnit, chosen: PublicYear, today: datetime.date) -> PublicReport:
    """The figures of ``unit`` for ``chosen``, with the small counts hidden (see the module)."""
    report = build_report(
        scope=None,
        period=chosen.period,
        view=View.AS_IT_WAS,
        unit=unit,
        indicators=PUBLIC_INDICATORS,
        today=today,
    )
    rows: Rows = [(row.row.key, row.label, row.figures[CURRENT]) for row in report.rows]
    rows.append((TOTAL, gettext("Total"), report.totals[CURRENT]))
    layout = _section_tables(report.indicators)
    columns = {column.key: column for _section, main, breakdown in layout for column in (*main, *breakdown)}
    suppression = _suppression(rows, columns)
    links = _row_links(report, chosen)

    def cell(key: str, column: Column, figures: Figures) -> Cell:
        indicator, value = column.indicator, _value(column, figures)
        if value is None:
            return Cell(EMPTY, NONE, column.key, nothing=True)
        if indicator is not None and indicator.rollup in (Rollup.RATIO, Rollup.MEDIAN):
            parts = [(key, part) for part in indicator.parts if part in columns]
            parts_shown = all(suppression.shows(part) for part in parts)
            if not shows_ratio(_base(indicator, figures), parts_shown=parts_shown):
                return Cell(hidden_text(), HIDDEN, column.key)
            return Cell(display(indicator, value), SHOWN, column.key)
        state = suppression.state((key, column.key))
        if state == SMALL:
            return Cell(fewer_than(), SMALL, column.key)
        if state == HIDDEN:
            return Cell(hidden_text(), HIDDEN, column.key)
        text = display(indicator, value) if indicator is not None else formatting.number(value)
        return Cell(text, SHOWN, column.key, nothing=not value)

    def table(key: str, caption, shown: list[Column], row_total: str = "") -> PublicTable:
        """The table of ``shown``: its rows with something recorded (a row left out is all zeros,
        which the total says anyway), then the total."""
        public_rows = []
        for row_key, label, figures in rows:
            cells = tuple(cell(row_key, column, figures) for column in shown)
            if row_key == TOTAL or not all(found.nothing for found in cells):
                url = links.get(row_key, "")
                public_rows.append(PublicRow(row_key, label, cells, url=url, is_total=row_key == TOTAL))
        return PublicTable(key, caption, tuple(shown), tuple(public_rows), row_total)

    sections = []
    for section, main, breakdown in layout:
        tables = [table(section.value, section.label, main)] if main else []
        if breakdown:
            total = BREAKDOWN_TOTALS.get(section, "")
            total = total if total in columns else ""
            caption = BREAKDOWN_CAPTIONS.get(section, section.label)
            shown = [*breakdown, columns[total]] if total else breakdown
            tables.append(table(f"{section.value}-breakdown", caption, shown, total))
        sections.append(PublicSection(section.value, section.label, tuple(tables)))
    return PublicReport(
        unit=unit,
        chosen=chosen,
        name=until(report.subject.name or unit.name, unit.valid_to),
        sections=tuple(sections),
        made_on=today,
    )


def _row_links(report, chosen: PublicYear) -> dict[str, str]:
    """The rows that open a page of their own for the same year: units below, not residential
    areas (one query, none when no row is a unit)."""
    ids = {row.row.unit_id: row.row.key for row in report.rows if row.row.unit_id and not row.row.is_self}
    if not ids:
        return {}
    units = (
        AdministrativeUnit.objects.filter(pk__in=ids)
        .exclude(kind__in=RESIDENTIAL_AREA_KINDS)
        .values_list("pk", "valid_from", "valid_to")
    )
    return {
        ids[pk]: report_url(pk, chosen.year)
        for pk, start, end in units
        if existed_during(start, end, chosen.period)
    }
