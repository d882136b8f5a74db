"""The work log's figures: activities by kind with their details, the commitments made at
dialogues, and the coverage of the households (whose rule is ``members.coverage``'s)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum

from activities.models import Activity, ActivityKind, Commitment, CommitmentStatus, MediationOutcome
from members.coverage import household_figures, households_reached

from ..periods import Period
from .common import UNIT, Grouping, Parts, aggregate, as_of, column_of, done

KIND = ActivityKind


def activities(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """Activities by kind and what their details count, grouped by the activity's unit or by its
    organizers (an activity two organizations held together counts for each of them)."""
    today = grouping.today

    def parts(period: Period) -> dict:
        held = done(period, "date", today)

        def of(kind: str) -> Q:
            return held & Q(kind=kind)

        return {
            "activities": Count("pk", filter=held),
            "visits": Count("pk", filter=of(KIND.VISIT)),
            "households_visited": Sum("visit_details__households_visited", filter=of(KIND.VISIT)),
            "meetings": Count("pk", filter=of(KIND.MEETING)),
            "voter_contacts": Count("pk", filter=of(KIND.VOTER_CONTACT)),
            "voters_attending": Sum("voter_contact_details__voters_attending", filter=of(KIND.VOTER_CONTACT)),
            "opinions": Sum("voter_contact_details__opinions_count", filter=of(KIND.VOTER_CONTACT)),
            "dialogues": Count("pk", filter=of(KIND.DIALOGUE)),
            "mediations": Count("pk", filter=of(KIND.MEDIATION)),
            "mediations_successful": Count(
                "pk",
                filter=of(KIND.MEDIATION) & Q(mediation_details__outcome=MediationOutcome.SUCCESSFUL),
            ),
            "drafts_commented": Count("pk", filter=of(KIND.DRAFT_COMMENTS)),
            "support_given": Count("pk", filter=of(KIND.SUPPORT)),
            "support_recipients": Sum("support_details__recipients", filter=of(KIND.SUPPORT)),
            "support_value": Sum("support_details__value_vnd", filter=of(KIND.SUPPORT)),
        }

    return aggregate(
        Activity.objects.all(),
        column=column_of(grouping, unit="unit", organization="organizations"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "date", today),
        parts=parts,
    )


def commitment_records():
    """The commitments made at dialogues and voter contacts (not those in answers to concerns,
    which have no meeting) and the condition of a kept one."""
    return Commitment.objects.filter(activity__isnull=False), Q(status=CommitmentStatus.KEPT)


def commitments(grouping: Grouping, periods: Sequence[Period]) -> list[Parts]:
    """The commitments made at the dialogues (and voter contacts) held in the period, and how many
    of them were kept, grouped by the activity's unit or organizers."""
    records, kept = commitment_records()
    today = grouping.today

    def parts(period: Period) -> dict:
        made = done(period, "activity__date", today)
        return {
            "commitments": Count("pk", filter=made),
            "commitments_kept": Count("pk", filter=made & kept),
        }

    return aggregate(
        records,
        column=column_of(grouping, unit="activity__unit", organization="activity__organizations"),
        grouping=grouping,
        periods=periods,
        within=lambda period: done(period, "activity__date", today),
        parts=parts,
    )


def coverage(grouping: Grouping, periods: Sequence[Period]) -> list[Parts] | None:
    """Households reached (distinct households visited in each area) and, for the share, the
    household figures of the areas that exist at the end of the period with the households reached
    there: two queries a period, through ``members.coverage``. Only a report by unit has areas."""
    if grouping.by != UNIT:
        return None
    areas = [pk for pk, node in grouping.units.items() if node.is_area and pk in grouping.ids]
    results: list[Parts] = []
    for period in periods:
        end = as_of(period, grouping.today)
        reached = households_reached(areas, period.start, end) if end >= period.start else {}
        counted = [pk for pk in areas if grouping.units[pk].existed_on(end)]
        figures = household_figures(counted, period.end.year)
        parts: Parts = {}
        for area, number in reached.items():
            parts.setdefault(area, {})["households_reached"] = number
        for area, figure in figures.items():
            found = parts.setdefault(area, {})
            found["households"] = figure.households
            found["coverage_reached"] = reached.get(area, 0)
        results.append(parts)
    return results
