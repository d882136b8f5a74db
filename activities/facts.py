"""The public facts of a published activity, by kind: an explicit allow-list.

Whatever is not named here stays on the cadre screens: internal notes, mediation parties,
beneficiaries, the cadres who went on a visit, the documents sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.formatting import money, number

from .models import Activity, ActivityKind

# The kind-specific details a public page reads with the activity (one query).
PUBLIC_DETAILS_RELATED = (
    "visit_details__residential_area",
    "meeting_details__organization",
    "voter_contact_details",
    "dialogue_details",
    "mediation_details__mediation_team",
    "draft_comment_details",
    "support_details",
)
# Confidential columns that a public query never loads.
CONFIDENTIAL_DEFERRED = ("internal_notes", "mediation_details__parties", "support_details__beneficiaries")


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


def _count(value: int) -> str:
    return number(value)


def public_facts(activity: Activity) -> list[Fact]:
    details = activity.details
    if details is None:
        return []
    kind = activity.kind
    facts: list[tuple[object, object]] = []
    if kind == ActivityKind.VISIT:
        facts = [
            (_("Residential area"), details.residential_area.name),
            (_("Households visited"), _count(details.households_visited)),
        ]
    elif kind == ActivityKind.MEETING:
        facts = [
            (_("Branch or group"), details.organization.name),
            (_("Topic"), details.topic),
            (_("Attendance"), _count(details.attendance)),
        ]
        if details.is_training:
            facts.append((_("Training"), _("Yes")))
    elif kind == ActivityKind.VOTER_CONTACT:
        facts = [
            (_("Level"), details.get_level_display()),
            (_("Timing"), details.get_timing_display()),
            (_("Session"), details.session),
            (_("Deputies present"), details.deputies_present),
            (_("Voters attending"), _count(details.voters_attending)),
            (_("Opinions raised"), _count(details.opinions_count)),
        ]
    elif kind == ActivityKind.DIALOGUE:
        facts = [
            (_("Leaders present"), details.leaders_present),
            (_("Topics"), details.topics),
        ]
    elif kind == ActivityKind.MEDIATION:
        facts = [
            (_("Mediation team"), details.mediation_team.name),
            (_("Dispute type"), details.get_dispute_type_display()),
            (_("Mediation sessions"), _count(details.sessions)),
            (_("Outcome"), details.get_outcome_display()),
        ]
    elif kind == ActivityKind.DRAFT_COMMENTS:
        facts = [
            (_("Draft or policy"), details.document_title),
            (_("Drafting body"), details.drafting_body),
            (_("Opinions gathered"), _count(details.opinions_gathered)),
            (_("Accepted or explained"), details.accepted_or_explained),
        ]
    elif kind == ActivityKind.SUPPORT:
        facts = [
            (_("Type of support"), details.get_support_type_display()),
            (_("Recipients"), _count(details.recipients)),
        ]
        if details.value_vnd:
            facts.append((_("Value"), money(details.value_vnd)))
    return [Fact(label=str(label), value=str(value)) for label, value in facts if value not in ("", None)]
