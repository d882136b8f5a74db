"""Forms of the cadre screens: limited choices and validation errors shown next to the field.

The client runs in Vietnamese, the default language. Django's own messages are already
translated and asserted in Vietnamese. The portal's messages (the ``*_VI`` constants below)
will be asserted once locale/vi has them; until then the tests check that the field has an
error and that the error is rendered next to that field.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from organizations.forms import OrganizationForm, PersonForm, PositionForm, TermForm
from organizations.models import AdministrativeUnit, Organization, Person, Position, Term
from tests.cadre_common import current_org, new_unit
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    ScopeFactory,
    TermFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


INVALID_CHOICE_VI = "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
# Expected translations of the portal's own messages (msgid -> msgstr), for locale/vi.
END_BEFORE_START_VI = (
    "Ngày kết thúc không được trước ngày bắt đầu."  # The end date cannot be before the start date.
)
BIRTH_YEAR_VI = "Nhập một năm từ 1900 đến năm nay."  # Enter a year between 1900 and this year.
OUTSIDE_SCOPE_VI = "Nội dung này nằm ngoài các đơn vị và tổ chức bạn được phép thay đổi."
# ^ This is outside the units and organizations you may change.
DUPLICATE_TERM_VI = (
    "Tổ chức này đã có nhiệm kỳ mang số này."  # This organization already has a term with this number.
)
PERSON_BOTH_VI = "Chọn một người đã có hoặc nhập người mới, không chọn cả hai."
# ^ Choose an existing person or enter a new person, not both.
PERSON_MISSING_VI = (
    "Chọn một người hoặc nhập họ tên người mới."  # Choose a person or enter a new person's name.
)
NEW_NAME_MISSING_VI = "Nhập họ và tên của người mới."  # Enter the new person's full name.


@pytest.fixture
def foreign_org() -> Organization:
    return current_org("Hội Liên hiệp Phụ nữ phường La Gi")


@pytest.fixture
def ward_cadre_client(login_as):
    """The test client, logged in as the cadre of Phường Phước Hội."""
    return login_as("cadre_ward")


def assert_field_error(response, field: str, text: str | None = None) -> None:
    """The form came back (200) with an error on ``field``, rendered just after that field."""
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    page = response.content.decode()
    error_id = f'id="error_1_id_{field}"'
    assert error_id in page
    field_block = page[page.index(f'id="div_id_{field}"') :]
    field_block = field_block[: field_block.index("</div>", field_block.index(error_id))]
    for message in form.errors[field]:
        assert escape(message) in field_block
    assert "is-invalid" in field_block
    if text is not None:
        assert text in form.errors[field]


# End before start


def test_term_end_before_start(ward_cadre_client, phuoc_hoi_womens_union):
    response = ward_cadre_client.post(
        reverse("cadre:term_create", args=[phuoc_hoi_womens_union.pk]),
        {"ordinal": 77, "start": "2025-10-01", "end": "2025-09-30"},
    )
    assert_field_error(response, "end")
    assert not Term.objects.filter(organization=phuoc_hoi_womens_union, ordinal=77).exists()


def test_term_edit_end_before_start(ward_cadre_client, phuoc_hoi_womens_union):
    term = TermFactory(organization=phuoc_hoi_womens_union, ordinal=78)
    response = ward_cadre_client.post(
        reverse("cadre:term_edit", args=[term.pk]),
        {"ordinal": 78, "start": "2025-10-01", "end": "2020-01-01"},
    )
    assert_field_error(response, "end")
    term.refresh_from_db()
    assert term.end == datetime.date(2030, 9, 30)


def test_position_end_before_start(ward_cadre_client, phuoc_hoi_womens_union):
    person = PersonFactory(unit=phuoc_hoi_womens_union.unit)
    response = ward_cadre_client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"person": person.pk, "title": "member", "start": "2025-10-01", "end": "2025-01-01"},
    )
    assert_field_error(response, "end")
    assert not Position.objects.filter(person=person).exists()


def test_position_with_new_person_and_bad_dates_saves_nothing(ward_cadre_client, phuoc_hoi_womens_union):
    people = Person.objects.count()
    response = ward_cadre_client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"new_full_name": "Nửa Chừng", "title": "member", "start": "2025-10-01", "end": "2025-01-01"},
    )
    assert_field_error(response, "end")
    assert Person.objects.count() == people
    # The form comes back filled.
    assert response.context["form"]["new_full_name"].value() == "Nửa Chừng"


def test_organization_valid_to_before_valid_from(ward_cadre_client):
    response = ward_cadre_client.post(
        reverse("cadre:organization_create"),
        {
            "name": "Hội sai ngày",
            "kind": "red_cross",
            "unit": new_unit("Phường Phước Hội").pk,
            "valid_from": "2025-07-01",
            "valid_to": "2025-06-30",
        },
    )
    assert_field_error(response, "valid_to")
    assert not Organization.objects.filter(name="Hội sai ngày").exists()


# Foreign ids posted by hand


def test_organization_in_a_foreign_unit(ward_cadre_client):
    response = ward_cadre_client.post(
        reverse("cadre:organization_create"),
        {"name": "Hội ngoài", "kind": "red_cross", "unit": new_unit("Phường La Gi").pk},
    )
    assert_field_error(response, "unit", INVALID_CHOICE_VI)
    assert not Organization.objects.filter(name="Hội ngoài").exists()


def test_organization_under_a_foreign_parent(ward_cadre_client, foreign_org):
    response = ward_cadre_client.post(
        reverse("cadre:organization_create"),
        {
            "name": "Chi hội ngoài",
            "kind": "womens_union",
            "unit": new_unit("Phường Phước Hội").pk,
            "parent": foreign_org.pk,
        },
    )
    assert_field_error(response, "parent", INVALID_CHOICE_VI)


def test_position_for_a_foreign_person(ward_cadre_client, phuoc_hoi_womens_union):
    stranger = PersonFactory(unit=new_unit("Phường La Gi"))
    response = ward_cadre_client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"person": stranger.pk, "title": "member", "start": "2025-10-01"},
    )
    assert_field_error(response, "person", INVALID_CHOICE_VI)
    assert not Position.objects.filter(person=stranger).exists()


def test_position_with_a_term_of_another_organization(ward_cadre_client, phuoc_hoi_womens_union, foreign_org):
    foreign_term = TermFactory(organization=foreign_org, ordinal=90)
    person = PersonFactory(unit=phuoc_hoi_womens_union.unit)
    response = ward_cadre_client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"person": person.pk, "title": "member", "term": foreign_term.pk, "start": "2025-10-01"},
    )
    assert_field_error(response, "term", INVALID_CHOICE_VI)


def test_position_edit_cannot_move_to_a_foreign_person(ward_cadre_client, phuoc_hoi_womens_union):
    position = PositionFactory(
        organization=phuoc_hoi_womens_union, person=PersonFactory(unit=phuoc_hoi_womens_union.unit)
    )
    stranger = PersonFactory(unit=new_unit("Phường La Gi"))
    response = ward_cadre_client.post(
        reverse("cadre:position_edit", args=[position.pk]),
        {"person": stranger.pk, "title": "member", "start": "2025-10-01"},
    )
    assert_field_error(response, "person", INVALID_CHOICE_VI)
    position.refresh_from_db()
    assert position.person != stranger


def test_person_in_a_foreign_unit(ward_cadre_client):
    response = ward_cadre_client.post(
        reverse("cadre:person_create"), {"full_name": "Người ngoài", "unit": new_unit("Phường La Gi").pk}
    )
    assert_field_error(response, "unit", INVALID_CHOICE_VI)
    assert not Person.objects.filter(full_name="Người ngoài").exists()


def test_person_cannot_be_moved_to_a_foreign_unit(ward_cadre_client, phuoc_hoi_womens_union):
    person = PersonFactory(unit=phuoc_hoi_womens_union.unit)
    response = ward_cadre_client.post(
        reverse("cadre:person_edit", args=[person.pk]),
        {"full_name": person.full_name, "unit": new_unit("Phường La Gi").pk},
    )
    assert_field_error(response, "unit", INVALID_CHOICE_VI)
    person.refresh_from_db()
    assert person.unit == phuoc_hoi_womens_union.unit


# Year of birth


def test_person_born_next_year(ward_cadre_client):
    next_year = timezone.localdate().year + 1
    response = ward_cadre_client.post(
        reverse("cadre:person_create"),
        {"full_name": "Chưa sinh", "birth_year": next_year, "unit": new_unit("Phường Phước Hội").pk},
    )
    assert_field_error(response, "birth_year")
    assert not Person.objects.filter(full_name="Chưa sinh").exists()


def test_new_holder_born_next_year(ward_cadre_client, phuoc_hoi_womens_union):
    next_year = timezone.localdate().year + 1
    response = ward_cadre_client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"new_full_name": "Chưa sinh", "new_birth_year": next_year, "title": "member", "start": "2025-10-01"},
    )
    assert_field_error(response, "new_birth_year")
    assert not Person.objects.filter(full_name="Chưa sinh").exists()


# Other rules of the forms


def test_duplicate_term_number(ward_cadre_client, phuoc_hoi_womens_union):
    TermFactory(organization=phuoc_hoi_womens_union, ordinal=55)
    response = ward_cadre_client.post(
        reverse("cadre:term_create", args=[phuoc_hoi_womens_union.pk]), {"ordinal": 55, "start": "2025-10-01"}
    )
    assert_field_error(response, "ordinal")
    assert Term.objects.filter(organization=phuoc_hoi_womens_union, ordinal=55).count() == 1


def test_position_needs_exactly_one_holder(ward_cadre_client, phuoc_hoi_womens_union):
    url = reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk])
    response = ward_cadre_client.post(url, {"title": "member", "start": "2025-10-01"})
    assert_field_error(response, "person")
    person = PersonFactory(unit=phuoc_hoi_womens_union.unit)
    response = ward_cadre_client.post(
        url, {"person": person.pk, "new_full_name": "Ai Đó", "title": "member", "start": "2025-10-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    response = ward_cadre_client.post(
        url, {"new_phone": "0900000000", "title": "member", "start": "2025-10-01"}
    )
    assert_field_error(response, "new_full_name")
    assert not Position.objects.filter(organization=phuoc_hoi_womens_union, person=person).exists()


def test_service_refusal_is_shown_on_the_form_not_a_500(login_as):
    # An organization-scoped cadre may pick her ward among the units (for branches), but
    # the service refuses a top-level organization there: the error comes back on the form.
    client = login_as("cadre_women")
    response = client.post(
        reverse("cadre:organization_create"),
        {"name": "Hội ngoài phạm vi", "kind": "womens_union", "unit": new_unit("Phường La Gi").pk},
    )
    assert_field_error(response, "unit")
    assert not Organization.objects.filter(name="Hội ngoài phạm vi").exists()


# Choices and widgets


def test_unit_and_parent_choices_follow_the_write_scope(demo_user):
    form = OrganizationForm(user=demo_user("cadre_women"))
    units = set(form.fields["unit"].queryset)
    la_gi = new_unit("Phường La Gi")
    assert la_gi in units
    assert set(AdministrativeUnit.objects.filter(parent=la_gi)) <= units
    assert new_unit("Phường Phước Hội") not in units
    parents = set(form.fields["parent"].queryset)
    union = current_org("Hội Liên hiệp Phụ nữ phường La Gi")
    assert parents == set(Organization.objects.editable_by(demo_user("cadre_women")))
    assert union in parents
    assert current_org("Hội Nông dân phường La Gi") not in parents


def test_read_only_scope_gives_no_unit_choice(demo_user):
    form = PersonForm(user=demo_user("cadre_viewer"))
    assert not form.fields["unit"].queryset.exists()


def test_editing_keeps_the_current_parent_among_the_choices():
    # The top organization of an organization scope may have a parent outside that scope.
    ward = UnitFactory()
    front = OrganizationFactory(unit=ward, kind="front_committee")
    union = OrganizationFactory(unit=ward, parent=front)
    branch = OrganizationFactory(unit=UnitFactory(parent=ward), parent=union)
    cadre = ScopeFactory(organization=union).user
    parents = OrganizationForm(instance=union, user=cadre).fields["parent"].queryset
    assert front in parents
    assert branch in parents
    assert union not in parents
    assert front not in OrganizationForm(user=cadre).fields["parent"].queryset


def test_person_and_term_choices_of_a_position(demo_user, phuoc_hoi_womens_union, foreign_org):
    own_term = TermFactory(organization=phuoc_hoi_womens_union, ordinal=61)
    other_term = TermFactory(organization=foreign_org, ordinal=62)
    stranger = PersonFactory(unit=new_unit("Phường La Gi"))
    form = PositionForm(user=demo_user("cadre_ward"), organization=phuoc_hoi_womens_union)
    assert own_term in form.fields["term"].queryset
    assert other_term not in form.fields["term"].queryset
    people = form.fields["person"].queryset
    assert stranger not in people
    assert set(people) == set(Person.objects.visible_to(demo_user("cadre_ward")))


def test_unit_labels_tell_same_named_units_apart(demo_user):
    form = PersonForm(user=demo_user("cadre_ward"))
    labels = [label for _value, label in form.fields["unit"].choices]
    assert len(labels) == len(set(labels))
    assert any("30/06/2025" in label for label in labels)  # old units show their end


def test_date_inputs_are_native_date_pickers_with_iso_values(demo_user, phuoc_hoi_womens_union):
    term = TermFactory(organization=phuoc_hoi_womens_union, ordinal=63, start=datetime.date(2025, 10, 1))
    html = str(TermForm(instance=term, organization=phuoc_hoi_womens_union)["start"])
    assert 'type="date"' in html
    assert 'value="2025-10-01"' in html
    form = TermForm({"ordinal": 64, "start": "2025-10-01"}, organization=phuoc_hoi_womens_union)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime.date(2025, 10, 1)
