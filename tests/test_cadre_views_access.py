"""Access to the cadre screens of the organization structure: every URL x every role (404
outside the scope, 403 for read-only cadres, anonymous visitors sent to the login), and the login,
logout and password pages. Runs against the demo data of ``seed_demo``."""

import pytest
from django.urls import reverse

from organizations.models import Organization, Person
from tests.cadre_common import WOMEN_PHUOC_HOI
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# The permission matrix: every URL of the cadre screens x every standard role.

ROLES = ("anonymous", "cadre_ward", "cadre_viewer", "cadre_women", "admin", "no_scope")
CHOOSER_KINDS = ("unit", "organization", "person", "authority")


def urls(ward_org: Organization, ward_person: Person) -> dict[str, str]:
    term = ward_org.terms.first()
    position = ward_org.positions.first()
    return {
        "dashboard": reverse("cadre:dashboard"),
        "coverage": reverse("cadre:coverage"),
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
        "area_options": reverse("cadre:area_options") + f"?parent={ward_org.unit_id}",
        "organizer_options": reverse("cadre:organizer_options") + f"?parent={ward_org.unit_id}",
        **{f"{kind}_choices": reverse(f"cadre:{kind}_choices") for kind in CHOOSER_KINDS},
    }


# Expected status per URL name, in the order of ROLES. The ward organization and person
# are in Phường Phước Hội: cadre_women (Women's Union of Phường La Gi) does not see them.
EXPECTED = {
    "dashboard": (302, 200, 200, 200, 200, 200),
    "coverage": (302, 200, 200, 200, 200, 200),
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
    # The choices of the forms, for a unit of the scope (JSON).
    "area_options": (302, 200, 200, 404, 200, 404),
    "organizer_options": (302, 200, 404, 404, 200, 404),
    # The choosers' lists, without the token a form's page gives (tests/test_choosers.py).
    **{f"{kind}_choices": (302, 404, 404, 404, 404, 404) for kind in CHOOSER_KINDS},
}


def test_every_cadre_url_is_in_the_matrix():
    from portal.urls_cadre import urlpatterns

    # The staff screens of reorganizations have their rows in tests/matrix_reorganizations.py.
    names = {f"{p.name}" for p in urlpatterns if not p.name.startswith("reorganization_")}
    assert names == set(EXPECTED) - {"password_change"}


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_permission_matrix(role_index, role, client, login_as, phuoc_hoi_womens_union, phuoc_hoi_person):
    if role == "no_scope":
        client.force_login(UserFactory(username="no_scope"))
    elif role != "anonymous":
        login_as(role)
    got = {
        name: client.get(url).status_code
        for name, url in urls(phuoc_hoi_womens_union, phuoc_hoi_person).items()
    }
    expected = {name: statuses[role_index] for name, statuses in EXPECTED.items()}
    assert got == expected


@pytest.mark.parametrize("name", ["organization_edit", "term_create", "position_create", "person_edit"])
def test_read_only_cadre_cannot_post_either(name, login_as, phuoc_hoi_womens_union, phuoc_hoi_person):
    client = login_as("cadre_viewer")
    response = client.post(
        urls(phuoc_hoi_womens_union, phuoc_hoi_person)[name], {"name": "X", "full_name": "X"}
    )
    assert response.status_code == 403
    phuoc_hoi_womens_union.refresh_from_db()
    assert phuoc_hoi_womens_union.name == WOMEN_PHUOC_HOI


def test_anonymous_is_sent_to_the_login_page(client, phuoc_hoi_womens_union):
    url = reverse("cadre:organization_detail", args=[phuoc_hoi_womens_union.pk])
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
