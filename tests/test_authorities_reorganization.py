"""The register of authorities follows a reorganization (organizations/reorganizing_authorities.py):
the bodies of the units that end end the day before, the new units get theirs, named after them
and linked to the old ones; a rename keeps the body under its new name; undo puts everything back,
and is refused once something was sent to a body the reorganization made."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.formatting import unit_in_text
from organizations.authority_names import authority_name
from organizations.models import AdministrativeUnit, Authority, AuthorityKind
from organizations.reorganizing import apply, preview, undo, undo_blockers
from tests.factories import AuthorityFactory, ConcernFactory, RecommendationFactory, UnitFactory, UserFactory
from tests.reorganization_common import EFFECTIVE, LAST, make_town, new_unit, reorganization

pytestmark = pytest.mark.django_db

K = AuthorityKind


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def town():
    """The town of the reorganization tests, with a register: each ward's People's Committee, police
    and an office; the province's committee and department; a national body."""
    town = make_town()
    for key in ("a", "b"):
        unit = town[key]
        for kind in (K.PEOPLES_COMMITTEE, K.POLICE):
            name = authority_name(kind, unit.name)
            town[f"{kind}_{key}"] = AuthorityFactory(name=name, kind=kind, unit=unit)
        town[f"office_{key}"] = AuthorityFactory(
            name=f"Phòng Kinh tế {unit_in_text(unit.name)}", kind=K.COMMITTEE_OFFICE, unit=unit
        )
    # Ward B's committee answers in 45 days: the new unit's takes the most common, 30.
    Authority.objects.filter(pk=town[f"{K.PEOPLES_COMMITTEE}_b"].pk).update(answer_days=45)
    town["ended_before"] = AuthorityFactory(
        name="Ban cũ phường An", kind=K.OTHER, unit=town["a"], valid_to=datetime.date(2024, 12, 31)
    )
    town["national"] = AuthorityFactory(name="Bộ Thử", kind=K.OTHER)
    return town


