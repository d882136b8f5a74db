"""Scopes read from the stored reach (organizations/models/reach.py, organizations/reach.py).

The rule is the one scopes always had: a unit scope covers what is below its roots today and every
unit that became part of it through any chain of reorganizations; an organization scope the same
over branches and the organization lineage, plus where its organizations work (the units below
theirs, without the lineage). ``old_scope`` below is that rule as it was computed before the reach
was stored (the whole tree loaded on each request), kept here as the oracle.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from concerns.models import Concern
from organizations.models import (
    Access,
    AdministrativeUnit,
    Organization,
    OrganizationLineage,
    OrganizationReach,
    Scope,
    UnitLineage,
    UnitReach,
)
from organizations.reach import rebuild_reach
from organizations.reorganizing import apply, undo
from organizations.scoping import WIDE_SHARE, descendants, forget_scope, scope_for, unit_and_below
from organizations.services import save_organization, save_unit
from tests.factories import (
    ActivityFactory,
    ConcernFactory,
    OrganizationFactory,
    ScopeFactory,
    UnitFactory,
    UserFactory,
)
from tests.reorganization_common import make_town, new_unit, reorganization

pytestmark = pytest.mark.django_db

SETS = (
    "readable_unit_ids",
    "writable_unit_ids",
    "readable_org_ids",
    "writable_org_ids",
    "readable_org_unit_ids",
    "writable_org_unit_ids",
)
DEMO_ACCOUNTS = ("cadre_area", "cadre_ward", "cadre_women", "cadre_viewer", "board_member")


# --- the oracle: the rule as computed before the reach was stored --------------------------------


def old_scope(user) -> dict[str, frozenset[int]]:
    """The id sets of ``user``'s scope, from the whole tree and lineage loaded in memory."""
    rows = list(Scope.objects.filter(user=user).values_list("unit_id", "organization_id", "access"))
    unit_children: dict[int, list[int]] = defaultdict(list)
    unit_came_from: dict[int, list[int]] = defaultdict(list)
    for pk, parent in AdministrativeUnit.objects.values_list("pk", "parent_id"):
        if parent is not None:
            unit_children[parent].append(pk)
    for before, after in UnitLineage.objects.values_list("before_id", "after_id"):
        unit_came_from[after].append(before)
    org_children: dict[int, list[int]] = defaultdict(list)
    org_came_from: dict[int, list[int]] = defaultdict(list)
    org_by_unit: dict[int, list[int]] = defaultdict(list)
    org_unit: dict[int, int] = {}
    for pk, parent, unit_id in Organization.objects.values_list("pk", "parent_id", "unit_id"):
        org_unit[pk] = unit_id
        org_by_unit[unit_id].append(pk)
        if parent is not None:
            org_children[parent].append(pk)
    for before, after in OrganizationLineage.objects.values_list("before_id", "after_id"):
        org_came_from[after].append(before)

    def expand(unit_roots, org_roots):
        units = descendants(descendants(unit_roots, unit_children), unit_came_from)
        orgs = descendants(descendants(org_roots, org_children), org_came_from)
        for unit_id in units:
            orgs.update(org_by_unit.get(unit_id, ()))
        org_units = descendants((org_unit[o] for o in org_roots if o in org_unit), unit_children)
        return units, orgs, org_units

    read = expand([u for u, _o, _a in rows if u], [o for _u, o, _a in rows if o])
    write = expand(
        [u for u, _o, a in rows if u and a == Access.WRITE],
        [o for _u, o, a in rows if o and a == Access.WRITE],
    )
    return {
        "readable_unit_ids": frozenset(read[0]),
        "writable_unit_ids": frozenset(write[0]),
        "readable_org_ids": frozenset(read[1]),
        "writable_org_ids": frozenset(write[1]),
        "readable_org_unit_ids": frozenset(read[2]),
        "writable_org_unit_ids": frozenset(write[2]),
    }


def assert_same_as_the_old_rule(*users) -> None:
    """The id sets, and the subqueries the scoped QuerySets filter with, are the oracle's."""
    for user in users:
        forget_scope(user)
        scope = scope_for(user)
        expected = old_scope(user)
        assert {name: getattr(scope, name) for name in SETS} == expected, user.username
        for write, prefix in ((False, "readable"), (True, "writable")):
            units = AdministrativeUnit.objects.filter(pk__in=scope.unit_ids_query(write))
            orgs = Organization.objects.filter(pk__in=scope.org_ids_query(write))
            org_units = AdministrativeUnit.objects.filter(pk__in=scope.org_unit_ids_query(write))
            assert set(units.values_list("pk", flat=True)) == expected[f"{prefix}_unit_ids"]
            assert set(orgs.values_list("pk", flat=True)) == expected[f"{prefix}_org_ids"]
            assert set(org_units.values_list("pk", flat=True)) == expected[f"{prefix}_org_unit_ids"]


