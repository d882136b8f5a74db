"""What a user may see and change, read once per request.

This is the one place where scopes are turned into conditions (subqueries on the reach tables,
``organizations.models.reach``, built from the account's own scope rows) and sets of ids, and
``ScopedQuerySet`` the one place where they become conditions on rows: every scoped model's
QuerySet is one, declaring which of its columns name a unit or an organization. A view cannot
forget a check: it can only ask for objects through ``visible_to`` / ``editable_by``, and a page
that shows an "Edit" button asks ``with_edit_flag`` (the same condition as ``editable_by``, in the
same query).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, Value
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy

from core.counting import CappedCount, TableRows

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


# The tags of the rows of the one query that reads a scope's ids (``UserScope._load``).
_UNIT, _ORG, _ORG_BY_UNIT, _ORG_UNIT = range(4)


# The share of all units (or of all organizations) from which a scope is "wide": it then covers a
# large share of every table, and its conditions are an OR instead of a union (``any_of``). A ward of
# La Gi covers a few percent of the province's units and a third of its records; a ward of a
# country-wide structure a few tenths of a percent, a province a few percent.
WIDE_SHARE = 0.01


class ScopeIds:
    """The ids of a scope's units or organizations as a subquery on the reach tables.

    ``Q(unit_id__in=ids)`` puts the subquery in the SQL (no list of ids: its parameters are the
    account's scope roots), and ``bool(ids)`` says whether there are any without asking the
    database (every root covers itself). This is what ``ScopedQuerySet.scope_condition`` receives.
    """

    __slots__ = ("_query", "wide", "by_root", "by_unit", "rowwise")

    def __init__(
        self,
        query: models.QuerySet | None = None,
        *,
        wide: bool = False,
        by_root: models.QuerySet | None = None,
        by_unit: models.QuerySet | None = None,
        rowwise: bool | None = None,
    ) -> None:
        self._query = query
        # Whether the ids cover a large share of the table: ``any_of`` then asks for an OR (see there).
        self.wide = wide
        # Organizations only: the two halves of ``query``, those below the organization roots and
        # the units whose organizations are all in (``matching``).
        self.by_root = by_root
        self.by_unit = by_unit
        # Whether a condition on them is asked of each row the query reads (``RowExists``): for a
        # wide scope, unless the query reads the whole scope anyway (``visible_to(whole=True)``).
        self.rowwise = wide if rowwise is None else rowwise

    def matching(self, lookup: str) -> Q:
        """``lookup`` (a column holding a unit's or an organization's id) among these ids.

        For the organizations of a wide scope's units the condition is on the organization's own
        unit (``organization__unit_id IN units``) rather than on a list of the organizations of a
        province: PostgreSQL would read all 420,000 organizations of the country to hash the 24,000
        of the province before the first row, for each query of the page.
        """
        if not (self.rowwise and self.by_unit is not None):
            return Q(**{f"{lookup}__in": self})
        if lookup == "pk":  # the organizations themselves
            condition = Q(unit_id__in=self.by_unit)
        else:  # asked of each row: a join would read every organization of the country too
            from .models import Organization

            organization = Organization._base_manager.filter(pk=OuterRef(lookup), unit_id__in=self.by_unit)
            condition = Q(RowExists(organization))
        if self.by_root is not None:
            condition |= Q(**{f"{lookup}__in": self.by_root})
        return condition

    def __bool__(self) -> bool:
        return self._query is not None

    def __repr__(self) -> str:
        return f"ScopeIds({self._query.query if self._query is not None else 'nothing'})"

    @property
    def query(self) -> models.QuerySet:
        """The subquery (one column of ids); an empty one when there is nothing."""
        if self._query is None:
            from .models import UnitReach

            return UnitReach.objects.none().values("unit_id")
        return self._query

    def resolve_expression(self, *args, **kwargs):
        return self.query.resolve_expression(*args, **kwargs)


NO_IDS = ScopeIds()


@dataclass(frozen=True)
class _IdSets:
    readable_unit_ids: frozenset[int] = frozenset()
    writable_unit_ids: frozenset[int] = frozenset()
    readable_org_ids: frozenset[int] = frozenset()
    writable_org_ids: frozenset[int] = frozenset()
    readable_org_unit_ids: frozenset[int] = frozenset()
    writable_org_unit_ids: frozenset[int] = frozenset()


_NO_SETS = _IdSets()


@dataclass(frozen=True)
class UserScope:
    """An account's scope: its roots (the units and organizations of its ``Scope`` rows), and what
    they cover, read from the reach tables (``organizations.models.reach``).

    The roots are read once per request (``scope_for``). The conditions on rows are subqueries
    built from the roots (``unit_ids_query`` / ``org_ids_query`` / ``org_unit_ids_query``), so a
    scoped list costs no query of its own; the id sets (``readable_unit_ids`` ...) are read on
    first use, all in one query bounded by the account's own subtree, and kept on the object.
    """

    is_global: bool
    root_unit_ids: tuple[int, ...] = ()
    root_org_ids: tuple[int, ...] = ()
    writable_root_unit_ids: tuple[int, ...] = ()
    writable_root_org_ids: tuple[int, ...] = ()
    # Whether the roots cover ``WIDE_SHARE`` of the units or organizations or more (``any_of``).
    wide: bool = False
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_empty(self) -> bool:
        return not self.is_global and not self.root_unit_ids and not self.root_org_ids

    @property
    def can_write(self) -> bool:
        return self.is_global or bool(self.writable_root_unit_ids or self.writable_root_org_ids)

    @property
    def writes_in_units(self) -> bool:
        """Whether the account writes in units (or everywhere), not only through organizations: read
        from its roots (each root covers itself), no id set needed."""
        return self.is_global or bool(self.writable_root_unit_ids)

    # The conditions: subqueries on the reach tables ------------------------------------------

    def _unit_roots(self, write: bool) -> tuple[int, ...]:
        return self.writable_root_unit_ids if write else self.root_unit_ids

    def _org_roots(self, write: bool) -> tuple[int, ...]:
        return self.writable_root_org_ids if write else self.root_org_ids

    def unit_ids_query(self, write: bool = False) -> ScopeIds:
        """The units the scope reads (or, with ``write``, changes): below its unit roots today, and
        every unit that became one of those."""
        from .models import UnitReach

        roots = self._unit_roots(write)
        if not roots:
            return NO_IDS
        return ScopeIds(UnitReach.objects.filter(ancestor_id__in=roots).values("unit_id"), wide=self.wide)

    def org_ids_query(self, write: bool = False, *, whole: bool = False) -> ScopeIds:
        """The organizations the scope reads (or changes): below its organization roots and what
        became them, and every organization of its units. ``whole``: for a query that reads every
        row of the scope (a count by status), where a set hashed once costs less than a question
        asked of each row (``ScopeIds.rowwise``)."""
        from .models import Organization, OrganizationReach

        roots = self._org_roots(write)
        units = self.unit_ids_query(write)
        by_root = by_unit = None
        parts = []
        if roots:
            by_root = (
                OrganizationReach.objects.filter(ancestor_id__in=roots).order_by().values("organization_id")
            )
            parts.append(by_root)
        if units:
            by_unit = units.query
            parts.append(Organization.objects.filter(unit_id__in=units).order_by().values("pk"))
        if not parts:
            return NO_IDS
        query = parts[0] if len(parts) == 1 else parts[0].union(parts[1], all=True)
        return ScopeIds(
            query, wide=self.wide, by_root=by_root, by_unit=by_unit, rowwise=self.wide and not whole
        )

    def org_unit_ids_query(self, write: bool = False) -> ScopeIds:
        """The units (and the units below them today) of the scope's organization roots: where its
        organizations work."""
        from .models import UnitReach

        roots = self._org_roots(write)
        if not roots:
            return NO_IDS
        below = UnitReach.objects.filter(through_lineage=False, ancestor__organizations__pk__in=roots)
        return ScopeIds(below.values("unit_id"), wide=self.wide)

    def work_units(self, queryset: models.QuerySet, write: bool = False) -> models.QuerySet:
        """The units of ``queryset`` whose work the user may read (or, with ``write``, record): their
        units, and where their organizations work (``readable_work_unit_ids``), by subqueries on
        the reach tables instead of a list of a province's ids."""
        if self.is_global:
            return queryset
        parts = [Q(pk__in=ids) for ids in (self.unit_ids_query(write), self.org_unit_ids_query(write)) if ids]
        condition = any_of(queryset.model, parts, wide=self.wide)
        return queryset.none() if condition is None else queryset.filter(condition)

    # The id sets: read on first use, in one query ----------------------------------------------

    def _sets(self) -> _IdSets:
        if "sets" not in self._cache:
            self._cache["sets"] = self._load()
        return self._cache["sets"]

    def _load(self) -> _IdSets:
        """Every id set of the scope in one query (a union of the reach rows below its roots)."""
        from .models import Organization, OrganizationReach, UnitReach

        if self.is_global or self.is_empty:
            return _NO_SETS
        units, orgs = self.root_unit_ids, self.root_org_ids
        parts = []
        if units:
            parts.append(
                UnitReach.objects.filter(ancestor_id__in=units).values_list(
                    Value(_UNIT), "unit_id", "ancestor_id"
                )
            )
            parts.append(
                Organization.objects.filter(unit__reach_above__ancestor_id__in=units)
                .order_by()
                .values_list(Value(_ORG_BY_UNIT), "pk", "unit__reach_above__ancestor_id")
            )
        if orgs:
            parts.append(
                OrganizationReach.objects.filter(ancestor_id__in=orgs).values_list(
                    Value(_ORG), "organization_id", "ancestor_id"
                )
            )
            parts.append(
                UnitReach.objects.filter(through_lineage=False, ancestor__organizations__pk__in=orgs)
                .order_by()
                .values_list(Value(_ORG_UNIT), "unit_id", "ancestor__organizations__pk")
            )
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        write_units, write_orgs = set(self.writable_root_unit_ids), set(self.writable_root_org_ids)
        found: dict[str, set[int]] = defaultdict(set)
        for tag, pk, root in rows:
            if tag == _UNIT:
                found["readable_unit_ids"].add(pk)
                if root in write_units:
                    found["writable_unit_ids"].add(pk)
            elif tag == _ORG_UNIT:
                found["readable_org_unit_ids"].add(pk)
                if root in write_orgs:
                    found["writable_org_unit_ids"].add(pk)
            else:
                found["readable_org_ids"].add(pk)
                if root in (write_orgs if tag == _ORG else write_units):
                    found["writable_org_ids"].add(pk)
        return _IdSets(**{name: frozenset(ids) for name, ids in found.items()})

    @property
    def readable_unit_ids(self) -> frozenset[int]:
        return self._sets().readable_unit_ids

    @property
    def writable_unit_ids(self) -> frozenset[int]:
        return self._sets().writable_unit_ids

    @property
    def readable_org_ids(self) -> frozenset[int]:
        return self._sets().readable_org_ids

    @property
    def writable_org_ids(self) -> frozenset[int]:
        return self._sets().writable_org_ids

    @property
    def readable_org_unit_ids(self) -> frozenset[int]:
        """Units (and the units below them) where the organizations of an organization scope work:
        where their members may log activities, without seeing the rest of those units' records."""
        return self._sets().readable_org_unit_ids

    @property
    def writable_org_unit_ids(self) -> frozenset[int]:
        return self._sets().writable_org_unit_ids

    @property
    def work_unit_ids(self) -> frozenset[int]:
        """Units where the user may record work: their units, and where their organizations work."""
        return self.writable_unit_ids | self.writable_org_unit_ids

    @property
    def readable_work_unit_ids(self) -> frozenset[int]:
        """Units whose work the user may read: their units, and where their organizations work."""
        return self.readable_unit_ids | self.readable_org_unit_ids

    def can_read_unit(self, unit_id: int) -> bool:
        return self.is_global or unit_id in self.readable_unit_ids

    def can_write_unit(self, unit_id: int) -> bool:
        return self.is_global or unit_id in self.writable_unit_ids

    def can_read_org(self, org_id: int) -> bool:
        return self.is_global or org_id in self.readable_org_ids

    def can_write_org(self, org_id: int) -> bool:
        return self.is_global or org_id in self.writable_org_ids


EMPTY_SCOPE = UserScope(is_global=False)
GLOBAL_SCOPE = UserScope(is_global=True)


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


def units_below_query(unit_id: int) -> models.QuerySet:
    """The unit and the units below it today, as a subquery (``Q(unit_id__in=...)``)."""
    from .models import UnitReach

    return UnitReach.objects.filter(ancestor_id=unit_id, through_lineage=False).values("unit_id")


def organizations_below_query(organization_id: int) -> models.QuerySet:
    """The organization and its branches today, as a subquery (``Q(organization_id__in=...)``)."""
    from .models import OrganizationReach

    return OrganizationReach.objects.filter(ancestor_id=organization_id, through_lineage=False).values(
        "organization_id"
    )


def unit_and_below(unit) -> set[int]:
    """The unit and the units below it (one query on the reach table). "As it is now" maps records
    through ``current_unit`` instead (``organizations.lineage.unit_condition``)."""
    return set(units_below_query(unit.pk).values_list("unit_id", flat=True))


def scope_for(user) -> UserScope:
    """The scope of ``user``, cached on the user object for the rest of the request.

    Data access comes from the account's ``Scope`` rows only. A superuser, or a staff account
    given the explicit "see everything" permission (``organizations.see_everything``), sees
    everything; staff status alone does not (it opens the admin, for what its model permissions
    allow). The permission is read for staff accounts only, where the admin grants it, so an
    ordinary cadre's page costs no permission query. An anonymous or inactive user, or an account
    without scopes, sees nothing (fail safe). Costs one query the first time (the account's scope
    rows), none after; the id sets cost one more, on first use.
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
    """The account's roots, from its own ``Scope`` rows (one query); what they cover is read from
    the reach tables when it is needed."""
    from .models import Access, AdministrativeUnit, Organization, OrganizationReach, Scope, UnitReach

    rows = list(
        Scope.objects.filter(user=user).values_list(
            "unit_id",
            "organization_id",
            "access",
            _covered(UnitReach, AdministrativeUnit, "unit_id"),
            _covered(OrganizationReach, Organization, "organization_id"),
        )
    )
    if not rows:
        return EMPTY_SCOPE
    write = Access.WRITE
    return UserScope(
        is_global=False,
        root_unit_ids=tuple(dict.fromkeys(row[0] for row in rows if row[0])),
        root_org_ids=tuple(dict.fromkeys(row[1] for row in rows if row[1])),
        writable_root_unit_ids=tuple(dict.fromkeys(row[0] for row in rows if row[0] and row[2] == write)),
        writable_root_org_ids=tuple(dict.fromkeys(row[1] for row in rows if row[1] and row[2] == write)),
        wide=sum(row[3] or 0 for row in rows) >= WIDE_SHARE or sum(row[4] or 0 for row in rows) >= WIDE_SHARE,
    )


# The rows below a root that are counted to tell its share: enough for 1 % of 2,000,000.
COUNTED_BELOW = 20_000


def _covered(reach, model, root: str):
    """The share of every row of ``model`` (units or organizations) below a scope row's root, from
    the reach table: a subquery of the scope's own query (none of its own), at a cost that does not
    grow with the country (at most ``COUNTED_BELOW`` reach rows; the table's own size estimated
    when it is large, ``core.counting.TableRows``)."""
    below = CappedCount(reach.objects.filter(ancestor_id=OuterRef(root)), COUNTED_BELOW)
    return Cast(below, FloatField()) / Cast(NullIf(TableRows(model), 0), FloatField())


def outside_scope_error(field: str | None = None) -> ValidationError:
    """The error of a change outside the actor's scope, on ``field`` or on the whole form."""
    return ValidationError({field: OUTSIDE_SCOPE} if field else OUTSIDE_SCOPE, code="outside_scope")


def require_write_scope(user) -> None:
    """403 for an account that may change nothing (a read-only cadre)."""
    if not scope_for(user).can_write:
        raise PermissionDenied


def _lookup_parts(lookups: Iterable[str], ids: ScopeIds) -> list[Q]:
    """``lookup__in=ids`` for each lookup; none when there is nothing to match."""
    if not ids:
        return []
    return [ids.matching(lookup) for lookup in lookups]


class RowExists(Exists):
    """``EXISTS`` asked of each row in turn.

    PostgreSQL turns a plain ``EXISTS`` correlated on one column into a hash of every row the
    subquery can return, built before the outer query returns its first row: for "activities
    organized by one of a province's organizations" that is every such activity, when the first
    page of the work log needs 25. ``OFFSET 0`` keeps the subquery as it is written (the planner
    does not flatten or hash a subquery with an offset), so it is an index look-up per row.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"


def any_of(model: type[models.Model], parts: list[Q | models.QuerySet], *, wide: bool = False) -> Q | None:
    """Rows of ``model`` matching any of ``parts`` (conditions on the model, or subqueries of its
    primary keys; for a ``wide`` scope also ``RowExists``); None when there are none.

    One part is the condition itself. Several become ``pk IN (… UNION ALL …)`` for a scope of a
    ward or a commune: PostgreSQL cannot use an index for an OR of subqueries and would read every
    row of the table (every activity of the country), where each branch of the union is an index
    look-up bounded by the scope. For a ``wide`` scope (a province) they stay an OR: the union
    would gather the ids of most of the table before the page's own conditions (overdue, this
    status) could narrow it, where an OR is tested on the rows those conditions find (a
    province's overdue concerns: 1.2 s through the union, milliseconds through the OR).
    """
    if not parts:
        return None
    if len(parts) == 1 and isinstance(parts[0], Q):
        return parts[0]
    if wide:
        condition = Q()
        for part in parts:
            condition |= Q(pk__in=part) if isinstance(part, models.QuerySet) else part
        return condition
    keys = [
        part
        if isinstance(part, models.QuerySet)
        else model._base_manager.filter(part).order_by().values("pk")
        for part in parts
    ]
    return Q(pk__in=keys[0] if len(keys) == 1 else keys[0].union(*keys[1:], all=True))


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

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        """The condition on a row for these units and organizations (subqueries: ``ScopeIds``);
        None matches nothing."""
        unit_lookups = self.unit_lookups
        org_lookups = self.org_lookups
        if write and self.write_unit_lookups is not None:
            unit_lookups = self.write_unit_lookups
        if write and self.write_org_lookups is not None:
            org_lookups = self.write_org_lookups
        parts = _lookup_parts(unit_lookups, unit_ids) + _lookup_parts(org_lookups, org_ids)
        return any_of(self.model, parts, wide=unit_ids.wide or org_ids.wide)

    def _writable_condition(self, user) -> Q | bool:
        """True (everything), False (nothing) or the condition of ``editable_by(user)``."""
        scope = scope_for(user)
        if scope.is_global:
            return True
        if not scope.can_write:
            return False
        condition = self.scope_condition(
            scope.unit_ids_query(write=True), scope.org_ids_query(write=True), write=True
        )
        return False if condition is None else condition

    def visible_to(self, user, *, whole: bool = False):
        """The rows ``user`` may see. ``whole`` for a query that reads them all (an aggregate over
        the scope, not a page of it): see ``UserScope.org_ids_query``."""
        scope = scope_for(user)
        if scope.is_global:
            return self.all()
        if scope.is_empty:
            return self.none()
        condition = self.scope_condition(
            scope.unit_ids_query(), scope.org_ids_query(whole=whole), write=False
        )
        return self.none() if condition is None else self.filter(condition)

    def editable_by(self, user):
        condition = self._writable_condition(user)
        if condition is True:
            return self.all()
        if condition is False:
            return self.none()
        return self.filter(condition)

    def with_edit_flag(self, user):
        """Each row with ``user_can_edit``: whether it is in ``editable_by(user)``, in the same query.

        The flag asks about the row itself (``EXISTS`` on its primary key), so that the database
        looks up the shown rows one by one instead of first listing everything the account may
        change (a province's records) to test them against."""
        condition = self._writable_condition(user)
        if isinstance(condition, bool):
            flag = Value(condition, output_field=BooleanField())
        else:
            flag = Exists(self.model._base_manager.filter(condition, pk=OuterRef("pk")))
        return self.annotate(user_can_edit=flag)
