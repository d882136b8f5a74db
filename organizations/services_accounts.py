"""Portal accounts and their scopes, written by staff on the portal's account screens
(``views_staff_accounts``): create an account, give or take a scope, set a new password.

Every write checks the actor's model permissions (the same the admin asks for), validates, runs
in a transaction and is recorded in the audit log with the actor. A password is never logged:
setting one leaves an entry that says so, without the value.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import set_actor

from .models import AdministrativeUnit, Organization, Person, Scope, User
from .scoping import forget_scope
from .services import audited_delete, audited_save


@dataclass(frozen=True)
class ScopeChoice:
    """One scope to give: a unit or an organization, read only or read and write."""

    access: str
    unit: AdministrativeUnit | None = None
    organization: Organization | None = None


def _require(actor, *codenames: str) -> None:
    if not actor.is_staff or not all(actor.has_perm(f"organizations.{name}") for name in codenames):
        raise PermissionDenied


def create_account(
    *,
    actor,
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    must_change_password: bool,
    person: Person | None = None,
    scopes: list[ScopeChoice] = (),
) -> User:
    """A new cadre account with its initial password and its scopes, in one transaction."""
    _require(actor, "add_user", "add_scope")
    account = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        person=person,
        must_change_password=must_change_password,
    )
    validate_password(password, user=account)
    account.set_password(password)
    with transaction.atomic():
        audited_save(account, actor=actor)
        for choice in scopes:
            add_scope(actor=actor, account=account, choice=choice)
    return account


def add_scope(*, actor, account: User, choice: ScopeChoice) -> Scope:
    _require(actor, "add_scope")
    scope = Scope(user=account, unit=choice.unit, organization=choice.organization, access=choice.access)
    if Scope.objects.filter(user=account, unit=choice.unit, organization=choice.organization).exists():
        raise ValidationError(_("The account already has this scope."))
    audited_save(scope, actor=actor)
    forget_scope(account)
    return scope


def remove_scope(*, actor, scope: Scope) -> None:
    _require(actor, "delete_scope")
    audited_delete(scope, actor=actor)


def set_password(*, actor, account: User, password: str, must_change_password: bool) -> User:
    """A new password chosen by staff (every session of the account ends with the old one)."""
    _require(actor, "change_user")
    validate_password(password, user=account)
    account.set_password(password)
    account.must_change_password = must_change_password
    with transaction.atomic(), set_actor(actor):
        account.save(update_fields=["password", "must_change_password"])
        # The password itself is not logged (auditlog excludes it): an entry says it was set.
        LogEntry.objects.log_create(
            account,
            action=LogEntry.Action.UPDATE,
            changes={"password": ["***", _("set by staff")]},
        )
    return account
