"""The cadre screens of the organization structure: access by role, scoping, content,
audit entries and pinned query counts. Runs against the demo data of ``seed_demo``."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organizations.models import (
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Term,
)
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEW_UNITS_START = datetime.date(2025, 7, 1)
PHUOC_HOI = "Phường Phước Hội"
LA_GI = "Phường La Gi"
WOMEN_PHUOC_HOI = "Hội Liên hiệp Phụ nữ phường Phước Hội"
WOMEN_LA_GI = "Hội Liên hiệp Phụ nữ phường La Gi"
FARMERS_LA_GI = "Hội Nông dân phường La Gi"
WOMEN_TAN_AN = "Hội Liên hiệp Phụ nữ phường Tân An"


def new_unit(name: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(name=name, valid_from=NEW_UNITS_START)


def current_org(name: str) -> Organization:
    """The organization of that name that exists today (old and new units share names)."""
    return Organization.objects.get(name=name, valid_to__isnull=True)


@pytest.fixture
def ward_org() -> Organization:
    """Women's Union of the new Phường Phước Hội, with a term and a position."""
    organization = current_org(WOMEN_PHUOC_HOI)
    if not organization.terms.exists():
        TermFactory(organization=organization)
    if not organization.positions.exists():
        PositionFactory(organization=organization, person=PersonFactory(unit=organization.unit))
    return organization


@pytest.fixture
def ward_person(ward_org) -> Person:
    return PersonFactory(
        unit=ward_org.unit, full_name="Phạm Thị Thử", phone="0912000111", email="thu@example.test"
    )


@pytest.fixture
def la_gi_person() -> Person:
    return PersonFactory(unit=new_unit(LA_GI), full_name="Người La Gi", phone="0912000222")


@pytest.fixture
def no_scope_client(client):
    client.force_login(UserFactory(username="no_scope"))
    return client


# The permission matrix: every URL of the cadre screens x every standard role.

ROLES = ("anonymous", "cadre_ward", "cadre_viewer", "cadre_women", "admin", "no_scope")


def urls(ward_org: Organization, ward_person: Person) -> dict[str, str]:
    term = ward_org.terms.first()
    position = ward_org.positions.first()
    return {
        "dashboard": reverse("cadre:dashboard"),
        "organization_list": reverse("cadre:organization_list"),
        "organization_create": reverse("cadre:organization_create"),
        "organization_detail": reverse("cadre:organization_detail", args=[ward_org.pk]),
        "organization_edit": reverse("cadre:organization_edit", args=[ward_org.pk]),
        "term_create": reverse("cadre:term_create", args=[ward_org.pk]),
        "term_edit": reverse("cadre:term_edit", args=[term.pk]),
        "position_create": reverse("cadre:position_create", args=[ward_org.pk]),
        "position_edit": reverse("cadre:position_edit", args=[position.pk]),
        "person_list": reverse("cadre:person_list"),
        "person_create": reverse("cadre:person_create"),
        "person_detail": reverse("cadre:person_detail", args=[ward_person.pk]),
        "person_edit": reverse("cadre:person_edit", args=[ward_person.pk]),
        "password_change": reverse("password_change"),
    }


# Expected status per URL name, in the order of ROLES. The ward organization and person
# are in Phường Phước Hội: cadre_women (Women's Union of Phường La Gi) does not see them.
EXPECTED = {
    "dashboard": (302, 200, 200, 200, 200, 200),
    "organization_list": (302, 200, 200, 200, 200, 200),
    "organization_create": (302, 200, 403, 200, 200, 403),
    "organization_detail": (302, 200, 200, 404, 200, 404),
    "organization_edit": (302, 200, 403, 404, 200, 404),
    "term_create": (302, 200, 403, 404, 200, 404),
    "term_edit": (302, 200, 403, 404, 200, 404),
    "position_create": (302, 200, 403, 404, 200, 404),
    "position_edit": (302, 200, 403, 404, 200, 404),
    "person_list": (302, 200, 200, 200, 200, 200),
    "person_create": (302, 200, 403, 403, 200, 403),
    "person_detail": (302, 200, 200, 404, 200, 404),
    "person_edit": (302, 200, 403, 404, 200, 404),
    "password_change": (302, 200, 200, 200, 200, 200),
}


