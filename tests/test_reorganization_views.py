"""The reorganization screens (organizations/views_reorganizations.py): a draft step by step, its
preview, carrying it out and undoing it with the test client; the plan's refusals shown on the
page with nothing changed; form errors next to their fields; who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from organizations.models import (
    AdministrativeUnit,
    Organization,
    Reorganization,
    ReorganizationStatus,
    Scope,
)
from tests.factories import ScopeFactory, UserFactory
from tests.reorganization_common import BASIS, EFFECTIVE, LAST, make_town, new_unit, reorganization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def town():
    return make_town()


@pytest.fixture
def admin_client(login_as):
    return login_as("admin")


def url(name: str, r: Reorganization | None = None) -> str:
    return reverse(f"cadre:reorganization_{name}", args=[r.pk] if r else None)


def decision(**overrides) -> dict:
    data = {
        "kind": "merge",
        "effective_date": EFFECTIVE.isoformat(),
        "basis_number": BASIS["basis_number"],
        "basis_date": BASIS["basis_date"].isoformat(),
        "basis_body": BASIS["basis_body"],
        "note": "",
        "after-TOTAL_FORMS": "3",
        "after-INITIAL_FORMS": "0",
        "after-MIN_NUM_FORMS": "0",
        "after-MAX_NUM_FORMS": "20",
    }
    return data | overrides


def merge_into_cat(town) -> dict:
    return decision(
        before=[town["a"].pk, town["b"].pk],
        **{
            "after-0-name": "Phường Cát",
            "after-0-code": "C",
            "after-0-kind": "ward",
            "after-0-parent": town["province"].pk,
        },
    )


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def assert_unchanged(town, r: Reorganization) -> None:
    for key in ("a", "b", "a1"):
        town[key].refresh_from_db()
        assert town[key].valid_to is None
    assert not AdministrativeUnit.objects.filter(code="C").exists()
    r.refresh_from_db()
    assert r.status == ReorganizationStatus.DRAFT and r.changes == {}


# --- the journey ---------------------------------------------------------------------------------


def test_a_merge_prepared_previewed_carried_out_and_undone_through_the_screens(town, admin_client):
    client = admin_client
    moved = ScopeFactory(unit=town["a"], user=UserFactory(username="cadre_of_an"))

    response = client.post(url("create"), merge_into_cat(town))
    r = Reorganization.objects.get(basis_number=BASIS["basis_number"], plan__after__0__code="C")
    assert response.status_code == 302 and response["Location"] == url("areas", r)
    assert r.status == ReorganizationStatus.DRAFT
    assert r.plan["before"] == [town["a"].pk, town["b"].pk]
    assert r.plan["after"] == [new_unit("u0", "Phường Cát", "C", town["province"])]

    # Areas: one unit after, so each area goes there by default; Khu phố 7 is renamed.
    html = page(client.get(url("areas", r)))
    assert "Khu phố 1 goes to" in html and "same name in the same unit become one" in html
    areas = {f"to_{town[k].pk}": "u0" for k in ("a1", "a2", "b1")}
    names = {f"name_{town['a1'].pk}": "Khu phố 1", f"name_{town['a2'].pk}": "Khu phố 2"}
    response = client.post(url("areas", r), areas | names | {f"name_{town['b1'].pk}": "Khu phố 3"})
    assert response.status_code == 302 and response["Location"] == url("preview", r)

    html = page(client.get(url("preview", r)))
    for expected in (
        "Phường An",
        "Phường Bình",
        "Phường Cát",
        "Khu phố 7",
        "Khu phố 3",
        "Hội Liên hiệp Phụ nữ phường Cát",  # the union that takes both over
        "term no. 10",
        "1 position ends",
        "Extend the access of cadre_of_an (read and write) to Phường Cát",
    ):
        assert expected in html, expected
    assert not AdministrativeUnit.objects.filter(code="C").exists()

    response = client.post(url("apply", r), {f"scope_{moved.pk}": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", r)
    assert "The reorganization was carried out." in page(response)
    c = AdministrativeUnit.objects.get(code="C")
    town["a"].refresh_from_db()
    assert town["a"].valid_to == LAST and c.valid_from == EFFECTIVE
    assert sorted(c.children.values_list("name", flat=True)) == ["Khu phố 1", "Khu phố 2", "Khu phố 3"]
    assert Scope.objects.get(pk=moved.pk).unit == c
    html = page(response)
    assert "What was done" in html and "Phường An → Phường Cát" in html and 'id="undo-form"' in html

    response = client.post(url("undo", r), follow=True)
    assert "The reorganization was undone." in page(response)
    r.refresh_from_db()
    assert r.status == ReorganizationStatus.UNDONE
    assert not AdministrativeUnit.objects.filter(code="C").exists()
    assert Scope.objects.get(pk=moved.pk).unit == town["a"]


def test_the_list_shows_the_newest_first_with_status_and_legal_basis(town, admin_client):
    older = reorganization("dissolve", [town["b"]], [])
    newer = reorganization("dissolve", [town["a"]], [], effective=LAST.replace(year=2026))
    html = page(admin_client.get(url("list")))
    assert html.index(url("detail", newer)) < html.index(url("detail", older))
    assert "Draft" in html and "1671/NQ-UBTVQH15 of 16/06/2025, Ủy ban Thường vụ Quốc hội" in html


def test_a_draft_is_edited_and_keeps_its_areas_while_its_units_stay(town, admin_client):
    r = reorganization(
        "merge",
        [town["a"], town["b"]],
        [new_unit("u0", "Phường Cát", "C", town["province"])],
        areas={str(town["b1"].pk): {"to": "u0", "name": "Khu phố 3"}},
    )
    form = page(admin_client.get(url("edit", r)))
    assert 'value="Phường Cát"' in form
    data = merge_into_cat(town) | {"note": "Đã sửa", "after-INITIAL_FORMS": "1"}
    response = admin_client.post(url("edit", r), data)
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.note == "Đã sửa" and r.plan["areas"] == {str(town["b1"].pk): {"to": "u0", "name": "Khu phố 3"}}


def test_a_dissolution_has_no_area_step(town, admin_client):
    data = decision(kind="dissolve", before=[town["b"].pk])
    response = admin_client.post(url("create"), data)
    r = Reorganization.objects.get(kind="dissolve", plan__before=[town["b"].pk])
    assert response["Location"] == url("preview", r)
    html = page(admin_client.get(url("preview", r)))
    assert "None: the units are dissolved." in html and "They close with their units." in html


# --- refusals of the plan, on the page, with nothing changed -------------------------------------


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("code_taken", "The code B is already used by another unit."),
        ("one_unit", "A merge joins two or more units into one unit."),
        ("basis_after", "The legal basis cannot be dated after the reorganization takes effect."),
        ("unassigned", "Choose where Khu phố 2 of Phường An goes."),
    ],
)
def test_a_refused_plan_is_shown_at_the_top_and_nothing_changes(town, admin_client, case, message):
    c = new_unit("c", "Phường Cát", "C", town["province"])
    a, b = town["a"], town["b"]
    if case == "code_taken":
        r = reorganization("merge", [a, b], [c | {"code": "B"}])
    elif case == "one_unit":
        r = reorganization("merge", [a], [c])
    elif case == "basis_after":
        r = reorganization("merge", [a, b], [c], effective=LAST.replace(month=6, day=1))
    else:
        west = new_unit("w", "Phường Tây", "W", town["province"])
        r = reorganization("split", [a], [c, west], areas={str(town["a1"].pk): {"to": "c"}})
    html = page(admin_client.get(url("preview", r)))
    assert 'id="reorganization-errors"' in html and message in html
    assert "nothing was changed" in html and 'id="carry-out-form"' not in html

    response = admin_client.post(url("apply", r))
    assert response.status_code == 200 and message in page(response)
    assert_unchanged(town, r)


def test_an_account_without_a_global_scope_cannot_carry_out_and_its_choice_is_not_kept(town, login_as):
    staff = ScopeFactory(unit=town["province"], user=UserFactory(is_staff=True)).user
    moved = ScopeFactory(unit=town["a"])
    r = reorganization("merge", [town["a"], town["b"]], [new_unit("u0", "Phường Cát", "C", town["province"])])
    client = login_as(None)
    client.force_login(staff)
    html = page(client.get(url("preview", r)))
    assert "Only an administrator can carry out a reorganization." in html
    response = client.post(url("apply", r), {f"scope_{moved.pk}": "on"})
    assert "Only administrators can reorganize units." in page(response)
    assert_unchanged(town, r)
    assert "scopes" not in r.plan


def test_undo_is_refused_with_its_reason_once_records_exist_in_the_new_units(town, admin_client):
    from organizations.reorganizing import apply
    from tests.factories import ActivityFactory

    r = reorganization("merge", [town["a"], town["b"]], [new_unit("u0", "Phường Cát", "C", town["province"])])
    apply(r, actor=UserFactory(is_superuser=True, is_staff=True))
    ActivityFactory(unit=AdministrativeUnit.objects.get(code="C"), date=EFFECTIVE, organizations=[])
    html = page(admin_client.get(url("detail", r)))
    assert 'id="undo-form"' not in html and "it can no longer be undone" in html
    response = admin_client.post(url("undo", r), follow=True)
    assert "it can no longer be undone" in page(response)
    assert AdministrativeUnit.objects.filter(code="C").exists()


# --- form errors next to their fields ------------------------------------------------------------


def field_error(html: str, field: str) -> bool:
    return f'id="error_1_id_{field}"' in html


def test_a_bad_date_and_a_missing_basis_are_shown_next_to_their_fields_and_nothing_is_saved(
    town, admin_client
):
    before = Reorganization.objects.count()
    data = merge_into_cat(town) | {"effective_date": "2025-13-45", "basis_number": ""}
    response = admin_client.post(url("create"), data)
    html = page(response)
    assert response.status_code == 200 and 'id="error-summary"' in html
    assert field_error(html, "effective_date") and field_error(html, "basis_number")
    assert "Enter a valid date." in html and "This field is required." in html
    assert Reorganization.objects.count() == before


def test_a_new_unit_after_needs_its_code_and_not_also_an_existing_unit(town, admin_client):
    data = merge_into_cat(town) | {
        "after-0-code": "",
        "after-1-unit": town["province"].pk,
        "after-1-name": "Phường Thừa",
    }
    html = page(admin_client.post(url("create"), data))
    assert field_error(html, "after-0-code") and "Give the code of the new unit." in html
    assert field_error(html, "after-1-unit")
    assert "Choose an existing unit or describe a new one, not both." in html
    assert not Reorganization.objects.filter(plan__after__0__name="Phường Cát").exists()


def test_an_area_left_without_its_unit_after_is_marked_next_to_it(town, admin_client):
    west = new_unit("u1", "Phường Tây", "W", town["province"])
    r = reorganization("split", [town["a"]], [new_unit("u0", "Phường Đông", "E", town["province"]), west])
    a1, a2 = town["a1"].pk, town["a2"].pk
    data = {f"to_{a1}": "u0", f"name_{a1}": "Khu phố 1", f"to_{a2}": "", f"name_{a2}": "Khu phố 2"}
    html = page(admin_client.post(url("areas", r), data))
    assert field_error(html, f"to_{a2}") and "Choose the unit this area goes to." in html
    r.refresh_from_db()
    assert r.plan.get("areas") in (None, {})


# --- who -----------------------------------------------------------------------------------------


def test_the_navigation_links_the_list_for_staff_only(login_as):
    assert url("list") in page(login_as("admin").get(reverse("cadre:dashboard")))
    assert url("list") not in page(login_as("cadre_ward").get(reverse("cadre:dashboard")))


def test_a_reorganization_carried_out_is_no_longer_edited(town, admin_client):
    r = reorganization("dissolve", [town["b"]], [])
    Reorganization.objects.filter(pk=r.pk).update(status=ReorganizationStatus.APPLIED)
    for name in ("edit", "areas", "preview"):
        assert admin_client.get(url(name, r)).status_code == 404
    assert Organization.objects.filter(pk=town["union_b"].pk, valid_to=None).exists()
