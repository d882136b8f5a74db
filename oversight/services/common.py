"""What the oversight services share: the scope checks, saving with the audit actor, publishing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.audit import set_actor
from core.caching import public_content_changed
from organizations.models import Organization
from organizations.scoping import outside_scope_error, scope_for


def refuse(field: str | None = None) -> ValidationError:
    return outside_scope_error(field)


def can_work_for_board(actor, board: Organization) -> bool:
    """The board's own members (a write scope on the board) or the cadres of its unit."""
    scope = scope_for(actor)
    return scope.can_write_unit(board.unit_id) or scope.can_write_org(board.pk)


def can_manage_board(actor, board: Organization) -> bool:
    """Who sits on a board and its founding decision are kept by the cadres of its unit."""
    return scope_for(actor).can_write_unit(board.unit_id)


def require_editable(actor, instance: models.Model, field: str | None = None) -> None:
    """Raise unless an existing ``instance`` is in its model's ``editable_by(actor)``."""
    if instance.pk is None:
        return
    if not type(instance).objects.editable_by(actor).filter(pk=instance.pk).exists():
        raise refuse(field)


def save(instance: models.Model, *, actor) -> models.Model:
    """Validate and save as ``actor`` in a transaction; the audit log records who."""
    instance.full_clean()
    with atomic_as(actor):
        instance.save()
    return instance


@contextmanager
def atomic_as(actor) -> Iterator[None]:
    """One transaction whose writes the audit log records with ``actor``."""
    with transaction.atomic(), set_actor(actor):
        yield


def public_pages_changed() -> None:
    """Something a public page shows changed: the cached public pages are rebuilt (after commit)."""
    public_content_changed()