def stored_reach() -> tuple[set, set]:
    return (
        set(UnitReach.objects.values_list("ancestor_id", "unit_id", "through_lineage")),
        set(OrganizationReach.objects.values_list("ancestor_id", "organization_id", "through_lineage")),
    )


def assert_reach_is_complete() -> None:
    """The rows kept up to date step by step are the rows of a full rebuild."""
    kept = stored_reach()
    rebuild_reach()
    assert stored_reach() == kept


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def town():
    return make_town()


def accounts(town, *extra_units, extra_orgs=()) -> list:
    """Cadres of every kind over the town: unit and organization scopes, read and write, mixed."""
    users = [
        ScopeFactory(unit=town["province"], access=Access.READ).user,
        ScopeFactory(unit=town["a"]).user,
        ScopeFactory(unit=town["a1"], access=Access.READ).user,
        ScopeFactory(organization=town["union_a"]).user,
        ScopeFactory(organization=town["branch_b1"], access=Access.READ).user,
    ]
    mixed = UserFactory()
    ScopeFactory(user=mixed, unit=town["b"], access=Access.WRITE)
    ScopeFactory(user=mixed, unit=town["a2"], access=Access.READ)
    ScopeFactory(user=mixed, organization=town["union_a"], access=Access.READ)
    users.append(mixed)
    users += [ScopeFactory(unit=unit).user for unit in extra_units]
    users += [ScopeFactory(organization=org).user for org in extra_orgs]
    return users


# --- the same rule as before ---------------------------------------------------------------------


def test_a_merge_then_a_split_give_the_scopes_of_the_old_rule(town, admin):
    before = accounts(town)
    assert_same_as_the_old_rule(*before)
    merge = reorganization(
        "merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])]
    )
    apply(merge, actor=admin)
    c = AdministrativeUnit.objects.get(code="C")
    union_c = Organization.objects.get(unit=c, kind="womens_union", parent=None)
    after_merge = accounts(town, c, extra_orgs=[union_c])
    assert_same_as_the_old_rule(*before, *after_merge)
    # The new ward's cadre reads the old wards and their areas through the lineage, not as "below".
    cadre = after_merge[-2]
    assert {town["a"].pk, town["b"].pk, town["a1"].pk} <= scope_for(cadre).readable_unit_ids
    assert town["a"].pk not in unit_and_below(c)

    areas = {area.name: area for area in c.children.all()}
    split = reorganization(
        "split",
        [c],
        [
            new_unit("east", "Phường Đông", "E", town["province"]),
            new_unit("west", "Phường Tây", "W", town["province"]),
        ],
        areas={
            str(areas["Khu phố 1"].pk): {"to": "east"},
            str(areas["Khu phố 2"].pk): {"to": "east"},
            str(areas["Khu phố 7"].pk): {"to": "west"},
        },
        effective=datetime.date(2026, 1, 1),
    )
    apply(split, actor=admin)
    east, west = AdministrativeUnit.objects.get(code="E"), AdministrativeUnit.objects.get(code="W")
    union_east = Organization.objects.get(unit=east, kind="womens_union", parent=None)
    after_split = accounts(town, east, west, extra_orgs=[union_east])
    assert_same_as_the_old_rule(*before, *after_merge, *after_split)
    # Two reorganizations deep: the 2023 record of A1 is read by today's eastern ward.
    assert town["old_record"] in Activity.objects.visible_to(after_split[-3])
    assert town["old_record"] not in Activity.objects.visible_to(after_split[-2])
    assert_reach_is_complete()


