"""Scopes turned into what an account may see and change (organizations/scoping.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db.models import Q

from organizations.models import (
    Access,
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Term,
)
from organizations.scoping import EMPTY_SCOPE, forget_scope, scope_for
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    ScopeFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """ward > area_1 > group_1, ward > area_2; a sibling ward; organizations in each."""
    ward = UnitFactory()
    area_1 = UnitFactory(parent=ward, kind="quarter")
    group_1 = UnitFactory(parent=area_1, kind="street_group")
    area_2 = UnitFactory(parent=ward, kind="quarter")
    sibling = UnitFactory()
    union = OrganizationFactory(unit=ward)
    branch = OrganizationFactory(unit=area_1, parent=union)
    group = OrganizationFactory(unit=group_1, parent=branch)
    farmers = OrganizationFactory(unit=ward, kind="farmers_association")
    foreign = OrganizationFactory(unit=sibling)
    return {
        "ward": ward,
        "area_1": area_1,
        "group_1": group_1,
        "area_2": area_2,
        "sibling": sibling,
        "union": union,
        "branch": branch,
        "group": group,
        "farmers": farmers,
        "foreign": foreign,
    }


def ids(*objects) -> set[int]:
    return {obj.pk for obj in objects}


def test_unit_scope_covers_the_unit_and_every_unit_below(tree):
    user = ScopeFactory(unit=tree["ward"], access=Access.READ).user
    scope = scope_for(user)
    assert ids(tree["ward"], tree["area_1"], tree["group_1"], tree["area_2"]) <= scope.readable_unit_ids
    assert tree["sibling"].pk not in scope.readable_unit_ids
    assert set(Organization.objects.visible_to(user)) == {
        tree["union"],
        tree["branch"],
        tree["group"],
        tree["farmers"],
    }
    assert set(AdministrativeUnit.objects.visible_to(user)) == {
        tree["ward"],
        tree["area_1"],
        tree["group_1"],
        tree["area_2"],
    }


def test_scope_on_a_residential_area_does_not_reach_up_or_sideways(tree):
    user = ScopeFactory(unit=tree["area_1"]).user
    assert set(AdministrativeUnit.objects.visible_to(user)) == {tree["area_1"], tree["group_1"]}
    assert set(Organization.objects.visible_to(user)) == {tree["branch"], tree["group"]}


def test_organization_scope_covers_the_organization_and_its_branches_only(tree):
    user = ScopeFactory(organization=tree["union"]).user
    scope = scope_for(user)
    assert set(Organization.objects.visible_to(user)) == {tree["union"], tree["branch"], tree["group"]}
    assert set(Organization.objects.editable_by(user)) == {tree["union"], tree["branch"], tree["group"]}
    # It opens no unit records (the farmers of the same ward stay hidden) ...
    assert scope.readable_unit_ids == frozenset()
    assert not AdministrativeUnit.objects.visible_to(user).exists()
    # ... but knows where its organizations work.
    assert ids(tree["ward"], tree["area_1"], tree["group_1"]) <= scope.writable_org_unit_ids
    assert tree["sibling"].pk not in scope.writable_org_unit_ids


def test_scope_on_a_branch_does_not_cover_its_parent(tree):
    user = ScopeFactory(organization=tree["branch"]).user
    assert set(Organization.objects.visible_to(user)) == {tree["branch"], tree["group"]}


def test_read_scope_sees_but_cannot_change(tree):
    user = ScopeFactory(unit=tree["ward"], access=Access.READ).user
    scope = scope_for(user)
    assert not scope.can_write
    assert scope.can_read_org(tree["union"].pk)
    assert not scope.can_write_org(tree["union"].pk)
    assert not scope.can_write_unit(tree["ward"].pk)
    assert Organization.objects.visible_to(user).exists()
    assert not Organization.objects.editable_by(user).exists()
    assert not AdministrativeUnit.objects.editable_by(user).exists()


def test_write_on_one_unit_and_read_on_another(tree):
    user = UserFactory()
    ScopeFactory(user=user, unit=tree["area_1"], access=Access.WRITE)
    ScopeFactory(user=user, unit=tree["sibling"], access=Access.READ)
    scope = scope_for(user)
    assert scope.can_write
    assert scope.can_write_org(tree["branch"].pk)
    assert scope.can_read_org(tree["foreign"].pk)
    assert not scope.can_write_org(tree["foreign"].pk)
    assert set(Organization.objects.editable_by(user)) == {tree["branch"], tree["group"]}


def test_account_without_scope_sees_nothing(tree):
    user = UserFactory()
    assert scope_for(user) == EMPTY_SCOPE
    assert scope_for(user).is_empty
    for model in (AdministrativeUnit, Organization, Person, Term, Position):
        assert not model.objects.visible_to(user).exists(), model
        assert not model.objects.editable_by(user).exists(), model


def test_anonymous_sees_nothing(tree):
    assert scope_for(AnonymousUser()) == EMPTY_SCOPE
    assert scope_for(None) == EMPTY_SCOPE
    assert not Organization.objects.visible_to(AnonymousUser()).exists()


def test_staff_status_alone_gives_no_data_access(tree):
    """The attack: a staff account made to open the admin read every record. Data scope comes
    from Scope rows only; staff status opens the admin, for what its permissions allow."""
    staff = UserFactory(is_staff=True)
    assert scope_for(staff) == EMPTY_SCOPE
    assert not Organization.objects.visible_to(staff).exists()
    assert not Person.objects.visible_to(staff).exists()
    with_scope = ScopeFactory(unit=tree["ward"], user__is_staff=True).user
    assert not scope_for(with_scope).is_global
    assert Organization.objects.visible_to(with_scope).filter(unit=tree["ward"]).exists()
    assert not Organization.objects.visible_to(with_scope).filter(unit=tree["sibling"]).exists()


@pytest.mark.parametrize("kind", ["superuser", "see_everything"])
def test_superusers_and_the_see_everything_permission_see_and_change_everything(tree, kind):
    if kind == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory(is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="see_everything"))
    scope = scope_for(user)
    assert scope.is_global and scope.can_write
    assert Organization.objects.visible_to(user).count() == Organization.objects.count()
    assert Organization.objects.editable_by(user).count() == Organization.objects.count()
    assert Person.objects.editable_by(user).count() == Person.objects.count()


def test_inactive_account_sees_nothing_even_with_scopes(tree):
    user = ScopeFactory(unit=tree["ward"], user__is_active=False).user
    assert scope_for(user) == EMPTY_SCOPE
    assert not Organization.objects.visible_to(user).exists()
    staff = UserFactory(is_staff=True, is_active=False)
    assert not scope_for(staff).is_global
    assert not Organization.objects.visible_to(staff).exists()


def test_people_terms_and_positions_follow_the_scope(tree):
    user = ScopeFactory(organization=tree["union"]).user
    member_elsewhere = PersonFactory(unit=tree["sibling"])
    PositionFactory(person=member_elsewhere, organization=tree["branch"])
    stranger = PersonFactory(unit=tree["ward"])
    union_term = TermFactory(organization=tree["union"])
    farmers_term = TermFactory(organization=tree["farmers"])
    # An organization scope opens the people who hold positions in its organizations,
    # not everybody recorded in the ward.
    assert set(Person.objects.visible_to(user)) == {member_elsewhere}
    assert set(Person.objects.editable_by(user)) == {member_elsewhere}
    assert stranger not in Person.objects.visible_to(user)
    assert set(Term.objects.visible_to(user)) == {union_term}
    assert farmers_term not in Term.objects.editable_by(user)

    ward_user = ScopeFactory(unit=tree["ward"], access=Access.READ).user
    assert stranger in Person.objects.visible_to(ward_user)
    assert member_elsewhere in Person.objects.visible_to(ward_user)  # through the branch position
    assert not Person.objects.editable_by(ward_user).exists()


def test_scope_is_computed_once_per_user_object(tree, django_assert_num_queries):
    user = ScopeFactory(unit=tree["ward"]).user
    with django_assert_num_queries(1):  # the account's scope rows (the reach is read when used)
        first = scope_for(user)
    with django_assert_num_queries(0):
        assert scope_for(user) is first
    ScopeFactory(user=user, unit=tree["sibling"])
    assert tree["sibling"].pk not in scope_for(user).readable_unit_ids  # still cached
    forget_scope(user)
    assert tree["sibling"].pk in scope_for(user).readable_unit_ids


def test_demo_ward_cadre_covers_the_merged_old_units_only(demo_user):
    scope = scope_for(demo_user("cadre_ward"))
    names = set(
        AdministrativeUnit.objects.filter(pk__in=scope.writable_unit_ids).values_list("name", flat=True)
    )
    assert {"Phường Phước Hội", "Phường Phước Lộc", "Xã Tân Phước"} <= names
    assert "Phường Tân An" not in names
    assert "Phường La Gi" not in names


def test_demo_women_cadre_sees_her_union_and_branches_not_the_farmers(demo_user):
    user = demo_user("cadre_women")
    union = Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường La Gi")
    visible = Organization.objects.visible_to(user)
    assert union in visible
    assert union.branches.exists()
    assert set(union.branches.all()) <= set(visible)
    assert not visible.filter(name="Hội Nông dân phường La Gi").exists()
    # Besides the union, its branches and groups: the four unions it replaced on 01/07/2025 and theirs.
    replaced = Organization.objects.filter(became__after=union)
    assert replaced.count() == 4 and set(replaced) <= set(visible)
    mine = Q(pk=union.pk) | Q(parent=union) | Q(parent__parent=union)
    mine |= Q(pk__in=replaced) | Q(parent__in=replaced) | Q(parent__parent__in=replaced)
    assert not visible.exclude(mine).exists()
    assert visible.filter(kind="womens_union").count() == visible.count()
