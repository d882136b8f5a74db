"""Writes to the register of authorities (the admins').

The register is read by every cadre (the forms' choices) and by residents (the public pages of
authorities); only an account with the model permissions changes it, which the admin grants to
administrators. Each write is validated, saved in a transaction with the actor in the audit log,
and moves the public pages on (an authority's name and dates are shown there).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.caching import public_content_changed

from .models import Authority


def _require_permission(actor, action: str) -> None:
    if actor is None or not actor.has_perm(f"organizations.{action}_authority"):
        raise ValidationError(_("Only administrators can change the register of authorities."))


def save_authority(*, actor, authority: Authority) -> Authority:
    """Create or change an authority of the register; refused without the model permission."""
    _require_permission(actor, "change" if authority.pk else "add")
    authority.full_clean()
    if authority.replaced_by_id is not None and _replaces_itself(authority):
        raise ValidationError({"replaced_by": _("An authority cannot replace itself.")})
    with transaction.atomic(), set_actor(actor):
        authority.save()
        public_content_changed()
    return authority


def delete_authority(*, actor, authority: Authority) -> None:
    """Delete an authority entered by mistake (one that ends is given an end date instead). The
    database refuses while a concern or a recommendation was sent to it."""
    _require_permission(actor, "delete")
    with transaction.atomic(), set_actor(actor):
        authority.delete()
        public_content_changed()


def _replaces_itself(authority: Authority) -> bool:
    """Whether following ``replaced_by`` from ``authority`` comes back to it (a loop)."""
    if authority.pk is None:
        return False
    successors = dict(Authority.objects.filter(replaced_by__isnull=False).values_list("pk", "replaced_by_id"))
    successors[authority.pk] = authority.replaced_by_id
    seen: set[int] = set()
    current = authority.replaced_by_id
    while current is not None and current not in seen:
        if current == authority.pk:
            return True
        seen.add(current)
        current = successors.get(current)
    return False
