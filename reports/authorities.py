"""The report's "answers by authority": what the report's unit (and every unit below it, "as it
was" or "as it is now") forwarded or sent to each authority in the period, how much was answered,
in time, is overdue, and the median days to answer (``oversight.answer_rates``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from organizations.lineage import unit_conditions
from organizations.models import Authority
from oversight.answer_rates import AnswerRate, answers_by_authority

from .compute import Report


@dataclass(frozen=True)
class AuthorityAnswers:
    authority: Authority
    figures: AnswerRate


def authority_answers(report: Report, today: datetime.date) -> list[AuthorityAnswers]:
    """Three queries (the unit tree, the counts with the delays, the authorities' names); empty for an
    organization's report, whose concerns and recommendations are not sent by a unit."""
    unit = report.subject.unit
    if unit is None:
        return []
    period = report.period
    concerns, recommendations = unit_conditions(unit, report.view, ("unit", "residential_area"), "unit")
    rates = answers_by_authority(
        start=period.start,
        end=min(period.end, today),
        concerns=concerns,
        recommendations=recommendations,
        today=today,
    )
    if not rates:
        return []
    names = Authority.objects.only("pk", "name").in_bulk([rate.authority_id for rate in rates])
    return [AuthorityAnswers(names[rate.authority_id], rate) for rate in rates if rate.authority_id in names]
