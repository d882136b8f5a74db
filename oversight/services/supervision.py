"""Writes of supervisions and re-supervisions."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.scoping import scope_for

from ..models import Recommendation, RecommendationStatus, Supervision
from .common import atomic_as, refuse, require_editable


def _check_place(actor, supervision: Supervision) -> None:
    scope = scope_for(actor)
    if not scope.can_write_org(supervision.organization_id):
        raise refuse("organization")
    if supervision.unit_id is None:
        supervision.unit_id = supervision.organization.unit_id
    if not (scope.can_write_unit(supervision.unit_id) or supervision.unit_id in scope.writable_org_unit_ids):
        raise refuse("unit")
    if (
        supervision.board_id is not None
        and not Organization.objects.visible_to(actor).filter(pk=supervision.board_id).exists()
    ):
        raise refuse("board")


def save_supervision(
    *, actor, supervision: Supervision, participants: Iterable[Organization] | None = None
) -> Supervision:
    """Create or change a supervision of an organization the actor may change."""
    require_editable(actor, supervision)
    _check_place(actor, supervision)
    if participants is not None:
        participants = list(participants)
        visible = set(
            Organization.objects.visible_to(actor)
            .filter(pk__in=[o.pk for o in participants])
            .values_list("pk", flat=True)
        )
        if any(o.pk not in visible for o in participants):
            raise refuse("participants")
    if supervision.pk is None:
        supervision.created_by = actor
    supervision.full_clean()
    with atomic_as(actor):
        supervision.save()
        if participants is not None:
            supervision.participants.set(participants)
    return supervision


def start_resupervision(
    *,
    actor,
    recommendation: Recommendation,
    supervision: Supervision,
    participants: Iterable[Organization] | None = None,
) -> Supervision:
    """A new supervision that checks what became of ``recommendation`` (and follows its supervision)."""
    if not Recommendation.objects.editable_by(actor).filter(pk=recommendation.pk).exists():
        raise refuse()
    if recommendation.status == RecommendationStatus.DRAFT:
        raise ValidationError(
            _("A draft recommendation has not been sent yet: there is nothing to check again."),
            code="forbidden_transition",
        )
    supervision.pk = None
    supervision.follows_recommendation = recommendation
    supervision.follows = recommendation.supervision
    return save_supervision(actor=actor, supervision=supervision, participants=participants)