def test_lineage_written_by_hand_and_a_cycle_give_the_scopes_of_the_old_rule(town):
    """Lineage rows in any shape (a unit that became two, a chain back to where it started)."""
    from organizations.models import Reorganization

    r = Reorganization.objects.create(
        kind="merge", effective_date=datetime.date(2025, 7, 1), **_basis(), plan={}
    )
    UnitLineage.objects.bulk_create(
        [
            UnitLineage(reorganization=r, before=town["a1"], after=town["b"]),
            UnitLineage(reorganization=r, before=town["a1"], after=town["b1"]),
            UnitLineage(reorganization=r, before=town["b1"], after=town["a2"]),
            UnitLineage(reorganization=r, before=town["a2"], after=town["a1"]),
        ]
    )
    OrganizationLineage.objects.create(reorganization=r, before=town["union_a"], after=town["branch_b1"])
    rebuild_reach(
        unit_ids=[town["a1"].pk, town["b1"].pk, town["a2"].pk], organization_ids=[town["union_a"].pk]
    )
    assert_same_as_the_old_rule(*accounts(town, town["b1"], town["a2"], extra_orgs=[town["branch_b1"]]))
    assert_reach_is_complete()


def _basis() -> dict:
    return {"basis_number": "1/NQ", "basis_date": datetime.date(2025, 6, 1), "basis_body": "Thử"}


def test_the_demo_accounts_have_the_scopes_of_the_old_rule(demo_user):
    """The seeded La Gi demo (its 2025 merges of wards, communes and unions): the reach that
    ``seed_demo`` left is a full rebuild's, and every demo account reads what the old rule gave."""
    assert_reach_is_complete()
    assert_same_as_the_old_rule(*(demo_user(name) for name in DEMO_ACCOUNTS))


# --- the cost of a request does not grow with the country ----------------------------------------


def _elsewhere(count: int) -> None:
    """``count`` units, each with an organization, in a province the cadre has nothing to do with."""
    province = UnitFactory(kind="province")
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(code=f"FAR-{province.pk}-{n}", name=f"Xã xa {n}", kind="commune", parent=province)
        for n in range(count)
    )
    Organization.objects.bulk_create(
        Organization(name=f"Hội xa {n}", kind="womens_union", unit=unit) for n, unit in enumerate(units)
    )
    rebuild_reach()


def _a_request(user_pk: int) -> list[str]:
    """What a ward cadre's list of activities costs: the queries, with the parameters inlined."""
    from organizations.models import User

    user = User.objects.get(pk=user_pk)
    with CaptureQueriesContext(connection) as captured:
        scope_for(user)
        list(Activity.objects.visible_to(user).with_edit_flag(user))
        list(Organization.objects.visible_to(user).with_record_edit_flag(user))
    return [query["sql"] for query in captured.captured_queries]


def test_a_cadres_lists_cost_the_same_at_ten_and_at_a_thousand_units_elsewhere(django_assert_num_queries):
    ward = UnitFactory(kind="ward")
    area = UnitFactory(kind="quarter", parent=ward)
    union = OrganizationFactory(unit=ward)
    ActivityFactory(unit=area, organizations=[union])
    cadre = ScopeFactory(unit=ward).user
    _elsewhere(300)  # the ward is a small share of the structure from here on (``WIDE_SHARE``)
    small = _a_request(cadre.pk)
    _elsewhere(1000)
    with django_assert_num_queries(4):  # the account, its scope rows, the activities, the organizations
        large = _a_request(cadre.pk)
    assert large == small  # the same SQL, the same parameters: no list of ids
    assert not any(re.search(r"IN \((\d+, ){5,}", sql) for sql in large)
    assert AdministrativeUnit.objects.count() > 1000


def test_the_scoped_conditions_have_as_many_parameters_as_the_account_has_scope_rows():
    ward = UnitFactory(kind="ward")
    cadre = ScopeFactory(unit=ward).user
    sizes = []
    for count in (10, 500):
        _elsewhere(count)
        UnitFactory.create_batch(5, parent=ward)
        forget_scope(cadre)
        for queryset in (
            Activity.objects.visible_to(cadre),
            Activity.objects.editable_by(cadre),
            Activity.objects.with_edit_flag(cadre),
            Organization.objects.with_record_edit_flag(cadre),
        ):
            params = queryset.query.sql_with_params()[1]
            # The only id is the scope's root; the rest are the kinds of member organizations (and
            # the ``LIMIT 1`` of the edit flag's ``EXISTS``).
            numbers = {p for p in params if isinstance(p, int)}
            assert ward.pk in numbers and numbers <= {ward.pk, 1}
            sizes.append(len(params))
    assert sizes[:4] == sizes[4:]


def test_the_id_sets_are_one_query_on_first_use_and_cover_only_the_subtree(django_assert_num_queries):
    ward = UnitFactory(kind="ward")
    areas = UnitFactory.create_batch(3, kind="quarter", parent=ward)
    cadre = ScopeFactory(unit=ward).user
    _elsewhere(200)
    scope = scope_for(cadre)
    with django_assert_num_queries(1):
        assert scope.readable_unit_ids == {ward.pk, *(a.pk for a in areas)}
        assert scope.can_write_unit(areas[0].pk) and not scope.readable_org_ids
        assert scope.work_unit_ids == scope.readable_unit_ids
    with django_assert_num_queries(0):
        assert scope.can_write and not scope.is_empty


