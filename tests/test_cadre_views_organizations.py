"""The cadre screens of organizations: the dashboard, the organization list (scoped, filtered,
sorted, paginated), an organization's page, creating and editing an organization with its audit
entry, its terms and positions. Runs against the demo data of ``seed_demo``."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organizations.models import AdministrativeUnit, Organization, Person, Position, Term
from tests.cadre_common import (
    FARMERS_LA_GI,
    LA_GI,
    PHUOC_HOI,
    WOMEN_LA_GI,
    WOMEN_PHUOC_HOI,
    WOMEN_TAN_AN,
    current_org,
    new_unit,
)
from tests.factories import OrganizationFactory, PersonFactory, PositionFactory, TermFactory

pytestmark = pytest.mark.django_db


# Dashboard


def test_dashboard_lists_the_scopes_and_their_organizations(login_as, phuoc_hoi_womens_union):
    response = login_as("cadre_ward").get(reverse("cadre:dashboard"))
    html = response.content.decode()
    assert PHUOC_HOI in html  # its one scope: the old Phước Lộc and the others come with it (lineage)
    assert reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk]) in html
    assert WOMEN_TAN_AN not in html
    assert 'id="no-scope"' not in html


def test_dashboard_of_an_organization_cadre_shows_it_and_its_branches(login_as):
    union = current_org(WOMEN_LA_GI)
    response = login_as("cadre_women").get(reverse("cadre:dashboard"))
    html = response.content.decode()
    assert reverse("cadre:organization_detail", args=[union.pk]) in html
    for branch in union.branches.all():
        assert reverse("cadre:organization_detail", args=[branch.pk]) in html
    assert FARMERS_LA_GI not in html


def test_dashboard_without_scope_says_whom_to_ask(no_scope_client):
    html = no_scope_client.get(reverse("cadre:dashboard")).content.decode()
    assert 'id="no-scope"' in html
    assert "quản trị viên" in html


# Organizations


def test_ward_cadre_list_has_only_their_organizations(login_as):
    client = login_as("cadre_ward")
    tan_an_women = Organization.objects.get(name=WOMEN_TAN_AN)
    html = client.get(reverse("cadre:organization_list"), {"q": "Phụ nữ"}).content.decode()
    assert WOMEN_PHUOC_HOI in html
    assert WOMEN_TAN_AN not in html
    # Filtering on a foreign unit by hand does not open it either.
    html = client.get(reverse("cadre:organization_list"), {"unit": tan_an_women.unit_id}).content.decode()
    assert WOMEN_TAN_AN not in html
    assert "Phường Tân An" not in html


def test_ward_cadre_cannot_reach_another_ward_by_guessing_ids(login_as, la_gi_person):
    client = login_as("cadre_ward")
    tan_an_women = Organization.objects.get(name=WOMEN_TAN_AN)
    foreign_term = TermFactory(organization=tan_an_women)
    foreign_position = PositionFactory(organization=tan_an_women, person=la_gi_person)
    for url in (
        reverse("cadre:organization_detail", args=[tan_an_women.pk]),
        reverse("cadre:organization_edit", args=[tan_an_women.pk]),
        reverse("cadre:term_create", args=[tan_an_women.pk]),
        reverse("cadre:position_create", args=[tan_an_women.pk]),
        reverse("cadre:term_edit", args=[foreign_term.pk]),
        reverse("cadre:position_edit", args=[foreign_position.pk]),
        reverse("cadre:person_detail", args=[la_gi_person.pk]),
        reverse("cadre:person_edit", args=[la_gi_person.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"name": "X", "full_name": "X"}).status_code == 404, url
    tan_an_women.refresh_from_db()
    la_gi_person.refresh_from_db()
    assert tan_an_women.name == WOMEN_TAN_AN
    assert la_gi_person.full_name == "Người La Gi"


def test_women_cadre_sees_her_union_and_branches_but_not_the_farmers(login_as):
    client = login_as("cadre_women")
    union = current_org(WOMEN_LA_GI)
    farmers = current_org(FARMERS_LA_GI)
    page = client.get(reverse("cadre:organization_list"), {"q": "phường La Gi"})
    names = {organization.name for organization in page.context["page"]}
    assert WOMEN_LA_GI in names
    assert FARMERS_LA_GI not in names
    shown = set(page.context["filter"].qs)
    assert union in shown and set(union.branches.all()) <= shown
    assert farmers not in shown
    assert client.get(reverse("cadre:organization_detail", args=[union.pk])).status_code == 200
    assert client.get(reverse("cadre:organization_detail", args=[farmers.pk])).status_code == 404
    branch = union.branches.first()
    assert client.get(reverse("cadre:organization_edit", args=[branch.pk])).status_code == 200


def test_women_cadre_filters_on_a_residential_area_of_her_ward(login_as):
    client = login_as("cadre_women")
    union = current_org(WOMEN_LA_GI)
    branch = union.branches.select_related("unit").first()
    response = client.get(reverse("cadre:organization_list"), {"unit": branch.unit_id})
    assert branch.unit in response.context["filter"].form.fields["unit"].queryset
    shown = list(response.context["filter"].qs)
    assert branch in shown
    assert all(o.parent_id == union.pk or o.parent.parent_id == union.pk for o in shown)
    assert Organization.objects.filter(unit=branch.unit).exclude(parent=union).exists()  # others exist there


def test_organization_list_filters_sorts_and_paginates(login_as):
    client = login_as("cadre_area")
    response = client.get(reverse("cadre:organization_list"))
    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].has_next and 'rel="next"' in response.text
    assert "Tổ chức 1–25" in response.text
    second = client.get(reverse("cadre:organization_list"), {"page": 2})
    assert second.context["page"].start_index() == 26 and 'rel="prev"' in second.text
    assert not {o.pk for o in second.context["page"]} & {o.pk for o in response.context["page"]}
    response = client.get(reverse("cadre:organization_list"), {"kind": "womens_union", "status": "current"})
    shown = list(response.context["filter"].qs)
    assert shown and all(o.kind == "womens_union" and o.valid_to is None for o in shown)
    response = client.get(reverse("cadre:organization_list"), {"status": "ended"})
    assert all(o.valid_to is not None for o in response.context["filter"].qs)
    response = client.get(
        reverse("cadre:organization_list"), {"unit": new_unit(LA_GI).pk, "ordering": "-name"}
    )
    shown = list(response.context["filter"].qs)
    assert shown and current_org(WOMEN_LA_GI) in shown
    assert any(o.unit.parent_id == new_unit(LA_GI).pk for o in shown)  # sub-units included
    assert [o.name for o in shown] == sorted((o.name for o in shown), reverse=True)
    html = client.get(
        reverse("cadre:organization_list"), {"page": 2, "kind": "womens_union"}
    ).content.decode()
    assert "kind=womens_union" in html  # page links keep the filter


def test_organization_detail_shows_holders_terms_and_branches(login_as, phuoc_hoi_womens_union):
    holder = PersonFactory(unit=phuoc_hoi_womens_union.unit, full_name="Chủ tịch Thử")
    PositionFactory(
        organization=phuoc_hoi_womens_union,
        person=holder,
        title="chair",
        start=datetime.date(2025, 10, 1),
        decision_number="12/QĐ-MT",
    )
    former = PersonFactory(unit=phuoc_hoi_womens_union.unit, full_name="Cựu Chủ tịch Thử")
    PositionFactory(
        organization=phuoc_hoi_womens_union,
        person=former,
        title="chair",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2025, 6, 30),
        decision_number="7/QĐ-MT",
    )
    branch = OrganizationFactory(
        unit=phuoc_hoi_womens_union.unit, parent=phuoc_hoi_womens_union, name="Chi hội thử nghiệm"
    )
    response = login_as("cadre_ward").get(
        reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk])
    )
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Chủ tịch Thử" in html and "12/QĐ-MT" in html
    assert "Cựu Chủ tịch Thử" in html and "7/QĐ-MT" in html
    assert holder in [p.person for p in response.context["current_positions"]]
    assert former in [p.person for p in response.context["past_positions"]]
    assert branch.name in html
    assert "30/06/2025" in html  # dates are dd/mm/yyyy
    for name in ("organization_edit", "term_create", "position_create"):
        assert reverse(f"cadre:{name}", args=[phuoc_hoi_womens_union.pk]) in html


def test_read_only_cadre_sees_no_edit_buttons(login_as, phuoc_hoi_womens_union):
    html = (
        login_as("cadre_viewer")
        .get(reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk]))
        .content.decode()
    )
    assert phuoc_hoi_womens_union.name in html
    assert reverse("cadre:organization_edit", args=[phuoc_hoi_womens_union.pk]) not in html
    assert reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]) not in html
    assert reverse("cadre:term_edit", args=[phuoc_hoi_womens_union.terms.first().pk]) not in html
    assert 'id="organization-actions"' not in html


def test_edit_writes_one_audit_entry_with_old_and_new_values(login_as, demo_user, phuoc_hoi_womens_union):
    client = login_as("cadre_ward")
    old_description = phuoc_hoi_womens_union.description
    url = reverse("cadre:organization_edit", args=[phuoc_hoi_womens_union.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(unit=phuoc_hoi_womens_union.unit_id, description="Mô tả mới của hội", valid_from="2025-07-01")
    data.pop("parent", None)
    before = LogEntry.objects.get_for_object(phuoc_hoi_womens_union).count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk])
    entries = LogEntry.objects.get_for_object(phuoc_hoi_womens_union)
    assert entries.count() == before + 1
    entry = entries.latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == demo_user("cadre_ward")
    assert entry.changes_dict == {"description": [old_description, "Mô tả mới của hội"]}
    assert client.get(response.url).context["messages"]


def test_create_organization_and_redirect_to_it(login_as):
    client = login_as("cadre_ward")
    unit = new_unit(PHUOC_HOI)
    response = client.post(
        reverse("cadre:organization_create"),
        {
            "name": "Câu lạc bộ thử",
            "kind": "elderly_association",
            "unit": unit.pk,
            "valid_from": "2025-08-01",
        },
    )
    organization = Organization.objects.get(name="Câu lạc bộ thử")
    assert response.status_code == 302
    assert response.url == reverse("cadre:organization_detail", args=[organization.pk])
    assert organization.valid_from == datetime.date(2025, 8, 1)
    assert LogEntry.objects.get_for_object(organization).get().action == LogEntry.Action.CREATE


def test_women_cadre_adds_a_branch_but_not_a_top_level_organization(login_as):
    client = login_as("cadre_women")
    union = current_org(WOMEN_LA_GI)
    area = AdministrativeUnit.objects.filter(parent=union.unit).first()
    response = client.post(
        reverse("cadre:organization_create"),
        {"name": "Tổ phụ nữ thử", "kind": "womens_union", "unit": area.pk, "parent": union.pk},
    )
    assert response.status_code == 302
    assert Organization.objects.get(name="Tổ phụ nữ thử").parent == union
    # Without a parent in her scope, the service refuses: a form error, not a 500.
    response = client.post(
        reverse("cadre:organization_create"), {"name": "Hội thử", "kind": "red_cross", "unit": union.unit_id}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Organization.objects.filter(name="Hội thử").exists()


def test_a_branch_is_created_with_its_head_in_one_form(login_as, phuoc_hoi_person):
    client = login_as("cadre_ward")
    unit = new_unit(PHUOC_HOI)
    data = {"name": "Chi hội thử có trưởng", "kind": "elderly_association", "unit": unit.pk}
    response = client.post(
        reverse("cadre:organization_create"),
        data | {"valid_from": "2025-09-01", "head": phuoc_hoi_person.pk, "head_title": "head"},
    )
    assert response.status_code == 302
    branch = Organization.objects.get(name="Chi hội thử có trưởng")
    head = branch.positions.get()
    assert (head.person, head.title, head.start) == (phuoc_hoi_person, "head", datetime.date(2025, 9, 1))


def test_a_head_that_cannot_be_recorded_saves_neither_the_organization_nor_the_position(
    login_as, phuoc_hoi_person
):
    client = login_as("cadre_ward")
    data = {"name": "Ban thử có trưởng", "kind": "inspection_board", "unit": new_unit(PHUOC_HOI).pk}
    response = client.post(reverse("cadre:organization_create"), data | {"head": phuoc_hoi_person.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["head"]
    assert not Organization.objects.filter(name="Ban thử có trưởng").exists()


# Terms and positions


def test_add_a_term(login_as, phuoc_hoi_womens_union):
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:term_create", args=[phuoc_hoi_womens_union.pk]),
        {"ordinal": 42, "start": "2025-10-01", "end": "2030-09-30"},
    )
    assert response.status_code == 302
    assert Term.objects.get(organization=phuoc_hoi_womens_union, ordinal=42).end == datetime.date(2030, 9, 30)


def test_add_a_position_with_a_new_person(login_as, phuoc_hoi_womens_union):
    client = login_as("cadre_ward")
    term = phuoc_hoi_womens_union.terms.first()
    response = client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {
            "new_full_name": "Lê Thị Mới",
            "new_gender": "female",
            "new_birth_year": 1985,
            "new_phone": "0987000111",
            "title": "vice_chair",
            "term": term.pk,
            "start": "2025-10-01",
            "decision_number": "15/QĐ-HPN",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Lê Thị Mới")
    assert person.unit == phuoc_hoi_womens_union.unit
    assert person.phone == "0987000111"
    position = Position.objects.get(person=person)
    assert (position.organization, position.term, position.decision_number) == (
        phuoc_hoi_womens_union,
        term,
        "15/QĐ-HPN",
    )


def test_add_a_position_for_an_existing_person(login_as, phuoc_hoi_womens_union, phuoc_hoi_person):
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:position_create", args=[phuoc_hoi_womens_union.pk]),
        {"person": phuoc_hoi_person.pk, "title": "member", "start": "2025-10-01"},
    )
    assert response.status_code == 302
    assert Position.objects.filter(person=phuoc_hoi_person, organization=phuoc_hoi_womens_union).exists()


def test_end_a_position(login_as, demo_user, phuoc_hoi_womens_union, phuoc_hoi_person):
    position = PositionFactory(
        organization=phuoc_hoi_womens_union, person=phuoc_hoi_person, start=datetime.date(2025, 10, 1)
    )
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:position_edit", args=[position.pk]),
        {"person": phuoc_hoi_person.pk, "title": "member", "start": "2025-10-01", "end": "2026-01-31"},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end == datetime.date(2026, 1, 31)
    entry = LogEntry.objects.get_for_object(position).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == demo_user("cadre_ward")
    assert entry.changes_dict == {"end": [None, "2026-01-31"]}
