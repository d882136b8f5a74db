"""Opinions raised at a voter contact and questions asked at a dialogue.

Each one is a concern of the activity (source ``voter_contact`` or ``dialogue``), received on the
activity's day and followed by the concern workflow itself: answered on the spot, or forwarded →
answered → voters informed → closed (``concerns.services.workflow``). Nothing here copies a step.

The number of opinions a voter contact's minutes give (``VoterContactDetails.opinions_count``)
is the meeting's total; the opinions recorded one by one may be fewer (a cadre records those the
Front follows), never more: recording one raises the count to the number recorded when it was
lower, in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityKind, VoterContactDetails
from core.audit import set_actor
from core.services import ServiceErrors
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Authority, Organization
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY, scope_for

from ..models import Concern, ConcernSource
from .visits import commune_level_unit
from .workflow import answer_concern, receive_concern

# The kind of activity → what is raised there.
OPINION_SOURCE_OF = {
    ActivityKind.VOTER_CONTACT: ConcernSource.VOTER_CONTACT,
    ActivityKind.DIALOGUE: ConcernSource.DIALOGUE,
}


def opinion_place(
    activity: Activity, residential_area: AdministrativeUnit | None
) -> tuple[AdministrativeUnit, AdministrativeUnit | None]:
    """The unit and area of an opinion: the activity's ward or commune; for an activity of a
    residential area, its ward and that area; for one of the town (before 1 July 2025), the
    ward of the area the voter lives in when it is given."""
    unit = activity.unit
    if unit.kind in COMMUNE_LEVEL_KINDS:
        return unit, residential_area
    if unit.is_residential_area:
        return commune_level_unit(unit), residential_area or unit
    if residential_area is not None:
        return commune_level_unit(residential_area), residential_area
    return unit, None


def _receiving_organization(actor, activity: Activity, place_ids: set[int]) -> Organization | None:
    """None when the actor records in their own unit; else the organizer of the activity through
    which they may record (an organization's cadre records what their organization received)."""
    scope = scope_for(actor)
    if scope.is_global or place_ids & scope.writable_unit_ids:
        return None
    for organization in activity.organizations.order_by("pk"):
        if scope.can_write_org(organization.pk):
            return organization
    return None


def _check_activity(actor, activity: Activity, errors: ServiceErrors) -> None:
    scope = scope_for(actor)
    if not scope.can_write:
        raise ValidationError(READ_ONLY)
    if activity.pk is None or not Activity.objects.editable_by(actor).filter(pk=activity.pk).exists():
        raise ValidationError({"activity": OUTSIDE_SCOPE})
    if activity.kind not in OPINION_SOURCE_OF:
        errors.add(
            "activity",
            _(
                "Opinions are recorded at a voter contact and questions at a dialogue; "
                "this activity is neither."
            ),
        )
    elif activity.date > timezone.localdate():
        errors.add("activity", _("Opinions are recorded once the voter contact or dialogue has taken place."))


def record_opinion(
    *,
    actor,
    activity: Activity,
    category: str,
    summary: str,
    topic: str = "",
    residential_area: AdministrativeUnit | None = None,
    resident_name: str = "",
    resident_phone: str = "",
    resident_consent: bool = False,
    publishable: bool = False,
    answered_on_spot: bool = False,
    answered_by: str = "",
    authority: Authority | None = None,
    answer: str = "",
    detail: str = "",
) -> Concern:
    """Record an opinion raised at ``activity`` (a voter contact) or a question asked there (a
    dialogue), received on the activity's day, in its ward or commune (``opinion_place``).

    ``publishable`` lets its summary be shown, without names, on the activity's public page.
    ``answered_on_spot`` records the answer given at the meeting (``answer``, by ``answered_by``,
    of ``authority`` when known) as the workflow's answer step, in the same transaction;
    otherwise the opinion waits to be forwarded from its page. Raises ``ValidationError`` keyed by
    these argument names and saves nothing when anything is wrong.
    """
    errors = ServiceErrors()
    _check_activity(actor, activity, errors)
    if answered_on_spot:
        if not answer.strip():
            errors.add("answer", _("Enter the answer given on the spot."))
        if not answered_by.strip():
            errors.add("answered_by", _("Enter who answered on the spot."))
    elif answer.strip() or answered_by.strip() or authority is not None:
        errors.add(
            "answered_on_spot",
            _(
                "The answer, who gave it and the authority are recorded here only for an answer given "
                "on the spot: tick the box, or leave them empty and forward the opinion from its page."
            ),
        )
    errors.raise_if_any()
    unit, area = opinion_place(activity, residential_area)
    place_ids = {unit.pk} | ({area.pk} if area is not None else set())
    with transaction.atomic():
        concern = receive_concern(
            actor=actor,
            source=OPINION_SOURCE_OF[activity.kind],
            activity=activity,
            unit=unit,
            residential_area=area,
            organization=_receiving_organization(actor, activity, place_ids),
            category=category,
            summary=summary,
            topic=topic,
            publishable=publishable,
            detail=detail,
            resident_name=resident_name,
            resident_phone=resident_phone,
            resident_consent=resident_consent,
            received_on=activity.date,
        )
        if answered_on_spot:
            concern = answer_concern(
                actor=actor,
                concern=concern,
                answer=answer,
                answered_on=activity.date,
                answered_on_spot=True,
                answered_by=answered_by,
                authority=authority,
            )
        if activity.kind == ActivityKind.VOTER_CONTACT:
            _keep_opinions_count(actor, activity)
    return concern


def _keep_opinions_count(actor, activity: Activity) -> None:
    """The meeting's count of opinions is at least the number recorded one by one."""
    details = VoterContactDetails.objects.select_for_update().filter(activity=activity).first()
    if details is None:
        return
    recorded = Concern.objects.filter(activity=activity, source=ConcernSource.VOTER_CONTACT).count()
    if details.opinions_count < recorded:
        details.opinions_count = recorded
        with set_actor(actor):
            details.save(update_fields=["opinions_count"])