def test_a_partial_rebuild_costs_the_same_for_one_unit_and_for_many(django_assert_num_queries):
    wards = UnitFactory.create_batch(30, kind="ward")
    with CaptureQueriesContext(connection) as one:
        rebuild_reach(unit_ids=[wards[0].pk])
    with django_assert_num_queries(len(one)):
        rebuild_reach(unit_ids=[ward.pk for ward in wards])


# --- kept up to date by the services -------------------------------------------------------------


def test_a_new_unit_under_a_ward_is_in_the_ward_cadres_scope_at_once(town, admin):
    cadre = ScopeFactory(unit=town["a"]).user
    area = save_unit(
        actor=admin,
        unit=AdministrativeUnit(code="A-3", name="Khu phố 3", kind="quarter", parent=town["a"]),
    )
    group = save_unit(
        actor=admin, unit=AdministrativeUnit(code="A-3-1", name="Tổ 1", kind="street_group", parent=area)
    )
    assert {area.pk, group.pk} <= scope_for(cadre).writable_unit_ids
    assert area in AdministrativeUnit.objects.editable_by(cadre)
    assert_reach_is_complete()


def test_a_unit_moved_to_another_ward_leaves_the_old_wards_scope_with_its_sub_units(town, admin):
    cadre_a, cadre_b = ScopeFactory(unit=town["a"]).user, ScopeFactory(unit=town["b"]).user
    group = UnitFactory(code="A-1-1", kind="street_group", parent=town["a1"])
    a1 = AdministrativeUnit.objects.get(pk=town["a1"].pk)
    a1.parent = town["b"]
    save_unit(actor=admin, unit=a1)
    assert not {a1.pk, group.pk} & scope_for(cadre_a).readable_unit_ids
    assert {a1.pk, group.pk} <= scope_for(cadre_b).writable_unit_ids
    assert town["old_record"] in Activity.objects.visible_to(cadre_b)
    assert town["old_record"] not in Activity.objects.visible_to(cadre_a)
    assert_reach_is_complete()


def test_organizations_made_and_moved_by_the_services_are_in_the_scopes_at_once(town, admin):
    union_cadre = ScopeFactory(organization=town["union_a"]).user
    branch = save_organization(
        actor=union_cadre,
        organization=Organization(
            name="Chi hội Phụ nữ khu phố 2", kind="womens_union", unit=town["a2"], parent=town["union_a"]
        ),
    )
    forget_scope(union_cadre)
    assert branch.pk in scope_for(union_cadre).writable_org_ids
    # The branch of B moves under A's union (the admin's change): A's union cadre now keeps it.
    moved = Organization.objects.get(pk=town["branch_b1"].pk)
    moved.parent = town["union_a"]
    save_organization(actor=admin, organization=moved)
    forget_scope(union_cadre)
    assert moved.pk in scope_for(union_cadre).writable_org_ids
    assert moved.pk not in scope_for(ScopeFactory(organization=town["union_b"]).user).readable_org_ids
    assert_reach_is_complete()


def test_a_merge_a_split_and_their_undo_keep_the_reach_of_a_full_rebuild(town, admin):
    cadre_a = ScopeFactory(unit=town["a"]).user
    merge = reorganization(
        "merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])]
    )
    apply(merge, actor=admin)
    assert_reach_is_complete()
    c = AdministrativeUnit.objects.get(code="C")
    cadre_c = ScopeFactory(unit=c).user
    assert {town["a"].pk, town["b1"].pk} <= scope_for(cadre_c).readable_unit_ids
    undo(merge, actor=admin)
    assert_reach_is_complete()
    forget_scope(cadre_a)
    assert_same_as_the_old_rule(cadre_a)
    assert scope_for(cadre_a).readable_unit_ids == {town[k].pk for k in ("a", "a1", "a2")}
    assert not UnitReach.objects.filter(ancestor_id=c.pk).exists()

    split = reorganization(
        "split",
        [town["a"]],
        [
            new_unit("east", "Phường Đông", "E", town["province"]),
            new_unit("west", "Phường Tây", "W", town["province"]),
        ],
        areas={str(town["a1"].pk): {"to": "east"}, str(town["a2"].pk): {"to": "west"}},
    )
    apply(split, actor=admin)
    assert_reach_is_complete()
    west = AdministrativeUnit.objects.get(code="W")
    cadre_west = ScopeFactory(unit=west).user
    readable = scope_for(cadre_west).readable_unit_ids
    assert town["a"].pk in readable and town["a2"].pk in readable and town["a1"].pk not in readable
    assert_same_as_the_old_rule(cadre_a, cadre_west)
    undo(split, actor=admin)
    assert_reach_is_complete()
    assert_same_as_the_old_rule(cadre_a)


