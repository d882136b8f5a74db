"""What the social services share: the scope rules, saving as the actor, the public pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models, transaction

from core.audit import set_actor
from core.caching import public_content_changed
from organizations.models import Organization
from organizations.scoping import outside_scope_error, scope_for


def can_keep(actor, *, unit_id: int | None, organization_id: int | None) -> bool:
    """May ``actor`` keep a record of this unit and organization?

    The cadres of the unit (or a unit above it) may; so may the cadres of the organization (or
    of an organization above it), for a unit where their organization works.
    """
    scope = scope_for(actor)
    if scope.is_global:
        return True
    if unit_id is not None and unit_id in scope.writable_unit_ids:
        return True
    return (
        organization_id is not None
        and organization_id in scope.writable_org_ids
        and (unit_id is None or unit_id in scope.writable_org_unit_ids)
    )


def can_keep_for(actor, organization: Organization) -> bool:
    """May ``actor`` keep the records of ``organization`` (its unit's cadres, or its own)?"""
    return can_keep(actor, unit_id=organization.unit_id, organization_id=organization.pk)


def require_editable(actor, instance: models.Model, field: str | None = None) -> None:
    """Refuse unless an existing ``instance`` is in its model's ``editable_by(actor)``."""
    if instance.pk is None:
        return
    if not type(instance).objects.editable_by(actor).filter(pk=instance.pk).exists():
        raise outside_scope_error(field)


def refuse(field: str | None = None):
    return outside_scope_error(field)


@contextmanager
def atomic_as(actor) -> Iterator[None]:
    """One transaction whose writes the audit log records with ``actor``."""
    with transaction.atomic(), set_actor(actor):
        yield


def save(instance: models.Model, *, actor, public: bool = False) -> models.Model:
    """Validate the whole object and save it as ``actor``; ``public``: a public page shows it."""
    if instance.pk is None and hasattr(instance, "created_by_id") and instance.created_by_id is None:
        instance.created_by = actor
    instance.full_clean()
    with atomic_as(actor):
        instance.save()
    if public:
        public_content_changed()
    return instance
