"""The staff's account screens in the portal: a staff member creates a cadre account with a scope
whose access they chose, adds and removes scopes, sets a new password; everything in the audit log,
no password in it; sudo mode; the query counts of the pages."""

from __future__ import annotations

import re
import time

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.sudo import AUTHENTICATED_AT
from organizations.models import Scope, User
from tests.factories import UserFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db

PASSWORD = "mot-mat-khau-du-dai-2026"


@pytest.fixture
def staff(login_as):
    """The administrator, logged in a moment ago (sudo mode)."""
    client = login_as("admin")
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time())
    session.save()
    return client


def account_data(**overrides) -> dict:
    data = {
        "username": "can_bo_moi",
        "last_name": "Nguyễn Thị",
        "first_name": "Mai",
        "person": "",
        "password": PASSWORD,
        "must_change_password": "on",
        "scope-unit": unit("LD-PPHUOCHOI-KP01").pk,
        "scope-organization": "",
        "scope-access": "write",
    }
    return data | overrides


def test_staff_create_a_cadre_account_with_a_write_scope(staff):
    response = staff.post(reverse("accounts:create"), account_data())
    account = User.objects.get(username="can_bo_moi")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:detail", args=[account.pk]
    )
    assert account.check_password(PASSWORD) and account.must_change_password
    assert not account.is_staff and not account.groups.exists() and not account.user_permissions.exists()
    [scope] = account.scopes.all()
    assert scope.unit.code == "LD-PPHUOCHOI-KP01" and scope.access == "write"
    entries = LogEntry.objects.filter(actor__username="admin", timestamp__isnull=False)
    assert entries.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(account.pk)
    ).exists()
    assert entries.filter(
        content_type=ContentType.objects.get_for_model(Scope), object_pk=str(scope.pk)
    ).exists()
    assert not LogEntry.objects.filter(changes_text__contains=PASSWORD).exists()
    created = entries.get(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(account.pk),
        action=LogEntry.Action.CREATE,
    )
    assert "password" not in created.changes_dict


def test_the_access_must_be_chosen(staff):
    response = staff.post(reverse("accounts:create"), account_data(**{"scope-access": ""}))
    assert response.status_code == 200
    assert not User.objects.filter(username="can_bo_moi").exists()
    radios = re.findall(r'<input[^>]*name="scope-access"[^>]*>', response.content.decode())
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)


def test_an_account_without_a_scope_and_a_weak_password(staff):
    response = staff.post(
        reverse("accounts:create"), account_data(password="123", **{"scope-unit": "", "scope-access": ""})
    )
    assert response.status_code == 200 and not User.objects.filter(username="can_bo_moi").exists()
    assert (
        staff.post(
            reverse("accounts:create"), account_data(**{"scope-unit": "", "scope-access": ""})
        ).status_code
        == 302
    )
    assert not User.objects.get(username="can_bo_moi").scopes.exists()


def test_add_and_remove_a_scope_and_set_a_password(staff):
    account = UserFactory(username="can_bo_khac")
    detail = reverse("accounts:detail", args=[account.pk])
    response = staff.post(
        detail, {"scope-organization": "", "scope-unit": unit("LD-PPHUOCHOI").pk, "scope-access": "read"}
    )
    assert response.status_code == 302
    scope = account.scopes.get()
    assert scope.access == "read"
    # The same scope again is refused, on the form.
    again = staff.post(detail, {"scope-unit": unit("LD-PPHUOCHOI").pk, "scope-access": "write"})
    assert again.status_code == 200 and account.scopes.count() == 1
    assert staff.post(reverse("accounts:scope_remove", args=[scope.pk])).status_code == 302
    assert not account.scopes.exists()

    response = staff.post(
        reverse("accounts:password", args=[account.pk]), {"password": PASSWORD, "must_change_password": "on"}
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password(PASSWORD) and account.must_change_password
    entry = LogEntry.objects.filter(object_pk=str(account.pk), actor__username="admin").latest("pk")
    assert "password" in entry.changes_dict and PASSWORD not in entry.changes_text


def test_the_screens_ask_for_the_password_again(login_as):
    client = login_as("admin")
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time()) - 16 * 60
    session.save()
    response = client.post(reverse("accounts:create"), account_data())
    assert response.status_code == 302 and response["Location"].startswith(reverse("reauthenticate"))
    assert not User.objects.filter(username="can_bo_moi").exists()


def test_a_staff_member_without_the_model_permissions_cannot_create(client):
    clerk = UserFactory(username="nhan_vien", is_staff=True)
    client.force_login(clerk)
    session = client.session
    session[AUTHENTICATED_AT] = int(time.time())
    session.save()
    assert client.post(reverse("accounts:create"), account_data()).status_code == 403
    assert not User.objects.filter(username="can_bo_moi").exists()


def test_the_dashboard_links_staff_to_the_accounts(login_as):
    assert reverse("accounts:list") in login_as("admin").get(reverse("cadre:dashboard")).content.decode()
    assert (
        reverse("accounts:list")
        not in login_as("cadre_area").get(reverse("cadre:dashboard")).content.decode()
    )


# Queries of the list and the account page, the same at two sizes:
# session, user, (list) count + page of accounts with their person and number of scopes;
# (detail) the account with its person, its scopes with their unit and organization, the choices
# of the scope form (units, organizations), the savepoints of the sudo check are none.
@pytest.mark.parametrize("extra", [0, 30])
def test_the_account_pages_cost_the_same_queries_whatever_the_number(staff, extra, django_assert_num_queries):
    for number in range(extra):
        account = UserFactory(username=f"them_{number}")
        Scope.objects.create(user=account, unit=unit("LD-PPHUOCHOI"), access="read")
    with django_assert_num_queries(4):
        assert staff.get(reverse("accounts:list")).status_code == 200
    target = User.objects.get(username="cadre_ward")
    for number in range(extra):
        Scope.objects.create(
            user=target, unit=unit("LD-PPHUOCHOI-KP02"), access="read"
        ) if number == 0 else None
    with django_assert_num_queries(6):
        assert staff.get(reverse("accounts:detail", args=[target.pk])).status_code == 200


# --- the Django admin: pickers with the full path, no groups or permissions --------------------


def test_the_admin_pickers_name_units_with_the_unit_above(staff):
    response = staff.get(
        reverse("admin:autocomplete"),
        {"app_label": "organizations", "model_name": "scope", "field_name": "unit", "term": "Khu phố 1"},
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert texts and all(" – " in text for text in texts)
    assert len(texts) == len(set(texts))


def test_the_admin_user_page_shows_no_groups_or_permissions(staff, demo_user):
    response = staff.get(reverse("admin:organizations_user_change", args=[demo_user("cadre_ward").pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="groups"' not in content and 'name="user_permissions"' not in content
    assert 'name="scopes-0-access"' in content
