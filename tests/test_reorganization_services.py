"""Reorganizing units (organizations/reorganizing.py): merge, split, rename, move, dissolve, chains,
every refusal, undo, and the scopes and "as it is now" mapping that follow the lineage."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation

from activities.models import Activity
from organizations.lineage import View, unit_condition
from organizations.models import (
    AdministrativeUnit,
    Organization,
    OrganizationLineage,
    Position,
    ReorganizationStatus,
    Scope,
    Term,
    UnitLineage,
)
from organizations.reorganizing import apply, preview, undo, undo_blockers
from organizations.scoping import forget_scope, scope_for
from tests.factories import ActivityFactory, OrganizationFactory, ScopeFactory, UnitFactory, UserFactory
from tests.reorganization_common import EFFECTIVE, LAST, make_town, new_unit, reorganization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The messages are compared in English (the portal's default language is Vietnamese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def town():
    return make_town()


def merge_a_and_b(town, admin, **plan):
    r = reorganization(
        "merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])], **plan
    )
    apply(r, actor=admin)
    return r, AdministrativeUnit.objects.get(code="C")


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return objects


# --- merge ---------------------------------------------------------------------------------------


def test_a_merge_closes_the_old_units_and_opens_the_new_one_with_their_areas(town, admin):
    r, c = merge_a_and_b(town, admin)
    a, b, a1 = refreshed(town["a"], town["b"], town["a1"])
    assert (a.valid_to, b.valid_to, a1.valid_to) == (LAST, LAST, LAST)
    assert c.valid_from == EFFECTIVE and c.parent == town["province"]
    areas = c.children.order_by("name")
    assert [(area.name, area.valid_from) for area in areas] == [
        ("Khu phố 1", EFFECTIVE),
        ("Khu phố 2", EFFECTIVE),
        ("Khu phố 7", EFFECTIVE),
    ]
    assert set(
        UnitLineage.objects.filter(reorganization=r, after=c).values_list("before__code", "share")
    ) == {
        ("A", Decimal("1.0000")),
        ("B", Decimal("1.0000")),
    }
    assert a.current_unit == c and a1.current_unit == areas[0]
    assert r.status == ReorganizationStatus.APPLIED and r.applied_at is not None


def test_a_merge_closes_the_old_unions_and_opens_one_with_a_new_term_and_the_branches(town, admin):
    _r, c = merge_a_and_b(town, admin)
    union = Organization.objects.get(unit=c, kind="womens_union", parent=None)
    assert union.name == "Hội Liên hiệp Phụ nữ phường Cát" and union.valid_from == EFFECTIVE
    assert set(union.came_from.values_list("before__name", flat=True)) == {
        "Hội Liên hiệp Phụ nữ phường An",
        "Hội Liên hiệp Phụ nữ phường Bình",
    }
    assert Term.objects.get(organization=union).ordinal == 10  # on from the 9th term of the two
    branches = union.branches.order_by("name")
    assert [(b.name, b.unit.name, b.unit.parent_id) for b in branches] == [
        ("Chi hội Phụ nữ khu phố 1", "Khu phố 1", c.pk),
        ("Chi hội Phụ nữ khu phố 7", "Khu phố 7", c.pk),
    ]
    (old_union,) = refreshed(town["union_a"])
    assert old_union.valid_to == LAST
    assert Position.objects.get(pk=town["chair"].pk).end == LAST


def test_a_scope_on_the_new_unit_covers_the_records_of_the_units_it_came_from(town, admin):
    _r, c = merge_a_and_b(town, admin)
    cadre = ScopeFactory(unit=c).user
    scope = scope_for(cadre)
    assert {town["a"].pk, town["b"].pk, town["a1"].pk, town["b1"].pk} <= scope.readable_unit_ids
    assert set(Activity.objects.visible_to(cadre)) == {town["old_record"], town["ward_record"]}


def test_an_organization_scope_on_the_new_union_covers_the_unions_it_replaced(town, admin):
    _r, c = merge_a_and_b(town, admin)
    union = Organization.objects.get(unit=c, kind="womens_union", parent=None)
    scope = scope_for(ScopeFactory(organization=union).user)
    assert {town["union_a"].pk, town["union_b"].pk, town["branch_a1"].pk} <= scope.readable_org_ids


def test_scopes_on_the_old_units_move_only_where_the_administrator_chose(town, admin):
    moved = ScopeFactory(unit=town["a"])
    kept = ScopeFactory(unit=town["b"])
    _r, c = merge_a_and_b(town, admin, scopes={str(moved.pk): True})
    assert Scope.objects.get(pk=moved.pk).unit == c
    assert Scope.objects.get(pk=kept.pk).unit == town["b"]
    forget_scope(kept.user)
    assert town["union_a"].pk not in scope_for(kept.user).readable_org_ids


def test_as_it_is_now_counts_the_old_records_under_the_new_unit(town, admin):
    _r, c = merge_a_and_b(town, admin)
    now = Activity.objects.filter(unit_condition("unit", c, View.AS_IT_IS))
    was = Activity.objects.filter(unit_condition("unit", c, View.AS_IT_WAS))
    assert set(now) == {town["old_record"], town["ward_record"]}
    assert not was.exists()
    whole = town["province"]
    assert (
        Activity.objects.filter(unit_condition("unit", whole, View.AS_IT_IS)).count()
        == Activity.objects.filter(unit_condition("unit", whole, View.AS_IT_WAS)).count()
        == 2
    )


# --- split, rename, move, dissolve, chains ------------------------------------------------------


def test_a_split_sends_each_area_and_its_records_where_it_was_assigned(town, admin):
    province = town["province"]
    r = reorganization(
        "split",
        [town["a"]],
        [new_unit("east", "Phường Đông", "E", province), new_unit("west", "Phường Tây", "W", province)],
        areas={str(town["a1"].pk): {"to": "east"}, str(town["a2"].pk): {"to": "west", "name": "Khu phố 9"}},
    )
    a2_record = ActivityFactory(
        unit=town["a2"], date=datetime.date(2024, 1, 3), organizations=[town["union_a"]]
    )
    apply(r, actor=admin)
    east, west = AdministrativeUnit.objects.get(code="E"), AdministrativeUnit.objects.get(code="W")
    assert [a.name for a in east.children.all()] == ["Khu phố 1"]
    assert [a.name for a in west.children.all()] == ["Khu phố 9"]
    assert set(Activity.objects.filter(unit_condition("unit", east, View.AS_IT_IS))) >= {town["old_record"]}
    assert set(Activity.objects.filter(unit_condition("unit", west, View.AS_IT_IS))) == {a2_record}
    shares = dict(UnitLineage.objects.filter(before=town["a"]).values_list("after__code", "share"))
    assert shares == {"E": Decimal("0.5000"), "W": Decimal("0.5000")}
    # Each new ward has its own Women's Union, both continuing the old one.
    assert OrganizationLineage.objects.filter(before=town["union_a"]).count() == 2


def test_a_split_without_every_area_assigned_is_refused_and_changes_nothing(town, admin):
    province = town["province"]
    r = reorganization(
        "split",
        [town["a"]],
        [new_unit("east", "Phường Đông", "E", province), new_unit("west", "Phường Tây", "W", province)],
        areas={str(town["a1"].pk): {"to": "east"}},
    )
    with pytest.raises(ValidationError) as refused:
        apply(r, actor=admin)
    assert "Choose where Khu phố 2 of Phường An goes." in refused.value.messages
    assert_nothing_changed(town, r)


def test_two_reorganizations_in_a_row_map_a_2023_record_to_its_unit_of_today(town, admin):
    _r, c = merge_a_and_b(town, admin)
    rename = reorganization(
        "rename",
        [c],
        [new_unit("d", "Phường Duyên Hải", "D", town["province"])],
        effective=datetime.date(2026, 1, 1),
    )
    apply(rename, actor=admin)
    d = AdministrativeUnit.objects.get(code="D")
    (a1,) = refreshed(town["a1"])
    assert a1.current_unit.parent == d and a1.current_unit.name == "Khu phố 1"
    assert town["old_record"] in Activity.objects.filter(unit_condition("unit", d, View.AS_IT_IS))
    # A cadre of today's unit reads the 2023 record through both reorganizations.
    assert town["old_record"] in Activity.objects.visible_to(ScopeFactory(unit=d).user)


def test_a_rename_keeps_the_old_name_on_the_old_records(town, admin):
    r = reorganization("rename", [town["b"]], [new_unit("n", "Phường Bình Mới", "BN", town["province"])])
    apply(r, actor=admin)
    (b,) = refreshed(town["b"])
    assert b.name == "Phường Bình" and b.valid_to == LAST
    assert b.current_unit.name == "Phường Bình Mới"


def test_a_move_places_the_unit_under_another_parent(town, admin):
    other = UnitFactory(code="Q", name="Tỉnh Khác", kind="province")
    r = reorganization("move", [town["b"]], [new_unit("m", "Phường Bình", "BM", other)])
    apply(r, actor=admin)
    moved = AdministrativeUnit.objects.get(code="BM")
    assert moved.parent == other and moved.children.get().name == "Khu phố 7"
    (b,) = refreshed(town["b"])
    assert b.parent == town["province"] and b.current_unit == moved


def test_a_dissolution_closes_the_unit_its_areas_and_organizations(town, admin):
    r = reorganization("dissolve", [town["b"]], [])
    apply(r, actor=admin)
    b, b1, union = refreshed(town["b"], town["b1"], town["union_b"])
    assert (b.valid_to, b1.valid_to, union.valid_to) == (LAST, LAST, LAST)
    assert b.current_unit == b and not UnitLineage.objects.filter(before=b).exists()


# --- refusals -----------------------------------------------------------------------------------


def assert_nothing_changed(town, r) -> None:
    a, b, a1 = refreshed(town["a"], town["b"], town["a1"])
    assert (a.valid_to, b.valid_to, a1.valid_to) == (None, None, None)
    ours = [town[k].pk for k in ("province", "a", "b", "a1", "a2", "b1")]
    assert not UnitLineage.objects.filter(Q(before__in=ours) | Q(after__in=ours)).exists()
    assert not OrganizationLineage.objects.filter(before__unit__in=ours).exists()
    assert not AdministrativeUnit.objects.filter(code__in=["C", "E", "W", "D"]).exists()
    r.refresh_from_db()
    assert r.status == ReorganizationStatus.DRAFT


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("into_itself", "A unit cannot be merged into itself (Phường An)."),
        ("into_its_area", "A unit cannot be merged into one of its own sub-units (Khu phố 1)."),
        ("already_ended", "Phường Bình already ended on 31/12/2024."),
        (
            "before_start",
            "Phường An only starts on 01/01/2020: the reorganization must take effect after that.",
        ),
        ("basis_after", "The legal basis cannot be dated after the reorganization takes effect."),
        ("one_unit", "A merge joins two or more units into one unit."),
        ("no_units", "Choose the units that this reorganization ends."),
        ("code_taken", "The code B is already used by another unit."),
        ("no_name", "Give the name of each new unit."),
        ("under_old", "A new unit cannot lie under a unit that this reorganization ends (Phường An)."),
        ("same_name", "A rename needs a new name."),
        ("same_parent", "A move needs another parent unit."),
        ("foreign_area", "Only the open residential areas of the units that end can be assigned."),
        ("sub_units", "Tỉnh Thử still has open sub-units (Phường An): reorganize them first."),
    ],
)
def test_each_refusal_is_a_clear_message_and_changes_nothing(town, admin, case, message):
    a, b, province = town["a"], town["b"], town["province"]
    c = new_unit("c", "Phường Cát", "C", province)
    if case == "into_itself":
        r = reorganization("merge", [a, b], [{"key": "x", "unit": a.pk}])
    elif case == "into_its_area":
        r = reorganization("merge", [a, b], [{"key": "x", "unit": town["a1"].pk}])
    elif case == "already_ended":
        AdministrativeUnit.objects.filter(pk=b.pk).update(valid_to=datetime.date(2024, 12, 31))
        r = reorganization("merge", [a, b], [c])
    elif case == "before_start":
        r = reorganization("merge", [a, b], [c], effective=datetime.date(2020, 1, 1))
    elif case == "basis_after":
        r = reorganization("merge", [a, b], [c], effective=datetime.date(2025, 6, 1))
    elif case == "one_unit":
        r = reorganization("merge", [a], [c])
    elif case == "no_units":
        r = reorganization("merge", [], [c])
    elif case == "code_taken":
        r = reorganization("merge", [a, b], [c | {"code": "B"}])
    elif case == "no_name":
        r = reorganization("merge", [a, b], [c | {"name": ""}])
    elif case == "under_old":
        r = reorganization("merge", [a, b], [c | {"parent": a.pk}])
    elif case == "same_name":
        r = reorganization("rename", [a], [c | {"name": "Phường An"}])
    elif case == "same_parent":
        r = reorganization("move", [a], [c])
    elif case == "foreign_area":
        r = reorganization("merge", [a, b], [c], areas={str(UnitFactory(kind="quarter").pk): {"to": "c"}})
    else:
        r = reorganization("dissolve", [province], [])
    if case == "already_ended":
        AdministrativeUnit.objects.filter(pk=b.pk).update(valid_to=None)
        AdministrativeUnit.objects.filter(pk=b.pk).update(valid_to=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError) as refused:
        preview(r)
    assert message in refused.value.messages
    with pytest.raises(ValidationError):
        apply(r, actor=admin)
    if case == "already_ended":
        AdministrativeUnit.objects.filter(pk=b.pk).update(valid_to=None)
    if case not in ("foreign_area",):
        assert_nothing_changed(town, r)


def test_only_an_administrator_may_carry_out_a_reorganization(town):
    cadre = ScopeFactory(unit=town["province"]).user
    r = reorganization("merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])])
    with pytest.raises(ValidationError):
        apply(r, actor=cadre)
    assert_nothing_changed(town, r)


# --- undo ---------------------------------------------------------------------------------------


def test_the_last_reorganization_is_undone_while_nothing_was_recorded_in_the_new_units(town, admin):
    moved = ScopeFactory(unit=town["a"])
    r, _c = merge_a_and_b(town, admin, scopes={str(moved.pk): True})
    assert undo_blockers(r) == []
    undo(r, actor=admin)
    r.refresh_from_db()
    assert r.status == ReorganizationStatus.UNDONE
    assert not AdministrativeUnit.objects.filter(code="C").exists()
    a, a1, union = refreshed(town["a"], town["a1"], town["union_a"])
    assert (a.valid_to, a1.valid_to, union.valid_to) == (None, None, None)
    assert a.current_unit == a and a1.current_unit == a1
    assert Position.objects.get(pk=town["chair"].pk).end is None
    assert Scope.objects.get(pk=moved.pk).unit == town["a"]
    assert not Organization.objects.filter(unit__code="C").exists()
    assert not OrganizationLineage.objects.filter(before=town["union_a"]).exists()


def test_undo_is_refused_once_something_was_recorded_in_the_new_units(town, admin):
    r, c = merge_a_and_b(town, admin)
    ActivityFactory(unit=c, date=datetime.date(2025, 8, 1), organizations=[])
    blockers = undo_blockers(r)
    assert blockers and "can no longer be undone" in blockers[0]
    with pytest.raises(ValidationError):
        undo(r, actor=admin)
    assert AdministrativeUnit.objects.filter(code="C").exists()


def test_only_the_last_reorganization_can_be_undone(town, admin):
    first, c = merge_a_and_b(town, admin)
    apply(
        reorganization(
            "rename",
            [c],
            [new_unit("d", "Phường Duyên Hải", "D", town["province"])],
            effective=datetime.date(2026, 1, 1),
        ),
        actor=admin,
    )
    assert undo_blockers(first) == ["Only the last reorganization carried out can be undone."]


# --- what the demo's reorganizations needed (demo/organizations_reorganizations.py) ---------------


def test_a_merge_of_one_unit_into_a_unit_that_stays_is_allowed(town, admin):
    r = reorganization("merge", [town["b"]], [{"key": "a", "unit": town["a"].pk}])
    apply(r, actor=admin)
    b, b1 = refreshed(town["b"], town["b1"])
    assert b.valid_to == LAST and b.current_unit == town["a"]
    assert b1.current_unit.parent == town["a"] and b1.current_unit.name == "Khu phố 7"


def test_an_area_may_change_kind_and_its_organizations_name_the_new_ward(town, admin):
    village = UnitFactory(code="B-2", name="Thôn Bình Đức", kind="village", parent=town["b"])
    committee = OrganizationFactory(
        name="Ban Công tác Mặt trận thôn Bình Đức, phường Bình", kind="front_working_committee", unit=village
    )
    merge_a_and_b(town, admin, areas={str(village.pk): {"to": "c", "name": "Khu phố 8", "kind": "quarter"}})
    (area,) = refreshed(village)
    assert (area.current_unit.name, area.current_unit.kind) == ("Khu phố 8", "quarter")
    (after,) = committee.became.values_list("after__name", flat=True)
    assert after == "Ban Công tác Mặt trận khu phố 8, phường Cát"


def test_two_groups_under_one_branch_stay_two(town, admin):
    for number in (1, 2):
        OrganizationFactory(
            name=f"Tổ phụ nữ số {number} khu phố 1", unit=town["a1"], parent=town["branch_a1"]
        )
    _r, c = merge_a_and_b(town, admin)
    area = c.children.get(name="Khu phố 1")
    branch = Organization.objects.get(unit=area, parent__unit=c)
    assert sorted(branch.branches.values_list("name", flat=True)) == [
        "Tổ phụ nữ số 1 khu phố 1",
        "Tổ phụ nữ số 2 khu phố 1",
    ]


def test_a_split_area_hands_its_organizations_to_both_parts(town, admin):
    r = reorganization(
        "split",
        [town["a1"]],
        [
            new_unit("x", "Khu phố 1A", "A-1A", town["a"], kind="quarter"),
            new_unit("y", "Khu phố 1B", "A-1B", town["a"], kind="quarter"),
        ],
        shares={"x": "0.6", "y": "0.4"},
    )
    apply(r, actor=admin)
    part_a, part_b = AdministrativeUnit.objects.get(code="A-1A"), AdministrativeUnit.objects.get(code="A-1B")
    for part, name in ((part_a, "Chi hội Phụ nữ khu phố 1A"), (part_b, "Chi hội Phụ nữ khu phố 1B")):
        branch = Organization.objects.get(unit=part)
        assert (branch.name, branch.parent, branch.valid_from) == (name, town["union_a"], EFFECTIVE)
    (a1,) = refreshed(town["a1"])
    assert a1.current_unit == part_a
    assert town["old_record"] in Activity.objects.filter(unit_condition("unit", part_a, View.AS_IT_IS))


def test_areas_and_organizations_made_from_demo_ones_are_demo_data(town, admin):
    AdministrativeUnit.objects.filter(pk=town["a1"].pk).update(is_demo=True)
    Organization.objects.filter(pk=town["branch_a1"].pk).update(is_demo=True)
    _r, c = merge_a_and_b(town, admin)
    demo = dict(c.children.values_list("name", "is_demo"))
    assert demo == {"Khu phố 1": True, "Khu phố 2": False, "Khu phố 7": False}
    assert Organization.objects.get(name="Chi hội Phụ nữ khu phố 1", unit__parent=c).is_demo
    assert not c.is_demo
