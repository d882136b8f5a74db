"""What a user may see and change, computed once per request.

This is the one place where scopes are turned into sets of ids, and ``ScopedQuerySet`` the one
place where they become conditions on rows: every scoped model's QuerySet is one, declaring
which of its columns name a unit or an organization. A view cannot forget a check: it can only
ask for objects through ``visible_to`` / ``editable_by``, and a page that shows an "Edit" button
asks ``with_edit_flag`` (the same condition as ``editable_by``, in the same query).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.utils.translation import gettext_lazy

_CACHE_ATTR = "_lagi_scope"

# The two answers to a change the account may not make, the same everywhere.
OUTSIDE_SCOPE = gettext_lazy("This is outside the units and organizations you may change.")
READ_ONLY = gettext_lazy("Your account may only read.")
# Through an organization scope, only the record of a member organization may change.
UNIT_KEEPS_RECORD = gettext_lazy(
    "Front committees, working committees and boards are kept by the cadres of their unit."
)
BOARD_MEMBERS_ELSEWHERE = gettext_lazy(
    "Board members are added and changed on the board's page under Oversight."
)


@dataclass(frozen=True)
class UserScope:
    is_global: bool
    readable_unit_ids: frozenset[int]
    writable_unit_ids: frozenset[int]
    readable_org_ids: frozenset[int]
    writable_org_ids: frozenset[int]
    # Units (and the units below them) where the organizations of an organization
    # scope work: where their members may log activities, without seeing the rest of
    # those units' records.
    readable_org_unit_ids: frozenset[int]
    writable_org_unit_ids: frozenset[int]
    root_unit_ids: tuple[int, ...]
    root_org_ids: tuple[int, ...]

    @property
    def is_empty(self) -> bool:
        return not self.is_global and not self.readable_unit_ids and not self.readable_org_ids

    @property
    def work_unit_ids(self) -> frozenset[int]:
        """Units where the user may record work: their units, and where their organizations work."""
        return self.writable_unit_ids | self.writable_org_unit_ids

    @property
    def readable_work_unit_ids(self) -> frozenset[int]:
        """Units whose work the user may read: their units, and where their organizations work."""
        return self.readable_unit_ids | self.readable_org_unit_ids

    @property
    def can_write(self) -> bool:
        return self.is_global or bool(self.writable_unit_ids or self.writable_org_ids)

    def can_read_unit(self, unit_id: int) -> bool:
        return self.is_global or unit_id in self.readable_unit_ids

    def can_write_unit(self, unit_id: int) -> bool:
        return self.is_global or unit_id in self.writable_unit_ids

    def can_read_org(self, org_id: int) -> bool:
        return self.is_global or org_id in self.readable_org_ids

    def can_write_org(self, org_id: int) -> bool:
        return self.is_global or org_id in self.writable_org_ids


EMPTY_SCOPE = UserScope(
    False, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), (), ()
)
GLOBAL_SCOPE = UserScope(
    True, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), (), ()
)


def descendants(roots: Iterable[int], children: dict[int, list[int]]) -> set[int]:
    """The roots and everything below them in a parent → children map."""
    found: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node in found:
            continue
        found.add(node)
        stack.extend(children.get(node, ()))
    return found


def lineage_predecessors(ids: Iterable[int], came_from: dict[int, list[int]]) -> set[int]:
    """The ids and every unit (or organization) that became one of them, through any chain of
    reorganizations."""
    return descendants(ids, came_from)


def _unit_tree() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Every unit's sub-units and the units it came from, in one query (a union of the parent
    links and the lineage)."""
    from .models import AdministrativeUnit, UnitLineage

    parents = (
        AdministrativeUnit.objects.order_by().annotate(edge=Value(0)).values_list("pk", "parent_id", "edge")
    )
    lineage = (
        UnitLineage.objects.order_by().annotate(edge=Value(1)).values_list("after_id", "before_id", "edge")
    )
    children: dict[int, list[int]] = defaultdict(list)
    came_from: dict[int, list[int]] = defaultdict(list)
    for pk, other, edge in parents.union(lineage, all=True):
        if other is None:
            continue
        if edge:
            came_from[pk].append(other)
        else:
            children[other].append(pk)
    return children, came_from


