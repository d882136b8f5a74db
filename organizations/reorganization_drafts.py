"""The writes of the reorganization screens: a draft and its plan, then carrying it out.

``organizations.reorganizing`` checks, previews, applies and undoes a plan; here the plan is
written as the screens build it, step by step (the units, then where each residential area goes,
then which accounts' access follows), always on a draft, validated and audited like any other
write. Only staff prepare a reorganization; only an administrator (a global scope) carries it out
or undoes it, which ``reorganizing`` checks again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Reorganization, ReorganizationStatus
from .reorganizing import Outcome, apply
from .services import audited_save


def _check(actor, reorganization: Reorganization) -> None:
    if not actor.is_staff:
        raise ValidationError(_("Only staff can prepare a reorganization."))
    if reorganization.pk is not None and reorganization.status != ReorganizationStatus.DRAFT:
        raise ValidationError(_("This reorganization has already been carried out or undone."))


def save_draft(
    *, actor, reorganization: Reorganization, before: list[int], after: list[dict]
) -> Reorganization:
    """Save the draft with its units before and after. The residential areas already assigned are
    kept while they still belong to a unit that ends and go to a unit after that is still listed."""
    _check(actor, reorganization)
    plan = dict(reorganization.plan or {})
    keys = {spec["key"] for spec in after}
    same_units = set(plan.get("before") or []) == set(before)
    kept_areas = {
        area: choice
        for area, choice in (plan.get("areas") or {}).items()
        if same_units and choice.get("to") in keys
    }
    reorganization.plan = {"before": before, "after": after, "areas": kept_areas}
    if reorganization.pk is None:
        reorganization.created_by = actor
    return audited_save(reorganization, actor=actor)


def assign_areas(*, actor, reorganization: Reorganization, areas: dict[str, dict]) -> Reorganization:
    """Where each residential area of the units that end goes, and its name after."""
    _check(actor, reorganization)
    reorganization.plan = {**(reorganization.plan or {}), "areas": areas}
    return audited_save(reorganization, actor=actor)


def carry_out(*, actor, reorganization: Reorganization, scopes: Iterable[int]) -> Outcome:
    """Keep the accounts whose access follows (``scopes``) in the plan and carry it out, together:
    when the reorganization is refused, the choice is not kept either."""
    _check(actor, reorganization)
    with transaction.atomic():
        reorganization.plan = {
            **(reorganization.plan or {}),
            "scopes": {str(pk): True for pk in scopes},
        }
        audited_save(reorganization, actor=actor)
        return apply(reorganization, actor=actor)
