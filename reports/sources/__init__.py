"""Where the figures of the reports come from: one function per table (or per rule of another app),
each answering the parts of every unit or organization for the periods asked, in a fixed number of
queries whatever the number of records (``common.aggregate``).

A source is called as ``source(grouping, periods)`` and returns one ``{group id: {part: number}}``
per period, or None when it cannot group that way (the coverage of households has no
organization). ``SOURCES`` names them for the indicators (``reports.indicators``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..periods import Period
from . import concerns, oversight, registers, social, worklog
from .common import ORGANIZATION, UNIT, Grouping, Parts, UnitNode

Source = Callable[[Grouping, Sequence[Period]], "list[Parts] | None"]

SOURCES: dict[str, Source] = {
    "activities": worklog.activities,
    "commitments": worklog.commitments,
    "coverage": worklog.coverage,
    "concerns": concerns.concerns,
    "concern_answer_days": concerns.answer_days,
    "supervisions": oversight.supervisions,
    "recommendations": oversight.recommendations,
    "inspections": oversight.inspections,
    "monitoring": oversight.monitoring,
    "findings": oversight.findings,
    "loans": social.loans,
    "fund_receipts": social.fund_receipts,
    "fund_spending": social.fund_spending,
    "houses": social.houses,
    "models": social.models,
    "members": registers.members,
    "articles": registers.articles,
}

__all__ = ["ORGANIZATION", "SOURCES", "UNIT", "Grouping", "Parts", "Source", "UnitNode"]