def unit_and_below(unit) -> set[int]:
    """The unit and the units below it (one query). "As it is now" maps records through
    ``current_unit`` instead (``organizations.lineage.unit_condition``)."""
    children, _came_from = _unit_tree()
    return descendants([unit.pk], children)


def scope_for(user) -> UserScope:
    """The scope of ``user``, cached on the user object for the rest of the request.

    Data access comes from the account's ``Scope`` rows only. A superuser, or a staff account
    given the explicit "see everything" permission (``organizations.see_everything``), sees
    everything; staff status alone does not (it opens the admin, for what its model permissions
    allow). The permission is read for staff accounts only, where the admin grants it, so an
    ordinary cadre's page costs no permission query. An anonymous or inactive user, or an account
    without scopes, sees nothing (fail safe). Costs three queries the first time, none after.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser or (user.is_staff and user.has_perm(_see_everything())):
        scope = GLOBAL_SCOPE
    else:
        scope = _compute(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


def _see_everything() -> str:
    from .models.accounts import SEE_EVERYTHING

    return SEE_EVERYTHING


def forget_scope(user) -> None:
    """Drop the cached scope (after the user's scopes changed within a request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _compute(user) -> UserScope:
    from .models import Access, Organization, OrganizationLineage, Scope

    rows = list(Scope.objects.filter(user=user).values_list("unit_id", "organization_id", "access"))
    if not rows:
        return EMPTY_SCOPE

    unit_children, unit_came_from = _unit_tree()
    org_children: dict[int, list[int]] = defaultdict(list)
    org_came_from: dict[int, list[int]] = defaultdict(list)
    org_by_unit: dict[int, list[int]] = defaultdict(list)
    org_unit: dict[int, int] = {}
    # One query: every organization (with its unit and parent) and the organization lineage.
    orgs = (
        Organization.objects.order_by()
        .annotate(edge=Value(0))
        .values_list("pk", "parent_id", "unit_id", "edge")
    )
    lineage = OrganizationLineage.objects.order_by().annotate(
        unit=Value(None, output_field=models.IntegerField())
    )
    lineage = lineage.annotate(edge=Value(1)).values_list("after_id", "before_id", "unit", "edge")
    for pk, other, unit_id, edge in orgs.union(lineage, all=True):
        if edge:
            org_came_from[pk].append(other)
            continue
        org_unit[pk] = unit_id
        org_by_unit[unit_id].append(pk)
        if other is not None:
            org_children[other].append(pk)

    def expand(unit_roots: list[int], org_roots: list[int]) -> tuple[set[int], set[int], set[int]]:
        # A scope covers what is below its roots today and everything that became part of it.
        units = lineage_predecessors(descendants(unit_roots, unit_children), unit_came_from)
        orgs = lineage_predecessors(descendants(org_roots, org_children), org_came_from)
        for unit_id in units:
            orgs.update(org_by_unit.get(unit_id, ()))
        org_units = descendants((org_unit[o] for o in org_roots if o in org_unit), unit_children)
        return units, orgs, org_units

    read_units = [u for u, _o, _a in rows if u]
    read_orgs = [o for _u, o, _a in rows if o]
    write_units = [u for u, _o, a in rows if u and a == Access.WRITE]
    write_orgs = [o for _u, o, a in rows if o and a == Access.WRITE]
    r_units, r_orgs, r_org_units = expand(read_units, read_orgs)
    w_units, w_orgs, w_org_units = expand(write_units, write_orgs)
    return UserScope(
        is_global=False,
        readable_unit_ids=frozenset(r_units),
        writable_unit_ids=frozenset(w_units),
        readable_org_ids=frozenset(r_orgs),
        writable_org_ids=frozenset(w_orgs),
        readable_org_unit_ids=frozenset(r_org_units),
        writable_org_unit_ids=frozenset(w_org_units),
        root_unit_ids=tuple(dict.fromkeys(read_units)),
        root_org_ids=tuple(dict.fromkeys(read_orgs)),
    )


def outside_scope_error(field: str | None = None) -> ValidationError:
    """The error of a change outside the actor's scope, on ``field`` or on the whole form."""
    return ValidationError({field: OUTSIDE_SCOPE} if field else OUTSIDE_SCOPE, code="outside_scope")


def require_write_scope(user) -> None:
    """403 for an account that may change nothing (a read-only cadre)."""
    if not scope_for(user).can_write:
        raise PermissionDenied


def _any_of(lookups: Iterable[str], ids: frozenset[int]) -> Q | None:
    """``lookup__in=ids`` for each lookup, or-ed; None when there is nothing to match."""
    if not ids:
        return None
    condition: Q | None = None
    for lookup in lookups:
        part = Q(**{f"{lookup}__in": ids})
        condition = part if condition is None else condition | part
    return condition


class ScopedQuerySet(models.QuerySet):
    """``visible_to`` / ``editable_by`` of a model, from the user's scope.

    A row is visible when one of its unit lookups is among the user's readable units, or one of
    its organization lookups among the user's readable organizations (a board member's account is
    scoped to their board). Writing may follow fewer lookups than reading
    (``write_unit_lookups`` / ``write_org_lookups``): a board member reads the projects of their
    board but does not keep the commune's register of projects. A model whose rule is not a
    plain lookup (an activity organized by one of the user's organizations) overrides
    ``scope_condition``.
    """

    unit_lookups: tuple[str, ...] = ()
    org_lookups: tuple[str, ...] = ()
    write_unit_lookups: tuple[str, ...] | None = None
    write_org_lookups: tuple[str, ...] | None = None

    def scope_condition(self, unit_ids: frozenset[int], org_ids: frozenset[int], *, write: bool) -> Q | None:
        """The condition on a row for these units and organizations; None matches nothing."""
        unit_lookups = self.unit_lookups
        org_lookups = self.org_lookups
        if write and self.write_unit_lookups is not None:
            unit_lookups = self.write_unit_lookups
        if write and self.write_org_lookups is not None:
            org_lookups = self.write_org_lookups
        parts = [part for part in (_any_of(unit_lookups, unit_ids), _any_of(org_lookups, org_ids)) if part]
        if not parts:
            return None
        condition = parts[0]
        for part in parts[1:]:
            condition |= part
        return condition

    def _writable_condition(self, user) -> Q | bool:
        """True (everything), False (nothing) or the condition of ``editable_by(user)``."""
        scope = scope_for(user)
        if scope.is_global:
            return True
        if not scope.can_write:
            return False
        condition = self.scope_condition(scope.writable_unit_ids, scope.writable_org_ids, write=True)
        return False if condition is None else condition

    def visible_to(self, user):
        scope = scope_for(user)
        if scope.is_global:
            return self.all()
        if scope.is_empty:
            return self.none()
        condition = self.scope_condition(scope.readable_unit_ids, scope.readable_org_ids, write=False)
        return self.none() if condition is None else self.filter(condition)

    def editable_by(self, user):
        condition = self._writable_condition(user)
        if condition is True:
            return self.all()
        if condition is False:
            return self.none()
        return self.filter(condition)

    def with_edit_flag(self, user):
        """Each row with ``user_can_edit``: whether it is in ``editable_by(user)``, in the same query."""
        condition = self._writable_condition(user)
        if isinstance(condition, bool):
            flag = Value(condition, output_field=BooleanField())
        else:
            flag = ExpressionWrapper(condition, output_field=BooleanField())
        return self.annotate(user_can_edit=flag)
