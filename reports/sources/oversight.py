"""Supervision, social criticism, recommendations, inspections and investment monitoring.

Supervisions count in the period they started in; recommendations in the period they were sent
in, answered and accepted when the reply came by the end of the period, implemented when that was
checked by then. Inspections count in the period they started in, with what they found and
recovered; monitoring sessions in the period they were held in, with the projects they monitored at
each stage and what they saved, and their findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum

from oversight.models import (
    Implementation,
    Inspection,
    MonitoringFinding,
    MonitoringSession,
    ProjectStage,
    Recommendation,
    ReplyOutcome,
    Supervision,
    SupervisionKind,
)

from ..periods import Period
from .common import Grouping, Parts, aggregate, as_of, column_of, done


def supervisions(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today

    def shape(started: Q, _end) -> dict:
        again = Q(follows__isnull=False) | Q(follows_recommendation__isnull=False)
        return {
            "supervisions": Count("pk", filter=started & Q(kind=SupervisionKind.SUPERVISION)),
            "resupervisions": Count("pk", filter=started & Q(kind=SupervisionKind.SUPERVISION) & again),
            "social_criticisms": Count("pk", filter=started & Q(kind=SupervisionKind.SOCIAL_CRITICISM)),
        }

    return aggregate(
        Supervision.objects.all(),
        column=column_of(grouping, unit="unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "start", today),
        shape=shape,
    )


def recommendations(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    accepted = Q(reply_outcome__in=(ReplyOutcome.ACCEPTED, ReplyOutcome.PARTLY_ACCEPTED))

    def shape(sent: Q, end) -> dict:
        answered = sent & Q(reply_on__lte=end)
        implemented = (
            sent
            & Q(implementation=Implementation.IMPLEMENTED)
            & (Q(implementation_on__isnull=True) | Q(implementation_on__lte=end))
        )
        return {
            "recommendations_sent": Count("pk", filter=sent),
            "recommendations_answered": Count("pk", filter=answered),
            "recommendations_accepted": Count("pk", filter=answered & accepted),
            "recommendations_implemented": Count("pk", filter=implemented),
        }

    return aggregate(
        Recommendation.objects.all(),
        column=column_of(grouping, unit="unit", organization="organization"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "sent_on", today),
        shape=shape,
        end_of=lambda period: as_of(period, today),
    )


def inspections(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today

    def shape(started: Q, _end) -> dict:
        return {
            "inspections": Count("pk", filter=started),
            "violations_found": Sum("violations_found", filter=started),
            "money_recovered": Sum("money_recovered_vnd", filter=started),
            "land_recovered": Sum("land_recovered_m2", filter=started),
        }

    return aggregate(
        Inspection.objects.all(),
        column=column_of(grouping, unit="board__unit", organization="board"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "start", today),
        shape=shape,
    )


def monitoring(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Monitoring sessions, the projects they monitored (at each stage, as the session recorded
    it: a project monitored at two stages in the period counts at each) and what they saved."""
    today = grouping.today

    def shape(held: Q, _end) -> dict:
        found = {
            "monitoring_sessions": Count("pk", filter=held),
            "projects_monitored": Count("project", distinct=True, filter=held),
            "monitoring_savings": Sum("savings_vnd", filter=held),
        }
        for stage in ProjectStage:
            found[f"projects_{stage.value}"] = Count("project", distinct=True, filter=held & Q(stage=stage))
        return found

    return aggregate(
        MonitoringSession.objects.all(),
        column=column_of(grouping, unit="project__unit", organization="board"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "held_on", today),
        shape=shape,
    )


def findings(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    today = grouping.today
    return aggregate(
        MonitoringFinding.objects.all(),
        column=column_of(grouping, unit="session__project__unit", organization="session__board"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "session__held_on", today),
        shape=lambda held, _end: {"findings": Count("pk", filter=held)},
    )
