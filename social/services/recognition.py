"""Writes of the emulation movements, exemplary models and commendations."""

from __future__ import annotations

from collections.abc import Iterable

from core.caching import public_content_changed

from ..models import Commendation, EmulationMovement, ExemplaryModel
from .common import atomic_as, can_keep_for, refuse, require_editable, save


def _require_organization(actor, row) -> None:
    require_editable(actor, row)
    if row.organization_id is None or not can_keep_for(actor, row.organization):
        raise refuse("organization")


def save_movement(*, actor, movement: EmulationMovement) -> EmulationMovement:
    _require_organization(actor, movement)
    return save(movement, actor=actor, public=True)


def save_model(
    *, actor, model: ExemplaryModel, movements: Iterable[EmulationMovement] | None = None
) -> ExemplaryModel:
    """Add or change an exemplary model and the movements it belongs to."""
    _require_organization(actor, model)
    if model.pk is None:
        model.created_by = actor
    model.full_clean()
    with atomic_as(actor):
        model.save()
        if movements is not None:
            model.movements.set(list(movements))
    public_content_changed()
    return model


def save_commendation(*, actor, commendation: Commendation) -> Commendation:
    _require_organization(actor, commendation)
    if commendation.exemplary_model_id is not None and not (
        ExemplaryModel.objects.visible_to(actor).filter(pk=commendation.exemplary_model_id).exists()
    ):
        raise refuse("exemplary_model")
    return save(commendation, actor=actor, public=True)