def test_every_cadre_url_is_in_the_matrix():
    from portal.urls_cadre import urlpatterns

    assert {f"{p.name}" for p in urlpatterns} == set(EXPECTED) - {"password_change"}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_permission_matrix(role_index, role, client, login_as, ward_org, ward_person):
    if role == "no_scope":
        client.force_login(UserFactory(username="no_scope"))
    elif role != "anonymous":
        login_as(role)
    got = {name: client.get(url).status_code for name, url in urls(ward_org, ward_person).items()}
    expected = {name: statuses[role_index] for name, statuses in EXPECTED.items()}
    assert got == expected


@pytest.mark.parametrize("name", ["organization_edit", "term_create", "position_create", "person_edit"])
def test_read_only_cadre_cannot_post_either(name, login_as, ward_org, ward_person):
    client = login_as("cadre_viewer")
    response = client.post(urls(ward_org, ward_person)[name], {"name": "X", "full_name": "X"})
    assert response.status_code == 403
    ward_org.refresh_from_db()
    assert ward_org.name == WOMEN_PHUOC_HOI


def test_anonymous_is_sent_to_the_login_page(client, ward_org):
    url = reverse("cadre:organization_detail", args=[ward_org.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


# Login, logout and password pages


def test_login_page_logs_a_cadre_in(client, demo_user):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1
    response = client.post(reverse("login"), {"username": "cadre_ward", "password": "lagi-demo-2025"})
    assert response.status_code == 302
    assert response.url == reverse("cadre:dashboard")


def test_wrong_password_shows_an_error(client):
    response = client.post(reverse("login"), {"username": "cadre_ward", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "alert" in response.content.decode()


def test_logout_is_a_post(login_as):
    client = login_as("cadre_ward")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("cadre:dashboard")).status_code == 302


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "test-password-1",
            "new_password1": "Gio-bien-La-Gi-77",
            "new_password2": "Gio-bien-La-Gi-77",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password("Gio-bien-La-Gi-77")


# Dashboard


def test_dashboard_lists_the_scopes_and_their_organizations(login_as, ward_org):
    response = login_as("cadre_ward").get(reverse("cadre:dashboard"))
    html = response.content.decode()
    assert PHUOC_HOI in html
    assert "Phường Phước Lộc" in html
    assert reverse("cadre:organization_detail", args=[ward_org.pk]) in html
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
    assert response.context["page"].paginator.num_pages > 1
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


def test_organization_detail_shows_holders_terms_and_branches(login_as, ward_org):
    holder = PersonFactory(unit=ward_org.unit, full_name="Chủ tịch Thử")
    PositionFactory(
        organization=ward_org,
        person=holder,
        title="chair",
        start=datetime.date(2025, 10, 1),
        decision_number="12/QĐ-MT",
    )
    former = PersonFactory(unit=ward_org.unit, full_name="Cựu Chủ tịch Thử")
    PositionFactory(
        organization=ward_org,
        person=former,
        title="chair",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2025, 6, 30),
        decision_number="7/QĐ-MT",
    )
    branch = OrganizationFactory(unit=ward_org.unit, parent=ward_org, name="Chi hội thử nghiệm")
    response = login_as("cadre_ward").get(reverse("cadre:organization_detail", args=[ward_org.pk]))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Chủ tịch Thử" in html and "12/QĐ-MT" in html
    assert "Cựu Chủ tịch Thử" in html and "7/QĐ-MT" in html
    assert holder in [p.person for p in response.context["current_positions"]]
    assert former in [p.person for p in response.context["past_positions"]]
    assert branch.name in html
    assert "30/06/2025" in html  # dates are dd/mm/yyyy
    for name in ("organization_edit", "term_create", "position_create"):
        assert reverse(f"cadre:{name}", args=[ward_org.pk]) in html


def test_read_only_cadre_sees_no_edit_buttons(login_as, ward_org):
    html = (
        login_as("cadre_viewer")
        .get(reverse("cadre:organization_detail", args=[ward_org.pk]))
        .content.decode()
    )
    assert ward_org.name in html
    assert reverse("cadre:organization_edit", args=[ward_org.pk]) not in html
    assert reverse("cadre:position_create", args=[ward_org.pk]) not in html
    assert reverse("cadre:term_edit", args=[ward_org.terms.first().pk]) not in html
    assert 'id="organization-actions"' not in html


def test_edit_writes_one_audit_entry_with_old_and_new_values(login_as, demo_user, ward_org):
    client = login_as("cadre_ward")
    old_description = ward_org.description
    url = reverse("cadre:organization_edit", args=[ward_org.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(unit=ward_org.unit_id, description="Mô tả mới của hội", valid_from="2025-07-01")
    data.pop("parent", None)
    before = LogEntry.objects.get_for_object(ward_org).count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert response.url == reverse("cadre:organization_detail", args=[ward_org.pk])
    entries = LogEntry.objects.get_for_object(ward_org)
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


# Terms and positions


def test_add_a_term(login_as, ward_org):
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:term_create", args=[ward_org.pk]),
        {"ordinal": 42, "start": "2025-10-01", "end": "2030-09-30"},
    )
    assert response.status_code == 302
    assert Term.objects.get(organization=ward_org, ordinal=42).end == datetime.date(2030, 9, 30)


def test_add_a_position_with_a_new_person(login_as, ward_org):
    client = login_as("cadre_ward")
    term = ward_org.terms.first()
    response = client.post(
        reverse("cadre:position_create", args=[ward_org.pk]),
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
    assert person.unit == ward_org.unit
    assert person.phone == "0987000111"
    position = Position.objects.get(person=person)
    assert (position.organization, position.term, position.decision_number) == (ward_org, term, "15/QĐ-HPN")


def test_add_a_position_for_an_existing_person(login_as, ward_org, ward_person):
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:position_create", args=[ward_org.pk]),
        {"person": ward_person.pk, "title": "member", "start": "2025-10-01"},
    )
    assert response.status_code == 302
    assert Position.objects.filter(person=ward_person, organization=ward_org).exists()


def test_end_a_position(login_as, demo_user, ward_org, ward_person):
    position = PositionFactory(organization=ward_org, person=ward_person, start=datetime.date(2025, 10, 1))
    client = login_as("cadre_ward")
    response = client.post(
        reverse("cadre:position_edit", args=[position.pk]),
        {"person": ward_person.pk, "title": "member", "start": "2025-10-01", "end": "2026-01-31"},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.end == datetime.date(2026, 1, 31)
    entry = LogEntry.objects.get_for_object(position).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == demo_user("cadre_ward")
    assert entry.changes_dict == {"end": [None, "2026-01-31"]}


# People


def test_person_list_is_scoped_and_searchable(login_as, ward_person, la_gi_person):
    client = login_as("cadre_ward")
    html = client.get(reverse("cadre:person_list"), {"q": "Thị Thử"}).content.decode()
    assert ward_person.full_name in html
    shown = set(client.get(reverse("cadre:person_list")).context["filter"].qs)
    assert ward_person in shown
    assert la_gi_person not in shown
    response = client.get(reverse("cadre:person_list"), {"q": "Người La Gi"})
    assert list(response.context["page"]) == []
    assert reverse("cadre:person_detail", args=[la_gi_person.pk]) not in response.content.decode()


def test_person_list_does_not_show_private_fields(login_as, ward_person):
    html = login_as("cadre_ward").get(reverse("cadre:person_list"), {"q": "Thị Thử"}).content.decode()
    assert ward_person.full_name in html
    assert ward_person.phone not in html
    assert ward_person.email not in html


def test_person_detail_shows_private_fields_and_logs_the_access(login_as, demo_user, ward_org, ward_person):
    PositionFactory(organization=ward_org, person=ward_person, title="secretary", decision_number="9/QĐ")
    response = login_as("cadre_ward").get(reverse("cadre:person_detail", args=[ward_person.pk]))
    html = response.content.decode()
    assert ward_person.phone in html and ward_person.email in html and str(ward_person.birth_year) in html
    assert ward_org.name in html and "9/QĐ" in html
    access = LogEntry.objects.get_for_object(ward_person).filter(action=LogEntry.Action.ACCESS)
    assert access.count() == 1
    assert access.get().actor == demo_user("cadre_ward")


def test_create_and_edit_a_person(login_as, demo_user):
    client = login_as("cadre_ward")
    unit = new_unit(PHUOC_HOI)
    response = client.post(
        reverse("cadre:person_create"),
        {"full_name": "Võ Văn Thử", "gender": "male", "birth_year": 1970, "unit": unit.pk},
    )
    person = Person.objects.get(full_name="Võ Văn Thử")
    assert response.status_code == 302 and response.url == reverse("cadre:person_detail", args=[person.pk])
    response = client.post(
        reverse("cadre:person_edit", args=[person.pk]),
        {
            "full_name": "Võ Văn Thử",
            "gender": "male",
            "birth_year": 1971,
            "unit": unit.pk,
            "phone": "0909000999",
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == demo_user("cadre_ward")
    assert entry.changes_dict == {"birth_year": [1970, 1971], "phone": ["", "0909000999"]}


# Query counts: the same at 5 and at 200 extra rows in the cadre's scope.


def add_organizations(unit: AdministrativeUnit, n: int) -> None:
    for i in range(n):
        OrganizationFactory(unit=unit, name=f"Tổ thử {i:03d}")


def add_positions(organization: Organization, n: int, person: Person | None = None) -> None:
    for i in range(n):
        PositionFactory(
            organization=organization,
            person=person or PersonFactory(unit=organization.unit, full_name=f"Người thử {i:03d}"),
            start=datetime.date(2020 + i % 6, 1, 1),
            end=None if i % 2 else datetime.date(2024, 12, 31),
        )


# Each count: session, user, the three queries of the scope (scopes, units, organizations)
# plus the page's own queries listed below.
PAGES = {
    # filter's unit choices, count, page of organizations (unit and parent joined)
    "organization_list": 8,
    # organization, branches, terms, positions (person and term joined), can-edit is in memory
    "organization_detail": 9,
    # count, page of people, their current positions (organization joined)
    "person_list": 8,
    # person, positions, the audit log's access entry, can-edit
    "person_detail": 9,
    # scopes, organizations of the unit scopes, sub-units, and the concern panels: overdue list,
    # overdue count, counts by status, hot spots (aggregate and the concerns behind them)
    "dashboard": 13,
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_the_rows(page, login_as, ward_org, django_assert_num_queries):
    client = login_as("cadre_ward")
    person = PersonFactory(unit=ward_org.unit)
    url = {
        "organization_list": reverse("cadre:organization_list"),
        "organization_detail": reverse("cadre:organization_detail", args=[ward_org.pk]),
        "person_list": reverse("cadre:person_list"),
        "person_detail": reverse("cadre:person_detail", args=[person.pk]),
        "dashboard": reverse("cadre:dashboard"),
    }[page]

    def grow(n: int) -> None:
        if page in ("organization_list", "dashboard"):
            add_organizations(ward_org.unit, n)
        elif page == "organization_detail":
            add_positions(ward_org, n)
            for i in range(max(1, n // 20)):
                OrganizationFactory(unit=ward_org.unit, parent=ward_org)
                TermFactory(organization=ward_org, ordinal=100 + n + i)
        elif page == "person_list":
            add_positions(ward_org, n)
        else:
            add_positions(ward_org, n, person=person)

    assert client.get(url).status_code == 200  # warm the content-type cache
    grow(5)
    with django_assert_num_queries(PAGES[page]):
        assert client.get(url).status_code == 200
    grow(195)
    with django_assert_num_queries(PAGES[page]):
        assert client.get(url).status_code == 200
