"""Units, organizations, positions and scopes changed in the admin go through the services."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from organizations.models import Access, AdministrativeUnit, Organization, Position, Scope
from tests.admin_services.common import (
    LogEntry,
    admin_url,
    change_form_data,
    latest_entry,
    search_entry,
)
from tests.factories import (
    PositionFactory,
    ScopeFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


# --- units and organizations ------------------------------------------------------------


def test_a_unit_renamed_in_the_admin_is_renamed_in_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_unit
):
    page = reverse("public:unit_detail", args=[indexed_unit.pk])
    assert "Test phường Thử" in visitor.get(page).content.decode()
    url = admin_url(AdministrativeUnit, "change", indexed_unit.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, name="Test phường Đổi Tên"))

    assert response.status_code == 302
    assert search_entry(indexed_unit).title == "Test phường Đổi Tên"
    html = visitor.get(page).content.decode()
    assert "Test phường Đổi Tên" in html and "Test phường Thử" not in html
    assert latest_entry(AdministrativeUnit, indexed_unit.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_an_invalid_unit_edit_in_the_admin_shows_the_error_and_saves_nothing(
    staff, visitor, commit, indexed_unit
):
    page = reverse("public:unit_detail", args=[indexed_unit.pk])
    visitor.get(page)
    url = admin_url(AdministrativeUnit, "change", indexed_unit.pk)
    # A unit cannot be its own parent (its end date is set by reorganizations, not typed here).
    data = change_form_data(staff, url, name="Test phường Sai", parent=str(indexed_unit.pk))
    entries_before = LogEntry.objects.count()

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert 'class="errornote"' in response.content.decode()
    indexed_unit.refresh_from_db()
    assert indexed_unit.name == "Test phường Thử" and indexed_unit.valid_to is None
    assert search_entry(indexed_unit).title == "Test phường Thử"
    assert "Test phường Thử" in visitor.get(page).content.decode()
    assert LogEntry.objects.count() == entries_before


def test_a_unit_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_unit
):
    pk, page = indexed_unit.pk, reverse("public:unit_detail", args=[indexed_unit.pk])
    assert visitor.get(page).status_code == 200

    with commit():
        response = staff.post(admin_url(AdministrativeUnit, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not AdministrativeUnit.objects.filter(pk=pk).exists()
    assert search_entry(indexed_unit) is None
    assert visitor.get(page).status_code == 404
    assert latest_entry(AdministrativeUnit, pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_organization_renamed_in_the_admin_is_renamed_in_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_organization
):
    page = reverse("public:organization_detail", args=[indexed_organization.pk])
    assert "Test hội Thử" in visitor.get(page).content.decode()
    url = admin_url(Organization, "change", indexed_organization.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, name="Test hội Đổi Tên"))

    assert response.status_code == 302
    assert search_entry(indexed_organization).title == "Test hội Đổi Tên"
    html = visitor.get(page).content.decode()
    assert "Test hội Đổi Tên" in html and "Test hội Thử" not in html
    assert latest_entry(Organization, indexed_organization.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_an_organization_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, indexed_organization
):
    pk = indexed_organization.pk
    page = reverse("public:organization_detail", args=[pk])
    unit_page = reverse("public:unit_detail", args=[indexed_organization.unit_id])
    assert visitor.get(page).status_code == 200
    assert "Test hội Thử" in visitor.get(unit_page).content.decode()

    with commit():
        response = staff.post(admin_url(Organization, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Organization.objects.filter(pk=pk).exists()
    assert search_entry(indexed_organization) is None
    assert visitor.get(page).status_code == 404
    assert "Test hội Thử" not in visitor.get(unit_page).content.decode()
    assert latest_entry(Organization, pk, LogEntry.Action.DELETE).actor == staff_user


def test_a_position_deleted_in_the_admin_leaves_the_public_organization_page(
    staff, visitor, staff_user, commit, indexed_organization
):
    position = PositionFactory(
        organization=indexed_organization,
        person__full_name="Test Nguyễn Thị Thử",
        start=datetime.date(2024, 1, 1),
    )
    page = reverse("public:organization_detail", args=[indexed_organization.pk])
    assert "Test Nguyễn Thị Thử" in visitor.get(page).content.decode()

    with commit():
        response = staff.post(admin_url(Position, "delete", position.pk), {"post": "yes"})

    assert response.status_code == 302
    assert "Test Nguyễn Thị Thử" not in visitor.get(page).content.decode()
    assert latest_entry(Position, position.pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_account_scope_changed_in_the_admin_is_audited_with_the_staff_member(staff, staff_user):
    # Accounts and scopes have no service and nothing public: the audit log middleware names the actor.
    scope = ScopeFactory(unit=UnitFactory(), access=Access.READ)
    url = admin_url(Scope, "change", scope.pk)

    response = staff.post(url, change_form_data(staff, url, access=Access.WRITE))

    assert response.status_code == 302
    scope.refresh_from_db()
    assert scope.access == Access.WRITE
    assert latest_entry(Scope, scope.pk, LogEntry.Action.UPDATE).actor == staff_user