def merge_a_and_b(town, admin):
    r = reorganization("merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])])
    apply(r, actor=admin)
    return r, AdministrativeUnit.objects.get(code="C")


def of(town, kind: str, key: str) -> Authority:
    return Authority.objects.get(pk=town[f"{kind}_{key}"].pk)


def test_a_merge_ends_the_old_bodies_and_opens_the_new_unit_s_named_after_it(town, admin):
    _r, c = merge_a_and_b(town, admin)

    made = Authority.objects.filter(unit=c).order_by("kind")
    assert [(a.name, a.kind, a.valid_from, a.valid_to, a.answer_days) for a in made] == [
        ("Ủy ban nhân dân phường Cát", K.PEOPLES_COMMITTEE, EFFECTIVE, None, 30),
        ("Công an phường Cát", K.POLICE, EFFECTIVE, None, 30),
    ]
    committee, police = (made.get(kind=K.PEOPLES_COMMITTEE), made.get(kind=K.POLICE))
    for key in ("a", "b"):
        old = of(town, K.PEOPLES_COMMITTEE, key)
        assert (old.valid_to, old.replaced_by) == (LAST, committee)
        assert of(town, K.POLICE, key).replaced_by == police
        # An office has no successor the reorganization could know: it ends, the register's
        # administrators add the new unit's offices.
        office = Authority.objects.get(pk=town[f"office_{key}"].pk)
        assert (office.valid_to, office.replaced_by) == (LAST, None)
    assert set(committee.replaced.values_list("name", flat=True)) == {
        "Ủy ban nhân dân phường An",
        "Ủy ban nhân dân phường Bình",
    }


def test_bodies_outside_the_units_or_already_ended_are_left_alone(town, admin):
    merge_a_and_b(town, admin)

    ended, national = (Authority.objects.get(pk=town[k].pk) for k in ("ended_before", "national"))
    assert (ended.valid_to, ended.replaced_by) == (datetime.date(2024, 12, 31), None)
    assert (national.valid_to, national.unit) == (None, None)


def test_the_preview_lists_what_happens_to_the_register(town, admin):
    r = reorganization("merge", [town["a"], town["b"]], [new_unit("c", "Phường Cát", "C", town["province"])])

    outcome = preview(r)

    assert {a.name for a in outcome.authorities.closed} == {
        "Ủy ban nhân dân phường An",
        "Công an phường An",
        "Phòng Kinh tế phường An",
        "Ủy ban nhân dân phường Bình",
        "Công an phường Bình",
        "Phòng Kinh tế phường Bình",
    }
    assert [new.name for new in outcome.authorities.created] == [
        "Ủy ban nhân dân phường Cát",
        "Công an phường Cát",
    ]
    assert outcome.authorities.successor_name(town[f"{K.POLICE}_a"]) == "Công an phường Cát"
    assert not Authority.objects.filter(name="Công an phường Cát").exists()


def test_a_split_gives_each_new_unit_its_bodies_and_links_the_old_one_to_the_largest_part(town, admin):
    r = reorganization(
        "split",
        [town["a"]],
        [
            new_unit("n", "Phường Bắc", "AN", town["province"]),
            new_unit("s", "Phường Nam", "AS", town["province"]),
        ],
        areas={str(town["a1"].pk): {"to": "n"}, str(town["a2"].pk): {"to": "s"}},
        shares={"n": "0.3", "s": "0.7"},
    )
    apply(r, actor=admin)

    north, south = (AdministrativeUnit.objects.get(code=code) for code in ("AN", "AS"))
    assert set(Authority.objects.filter(unit=north).values_list("name", flat=True)) == {
        "Ủy ban nhân dân phường Bắc",
        "Công an phường Bắc",
    }
    assert of(town, K.PEOPLES_COMMITTEE, "a").replaced_by == Authority.objects.get(
        unit=south, kind=K.PEOPLES_COMMITTEE
    )


def test_a_unit_merged_into_one_that_stays_hands_over_to_the_bodies_already_there(town, admin):
    before = Authority.objects.count()
    apply(reorganization("merge", [town["b"]], [{"key": "a", "unit": town["a"].pk}]), actor=admin)

    assert Authority.objects.count() == before  # nothing created
    assert of(town, K.PEOPLES_COMMITTEE, "b").replaced_by == town[f"{K.PEOPLES_COMMITTEE}_a"]
    assert of(town, K.POLICE, "b").replaced_by == town[f"{K.POLICE}_a"]
    # An office is matched by its name with the unit's changed: "… phường Bình" → "… phường An".
    assert Authority.objects.get(pk=town["office_b"].pk).replaced_by == town["office_a"]


def test_a_department_of_a_merged_province_hands_over_to_the_one_of_the_same_name(admin):
    old, new = (
        UnitFactory(code="PO", name="Tỉnh Cũ", kind="province"),
        UnitFactory(code="PN", name="Tỉnh Mới", kind="province"),
    )
    old_department = AuthorityFactory(name="Sở Xây dựng tỉnh Cũ", kind=K.PROVINCIAL_DEPARTMENT, unit=old)
    new_department = AuthorityFactory(name="Sở Xây dựng tỉnh Mới", kind=K.PROVINCIAL_DEPARTMENT, unit=new)

    apply(reorganization("merge", [old], [{"key": "n", "unit": new.pk}]), actor=admin)

    old_department.refresh_from_db()
    assert (old_department.valid_to, old_department.replaced_by) == (LAST, new_department)


def test_a_dissolution_ends_the_bodies_without_a_successor(town, admin):
    apply(reorganization("dissolve", [town["b"]], []), actor=admin)

    for name in (f"{K.PEOPLES_COMMITTEE}_b", f"{K.POLICE}_b", "office_b"):
        authority = Authority.objects.get(pk=town[name].pk)
        assert (authority.valid_to, authority.replaced_by) == (LAST, None)


def test_a_rename_keeps_each_body_under_the_new_name_and_in_the_new_unit(town, admin):
    r = reorganization("rename", [town["b"]], [new_unit("n", "Phường Bình Mới", "BN", town["province"])])
    apply(r, actor=admin)

    renamed = AdministrativeUnit.objects.get(code="BN")
    committee = of(town, K.PEOPLES_COMMITTEE, "b")
    assert (committee.name, committee.unit, committee.valid_from, committee.valid_to) == (
        "Ủy ban nhân dân phường Bình Mới",
        renamed,
        None,
        None,
    )
    assert Authority.objects.filter(unit=renamed).count() == 3
    assert undo_blockers(r) == []  # the bodies it moved are its own, not records of the new unit

    undo(r, actor=admin)

    committee.refresh_from_db()
    assert (committee.name, committee.unit) == ("Ủy ban nhân dân phường Bình", town["b"])


def test_undo_reopens_the_old_bodies_and_deletes_the_new_ones(town, admin):
    successor = AuthorityFactory(name="Ủy ban nhân dân phường Thử khác")
    Authority.objects.filter(pk=town[f"{K.PEOPLES_COMMITTEE}_a"].pk).update(replaced_by=successor)
    r, _c = merge_a_and_b(town, admin)
    assert undo_blockers(r) == []

    undo(r, actor=admin)

    assert not Authority.objects.filter(name__endswith="phường Cát").exists()
    committee_a = of(town, K.PEOPLES_COMMITTEE, "a")
    assert (committee_a.valid_to, committee_a.replaced_by) == (None, successor)
    assert (of(town, K.POLICE, "b").valid_to, of(town, K.POLICE, "b").replaced_by) == (None, None)
    ended = Authority.objects.get(pk=town["ended_before"].pk)
    assert ended.valid_to == datetime.date(2024, 12, 31)


def test_undo_is_refused_once_a_concern_was_forwarded_to_a_new_body(town, admin):
    r, c = merge_a_and_b(town, admin)
    committee = Authority.objects.get(unit=c, kind=K.PEOPLES_COMMITTEE)
    ConcernFactory(
        unit=town["province"],
        status="forwarded",
        authority=committee,
        forwarded_on=datetime.date(2025, 8, 1),
        due_date=datetime.date(2025, 8, 31),
        received_on=datetime.date(2025, 7, 30),
    )

    blockers = undo_blockers(r)

    assert blockers and "can no longer be undone" in blockers[0] and "concerns" in blockers[0]
    with pytest.raises(ValidationError):
        undo(r, actor=admin)
    assert Authority.objects.filter(pk=committee.pk).exists()


def test_undo_is_refused_once_a_recommendation_was_sent_to_a_new_body(town, admin):
    r, c = merge_a_and_b(town, admin)
    RecommendationFactory(authority=Authority.objects.get(unit=c, kind=K.POLICE))

    assert undo_blockers(r) and "recommendations" in undo_blockers(r)[0]


def test_undo_is_refused_once_an_administrator_added_a_body_to_the_new_unit(town, admin):
    r, c = merge_a_and_b(town, admin)
    AuthorityFactory(name="Phòng Kinh tế phường Cát", kind=K.COMMITTEE_OFFICE, unit=c)

    blockers = undo_blockers(r)

    assert blockers and "authorities" in blockers[0]
