"""Every figure of the reports, defined once: what it is called, what it counts in, which section
it belongs to, how it adds up over units, who may see it, and which source reads it.

An indicator reads *parts*, the numbers a source (``reports.sources``) adds up per unit or
organization in the database. A sum or a latest value is one part; a ratio is two parts, a
numerator and a denominator, each summed over the rows before it is divided (so the total's
percentage is never an average of the rows' percentages); a median is one part holding how many
records took each number of days (so the total's median is the median of all the records, not of
the rows' medians).

To add an indicator: add its part to a source (``reports/sources/``), then one line here with
``_indicator`` (or ``_ratio``, ``_median``) naming that source and part. Every page and export
that shows a section shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from concerns.models import ConcernCategory
from oversight.models import ProjectStage

# Below this many, a count (or a ratio's denominator) of a "small count" indicator is not shown on
# a public page: a petition, a mediation, a concern of one category in a residential area or the
# recipients of a support could point to a family. One constant for the engine
# (``Indicator.publishable``) and the residents' report page (``reports.public``, which shows such a
# figure as "fewer than 3" and hides a second one wherever a total would give it away): 3, the rule
# of issue #12 for the public figures (1 and 2 are hidden, zero is shown).
SMALL_COUNT = 3


class Section(models.TextChoices):
    WORK_LOG = "work_log", _("Work log")
    CONCERNS = "concerns", _("Residents' concerns")
    VOTERS = "voters", _("Voter contacts and dialogues")
    MEDIATION = "mediation", _("Grassroots mediation")
    SUPERVISION = "supervision", _("Supervision and social criticism")
    INSPECTION = "inspection", _("Inspection and investment monitoring")
    SUPPORT = "support", _("Social support")
    ARTICLES = "articles", _("Articles")
    MEMBERS = "members", _("Association and union members")
    SOCIAL_POLICY = "social_policy", _("Social policy")


class Rollup(models.TextChoices):
    SUM = "sum", _("Sum")
    RATIO = "ratio", _("Ratio of summed parts")
    MEDIAN = "median", _("Median")
    LATEST = "latest", _("Value at the end of the period")


class Privacy(models.TextChoices):
    PUBLIC = "public", _("Public")
    SMALL_COUNT = "small_count", _("Public, small counts hidden")
    INTERNAL = "internal", _("Internal")


class Measure(models.TextChoices):
    """What a figure counts in (the "unit" column of a report)."""

    NUMBER = "number", pgettext_lazy("unit of measure", "number")
    VISITS = "visits", pgettext_lazy("unit of measure", "visits")
    HOUSEHOLDS = "households", pgettext_lazy("unit of measure", "households")
    PEOPLE = "people", pgettext_lazy("unit of measure", "people")
    CASES = "cases", pgettext_lazy("unit of measure", "cases")
    SESSIONS = "sessions", pgettext_lazy("unit of measure", "sessions")
    HOUSES = "houses", pgettext_lazy("unit of measure", "houses")
    DAYS = "days", pgettext_lazy("unit of measure", "days")
    VND = "vnd", pgettext_lazy("unit of measure", "VND")
    PERCENT = "percent", "%"
    SQUARE_METRES = "m2", "m²"


def ratio(numerator, denominator) -> Decimal | None:
    """``numerator`` as a percentage of ``denominator``, to one decimal; None when it is zero."""
    if not denominator:
        return None
    value = Decimal(numerator or 0) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def median(histogram: Mapping[int, int] | None) -> Decimal | None:
    """The median of values given as ``{value: how many times}``; None when there is none."""
    if not histogram:
        return None
    count = sum(histogram.values())
    if count == 0:
        return None
    wanted = {(count - 1) // 2, count // 2}  # the middle one, or the two middle ones
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        times = histogram[value]
        found.extend(value for position in wanted if seen <= position < seen + times)
        seen += times
        if len(found) == len(wanted):
            break
    return (Decimal(sum(found)) / len(found)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).normalize()


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    measure: str
    section: str
    rollup: str
    privacy: str
    source: str
    # The parts it reads: (part,) for a sum, a latest value or a median; (numerator, denominator)
    # for a ratio.
    parts: tuple[str, ...]
    # One line of a breakdown (concerns by category, projects by stage): compared over the
    # periods, but left out of the table by unit, which would grow too wide to print.
    breakdown: bool = False

    @property
    def measure_label(self) -> str:
        return Measure(self.measure).label

    def value(self, parts: Mapping[str, object]):
        """The figure from the summed parts of a row or of the total."""
        if self.rollup == Rollup.RATIO:
            numerator, denominator = self.parts
            return ratio(parts.get(numerator, 0), parts.get(denominator, 0))
        if self.rollup == Rollup.MEDIAN:
            return median(parts.get(self.parts[0]))
        return parts.get(self.parts[0], 0)

    def publishable(self, parts: Mapping[str, object]) -> bool:
        """Whether a public page may show the figure: never an internal one, and a small-count one
        only from ``SMALL_COUNT`` on (zero may be shown: it points to nobody)."""
        if self.privacy == Privacy.INTERNAL:
            return False
        if self.privacy == Privacy.PUBLIC:
            return True
        counted = parts.get(self.parts[-1], 0) if self.rollup == Rollup.RATIO else self.value(parts)
        return not counted or counted >= SMALL_COUNT


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.key in INDICATORS:
        raise ValueError(f"The indicator {indicator.key!r} is defined twice.")
    INDICATORS[indicator.key] = indicator
    return indicator


def _indicator(
    key,
    label,
    measure,
    section,
    source,
    *,
    part=None,
    rollup=Rollup.SUM,
    privacy=Privacy.PUBLIC,
    breakdown=False,
):
    return register(
        Indicator(key, label, measure, section, rollup, privacy, source, (part or key,), breakdown)
    )


def _ratio(key, label, section, source, numerator, denominator, *, privacy=Privacy.PUBLIC):
    return register(
        Indicator(
            key, label, Measure.PERCENT, section, Rollup.RATIO, privacy, source, (numerator, denominator)
        )
    )


def _median(key, label, measure, section, source, part, *, privacy=Privacy.PUBLIC):
    return register(Indicator(key, label, measure, section, Rollup.MEDIAN, privacy, source, (part,)))


S, M, LATEST = Section, Measure, Rollup.LATEST
SMALL, INTERNAL = Privacy.SMALL_COUNT, Privacy.INTERNAL

# --- the work log ---------------------------------------------------------------------------------
_indicator("activities", _("Activities logged"), M.NUMBER, S.WORK_LOG, "activities")
_indicator("visits", _("Grassroots visits"), M.VISITS, S.WORK_LOG, "activities")
_indicator("households_visited", _("Households visited"), M.HOUSEHOLDS, S.WORK_LOG, "activities")
_indicator("households_reached", _("Different households reached"), M.HOUSEHOLDS, S.WORK_LOG, "coverage")
_ratio(
    "coverage",
    _("Households reached, of the areas' households"),
    S.WORK_LOG,
    "coverage",
    "coverage_reached",
    "households",
)
_indicator("meetings", _("Branch meetings and trainings"), M.SESSIONS, S.WORK_LOG, "activities")

# --- residents' concerns --------------------------------------------------------------------------
_indicator("concerns_raised", _("Concerns received"), M.NUMBER, S.CONCERNS, "concerns")
_indicator("concerns_answered", _("Concerns received and answered"), M.NUMBER, S.CONCERNS, "concerns")
_ratio(
    "concerns_answered_share",
    _("Share of the concerns received that were answered"),
    S.CONCERNS,
    "concerns",
    "concerns_answered",
    "concerns_raised",
)
_median(
    "concerns_answer_days",
    _("Median days to answer a concern"),
    M.DAYS,
    S.CONCERNS,
    "concern_answer_days",
    "answer_days",
)
_indicator(
    "concerns_overdue",
    _("Concerns overdue at the end of the period"),
    M.NUMBER,
    S.CONCERNS,
    "concerns",
    rollup=LATEST,
    privacy=INTERNAL,
)
for _category in ConcernCategory:
    _indicator(
        f"concerns_{_category.value}",
        format_lazy("{}: {}", _("Concerns"), _category.label),
        M.NUMBER,
        S.CONCERNS,
        "concerns",
        # One or two concerns of a kind in a residential area could point to the resident.
        privacy=SMALL,
        breakdown=True,
    )
_indicator("petitions", _("Petitions received"), M.NUMBER, S.CONCERNS, "concerns", privacy=SMALL)

# --- voter contacts and dialogues -----------------------------------------------------------------
_indicator("voter_contacts", _("Voter contact sessions"), M.SESSIONS, S.VOTERS, "activities")
_indicator("voters_attending", _("Voters attending"), M.PEOPLE, S.VOTERS, "activities")
_indicator("opinions", _("Opinions raised by voters"), M.NUMBER, S.VOTERS, "activities")
_indicator(
    "opinions_recorded", _("Opinions and questions recorded one by one"), M.NUMBER, S.VOTERS, "concerns"
)
_indicator(
    "opinions_answered_on_spot",
    _("Opinions and questions answered on the spot"),
    M.NUMBER,
    S.VOTERS,
    "concerns",
)
_indicator("opinions_answered", _("Opinions and questions answered"), M.NUMBER, S.VOTERS, "concerns")
_indicator(
    "opinions_overdue",
    _("Opinions and questions past the authority's deadline"),
    M.NUMBER,
    S.VOTERS,
    "concerns",
    privacy=INTERNAL,
)
_indicator("dialogues", _("Dialogues between leaders and people"), M.SESSIONS, S.VOTERS, "activities")
_indicator("commitments", _("Commitments made at dialogues"), M.NUMBER, S.VOTERS, "commitments")
_indicator("commitments_kept", _("Commitments kept"), M.NUMBER, S.VOTERS, "commitments")
_ratio(
    "commitments_kept_share",
    _("Share of the commitments kept"),
    S.VOTERS,
    "commitments",
    "commitments_kept",
    "commitments",
)

# --- grassroots mediation -------------------------------------------------------------------------
_indicator("mediations", _("Mediation cases received"), M.CASES, S.MEDIATION, "activities", privacy=SMALL)
_indicator(
    "mediations_successful",
    _("Cases mediated successfully"),
    M.CASES,
    S.MEDIATION,
    "activities",
    privacy=SMALL,
)
_ratio(
    "mediation_success_rate",
    _("Mediation success rate"),
    S.MEDIATION,
    "activities",
    "mediations_successful",
    "mediations",
    privacy=SMALL,
)

# --- supervision and social criticism -------------------------------------------------------------
_indicator("supervisions", _("Supervisions"), M.NUMBER, S.SUPERVISION, "supervisions")
_indicator("resupervisions", _("Re-supervisions"), M.NUMBER, S.SUPERVISION, "supervisions")
_indicator("social_criticisms", _("Social criticism events"), M.NUMBER, S.SUPERVISION, "supervisions")
_indicator("drafts_commented", _("Drafts commented on"), M.NUMBER, S.SUPERVISION, "activities")
_indicator("recommendations_sent", _("Recommendations sent"), M.NUMBER, S.SUPERVISION, "recommendations")
_indicator(
    "recommendations_answered", _("Recommendations answered"), M.NUMBER, S.SUPERVISION, "recommendations"
)
_indicator(
    "recommendations_accepted",
    _("Recommendations accepted in full or in part"),
    M.NUMBER,
    S.SUPERVISION,
    "recommendations",
)
_ratio(
    "recommendations_accepted_share",
    _("Share of the answered recommendations accepted"),
    S.SUPERVISION,
    "recommendations",
    "recommendations_accepted",
    "recommendations_answered",
)
_indicator(
    "recommendations_implemented",
    _("Recommendations implemented"),
    M.NUMBER,
    S.SUPERVISION,
    "recommendations",
)

# --- inspection and investment monitoring ---------------------------------------------------------
_indicator(
    "inspections", _("Inspections by the People's Inspection Boards"), M.NUMBER, S.INSPECTION, "inspections"
)
_indicator("violations_found", _("Violations found"), M.NUMBER, S.INSPECTION, "inspections")
_indicator("money_recovered", _("Money recovered"), M.VND, S.INSPECTION, "inspections")
_indicator("land_recovered", _("Land recovered"), M.SQUARE_METRES, S.INSPECTION, "inspections")
_indicator("monitoring_sessions", _("Monitoring sessions"), M.SESSIONS, S.INSPECTION, "monitoring")
_indicator("projects_monitored", _("Projects monitored"), M.NUMBER, S.INSPECTION, "monitoring")
for _stage in ProjectStage:
    _indicator(
        f"projects_{_stage.value}",
        format_lazy("{}: {}", _("Projects monitored"), _stage.label),
        M.NUMBER,
        S.INSPECTION,
        "monitoring",
        breakdown=True,
    )
_indicator("findings", _("Findings of the monitoring sessions"), M.NUMBER, S.INSPECTION, "findings")
_indicator(
    "monitoring_savings",
    _("Money recovered or settlements reduced by monitoring"),
    M.VND,
    S.INSPECTION,
    "monitoring",
)

# --- social support (the work log) ----------------------------------------------------------------
_indicator("support_given", _("Support given"), M.NUMBER, S.SUPPORT, "activities")
_indicator("support_recipients", _("Recipients of support"), M.PEOPLE, S.SUPPORT, "activities", privacy=SMALL)
_indicator("support_value", _("Value of the support"), M.VND, S.SUPPORT, "activities")

# --- articles -------------------------------------------------------------------------------------
_indicator("articles_published", _("Articles published"), M.NUMBER, S.ARTICLES, "articles")

# --- members --------------------------------------------------------------------------------------
_indicator("members", _("Members at the end of the period"), M.PEOPLE, S.MEMBERS, "members", rollup=LATEST)
_indicator("members_joined", _("New members"), M.PEOPLE, S.MEMBERS, "members")
_indicator("members_left", _("Members who left"), M.PEOPLE, S.MEMBERS, "members")

# --- social policy --------------------------------------------------------------------------------
_indicator(
    "loans_outstanding", _("Entrusted loans outstanding"), M.VND, S.SOCIAL_POLICY, "loans", rollup=LATEST
)
_indicator("loans_overdue", _("Entrusted loans overdue"), M.VND, S.SOCIAL_POLICY, "loans", rollup=LATEST)
_ratio(
    "loans_overdue_ratio",
    _("Overdue ratio of the entrusted loans"),
    S.SOCIAL_POLICY,
    "loans",
    "loans_overdue",
    "loans_outstanding",
)
_indicator("fund_raised", _("Fund for the Poor raised"), M.VND, S.SOCIAL_POLICY, "fund_receipts")
_indicator("fund_spent", _("Fund for the Poor spent"), M.VND, S.SOCIAL_POLICY, "fund_spending")
_indicator("houses_built", _("Great Unity houses built"), M.HOUSES, S.SOCIAL_POLICY, "houses")
_indicator("houses_repaired", _("Great Unity houses repaired"), M.HOUSES, S.SOCIAL_POLICY, "houses")
_indicator("houses_cost", _("Cost of the Great Unity houses"), M.VND, S.SOCIAL_POLICY, "houses")
_indicator("models_recognised", _("Exemplary models recognised"), M.NUMBER, S.SOCIAL_POLICY, "models")


def in_section(section: str, indicators=None) -> list[Indicator]:
    """The indicators of ``section`` (of ``indicators``, or of all), in their order of definition."""
    return [
        i for i in (indicators if indicators is not None else INDICATORS.values()) if i.section == section
    ]