@pytest.mark.parametrize("elsewhere", [0, 300])
def test_a_rule_of_several_columns_is_a_union_for_a_small_scope_and_the_edit_flag_asks_about_each_row(
    elsewhere,
):
    """``OR`` between subqueries makes PostgreSQL read the whole table (every activity of the
    country) for a ward of a large structure; a union of index look-ups does not. A scope that
    covers a large share of the structure (a ward of a small one) keeps the ``OR``, which the
    page's own conditions can narrow first. The edit flag is an ``EXISTS`` on the row."""
    ward = UnitFactory(kind="ward")
    cadre = ScopeFactory(unit=ward, access=Access.WRITE).user
    mine = ActivityFactory(unit=ward)
    organized = ActivityFactory(unit=UnitFactory(kind="ward"))
    organized.organizations.add(OrganizationFactory(unit=ward))
    ActivityFactory(unit=UnitFactory(kind="ward"))  # elsewhere, organized by nobody of the ward
    _elsewhere(elsewhere)
    small = bool(elsewhere)
    share = 1 / AdministrativeUnit.objects.count()
    assert scope_for(cadre).wide is (share >= WIDE_SHARE) is (not small)

    for queryset in (Activity.objects.visible_to(cadre), Concern.objects.visible_to(cadre)):
        sql = str(queryset.query)
        assert ("UNION ALL" in sql) is small
        assert (" OR " in sql) is not small
    # A wide scope asks about the organizers of each row it reads (no hash of all their activities).
    assert ("OFFSET 0" in str(Activity.objects.visible_to(cadre).query)) is not small
    # A concern raised to an organization of the ward, from elsewhere, is the ward's; one raised to
    # another ward's organization is not: asked of each row, hashed whole, or through the union.
    elsewhere = UnitFactory(kind="ward")
    raised_here = ConcernFactory(unit=elsewhere, organization=OrganizationFactory(unit=ward))
    ConcernFactory(unit=elsewhere, organization=OrganizationFactory(unit=elsewhere))
    assert ("OFFSET 0" in str(Concern.objects.visible_to(cadre).query)) is not small
    assert "OFFSET 0" not in str(Concern.objects.visible_to(cadre, whole=True).query)
    for queryset in (Concern.objects.visible_to(cadre), Concern.objects.visible_to(cadre, whole=True)):
        assert set(queryset.values_list("pk", flat=True)) == {raised_here.pk}
    assert set(Activity.objects.visible_to(cadre).values_list("pk", flat=True)) == {mine.pk, organized.pk}
    flags = dict(Activity.objects.with_edit_flag(cadre).values_list("pk", "user_can_edit"))
    assert flags == {pk: pk in (mine.pk, organized.pk) for pk in flags}
    assert "EXISTS" in str(Activity.objects.with_edit_flag(cadre).query)


def test_a_scope_is_wide_by_the_share_of_the_units_or_the_organizations_below_its_roots(
    django_assert_num_queries,
):
    ward = UnitFactory(kind="ward")
    UnitFactory.create_batch(20, kind="quarter", parent=ward)
    union = OrganizationFactory(unit=ward)
    OrganizationFactory.create_batch(10, unit=ward, parent=union)
    rebuild_reach()
    by_unit = ScopeFactory(unit=ward).user
    by_organization = ScopeFactory(organization=union).user

    def shares() -> tuple[float, float]:
        return 21 / AdministrativeUnit.objects.count(), 11 / Organization.objects.count()

    assert min(shares()) >= WIDE_SHARE
    with django_assert_num_queries(1):  # the share is read with the scope rows
        assert scope_for(by_unit).wide
    assert scope_for(by_organization).wide
    _elsewhere(2000)
    assert max(shares()) < WIDE_SHARE
    forget_scope(by_unit)
    forget_scope(by_organization)
    assert not scope_for(by_unit).wide
    assert not scope_for(by_organization).wide
    assert not scope_for(UserFactory()).wide  # no scope at all
