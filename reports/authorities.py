"""The report's "answers by authority": what the report's unit (and every unit below it, "as it
was" or "as it is now") forwarded or sent to each authority in the period, how much was answered,
in time, is overdue, and the median days to answer (``oversight.answer_rates``).

The report page loads them after the report itself (``reports.views.authorities``, through htmx,
or as a page of their own without JavaScript): they are read from the concerns forwarded in the
period, whose number grows with the work log, where the report reads figures counted beforehand."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from organizations.lineage import unit_conditions
from organizations.models import AdministrativeUnit, Authority
from oversight.answer_rates import AnswerRate, answers_by_authority

from .periods import Period


@dataclass(frozen=True)
class AuthorityAnswers:
    authority: Authority
    figures: AnswerRate


def authority_answers(
    unit: AdministrativeUnit, period: Period, view: str, today: datetime.date
) -> list[AuthorityAnswers]:
    """The report of ``unit`` over ``period`` in ``view``: two queries (the counts with the delays,
    the unit and those below it a subquery of it; the authorities' names)."""
    concerns, recommendations = unit_conditions(unit, view, ("unit", "residential_area"), "unit")
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
