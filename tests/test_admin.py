"""The Django admin: staff only, the structure with the models' own validation, and a
read-only audit log that can be filtered by actor, object and date."""

from __future__ import annotations

import datetime

import pytest
from auditlog import get_logentry_model
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from organizations.models import (
    AdministrativeUnit,
    Organization,
    Person,
    Position,
    Scope,
    Term,
    UnitKind,
    User,
)
from organizations.services import audited_save
from tests.factories import OrganizationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

LogEntry = get_logentry_model()
STRUCTURE_MODELS = (AdministrativeUnit, Organization, Person, Term, Position, User, Scope)
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def staff(login_as):
    return login_as("admin")


def unit_form_data(unit: AdministrativeUnit, **changes) -> dict[str, str]:
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "valid_from": unit.valid_from.isoformat() if unit.valid_from else "",
        "valid_to": unit.valid_to.isoformat() if unit.valid_to else "",
    }
    data.update({key: "" if value is None else str(value) for key, value in changes.items()})
    return data


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", [None, "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer"])
@pytest.mark.parametrize("path", ["admin:index", "admin:organizations_administrativeunit_changelist"])
def test_admin_is_for_staff_only(login_as, username, path):
    client = login_as(username)

    response = client.get(reverse(path))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_cadres_have_no_admin_flags(demo_user):
    for username in ("cadre_area", "cadre_ward", "cadre_women", "cadre_viewer"):
        user = demo_user(username)
        assert not user.is_staff and not user.is_superuser


@pytest.mark.parametrize("model", STRUCTURE_MODELS, ids=lambda m: m._meta.model_name)
def test_staff_opens_changelist_and_add_page(staff, model):
    assert admin.site.is_registered(model)
    assert staff.get(admin_url(model, "changelist")).status_code == 200
    assert staff.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    "model", [AdministrativeUnit, Organization, Person, Position, User], ids=lambda m: m._meta.model_name
)
def test_staff_opens_a_seeded_change_page(staff, model):
    obj = model.objects.order_by("pk").first()

    assert staff.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_user_change_page_has_the_person_field_and_the_scope_inline(staff, demo_user):
    cadre = demo_user("cadre_ward")

    html = staff.get(admin_url(User, "change", cadre.pk)).content.decode()

    assert 'name="person"' in html
    assert 'name="scopes-TOTAL_FORMS"' in html
    assert 'value="read"' in html or 'value="write"' in html


def test_unit_admin_filters_and_search(staff):
    changelist = admin_url(AdministrativeUnit, "changelist")

    current = staff.get(changelist, {"status": "current"}).context["cl"].queryset
    ended = staff.get(changelist, {"status": "ended"}).context["cl"].queryset
    under_town = staff.get(changelist, {"parent_kind": UnitKind.TOWN}).context["cl"].queryset
    found = staff.get(changelist, {"q": "Tân An"}).context["cl"].queryset

    assert {u.name for u in under_town} >= {"Phường Tân An", "Xã Tân Hải"}
    assert all(u.parent.kind == UnitKind.TOWN for u in under_town)
    assert "Phường La Gi" in {u.name for u in current} and "Phường Tân An" not in {u.name for u in current}
    assert "Phường Tân An" in {u.name for u in ended}
    assert "Phường Tân An" in {u.name for u in found}


def test_unit_autocomplete_answers(staff):
    response = staff.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organizations",
            "model_name": "administrativeunit",
            "field_name": "parent",
            "term": "La Gi",
        },
    )

    assert response.status_code == 200
    # Named with the unit above it (two residential areas may share a name).
    assert "Phường La Gi – tỉnh Lâm Đồng" in {row["text"] for row in response.json()["results"]}


# --- the models' validation in the admin forms ------------------------------------------


def test_unit_whose_parent_is_its_own_descendant_is_refused_with_a_field_error(staff):
    top = UnitFactory(kind=UnitKind.WARD)
    middle = UnitFactory(kind=UnitKind.QUARTER, parent=top)
    bottom = UnitFactory(kind=UnitKind.STREET_GROUP, parent=middle)

    response = staff.post(
        admin_url(AdministrativeUnit, "change", top.pk), unit_form_data(top, parent=bottom.pk), **ENGLISH
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["parent"] == ["The parent cannot be one of this unit's own sub-units."]
    assert "own sub-units" in response.content.decode().replace("&#x27;", "'")
    top.refresh_from_db()
    assert top.parent_id is None


def test_unit_that_would_start_after_it_ended_is_refused_and_nothing_is_saved(staff):
    # A unit is closed by a reorganization; here, one closed at the end of 2024.
    unit = UnitFactory(valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2024, 12, 31))

    response = staff.post(
        admin_url(AdministrativeUnit, "change", unit.pk), unit_form_data(unit, valid_from="2025-01-01")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.valid_from == datetime.date(2020, 1, 1)


def test_a_units_end_date_is_not_typed_in_the_admin_but_set_by_a_reorganization(staff):
    unit = UnitFactory()
    url = admin_url(AdministrativeUnit, "change", unit.pk)

    page = staff.get(url, **ENGLISH).content.decode()
    response = staff.post(url, unit_form_data(unit, valid_to="2024-12-31"))

    assert "valid_to" not in staff.get(url).context["adminform"].form.fields
    assert "A unit is closed by a reorganization" in page
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.valid_to is None


def test_unit_with_a_duplicate_code_is_refused_with_a_field_error(staff):
    existing = UnitFactory()
    unit = UnitFactory.build(code=existing.code)

    response = staff.post(admin_url(AdministrativeUnit, "add"), unit_form_data(unit, parent=None))

    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert AdministrativeUnit.objects.filter(code=existing.code).count() == 1


def test_organization_whose_parent_is_its_own_branch_is_refused_with_a_field_error(staff):
    unit = UnitFactory()
    top = OrganizationFactory(unit=unit)
    branch = OrganizationFactory(unit=unit, parent=top)
    data = {
        "name": top.name,
        "kind": top.kind,
        "unit": unit.pk,
        "parent": branch.pk,
        "valid_from": "",
        "valid_to": "",
    }

    response = staff.post(admin_url(Organization, "change", top.pk), data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent_id is None


def test_a_valid_admin_change_is_saved_and_audited_with_the_staff_actor(staff, demo_user):
    unit = UnitFactory(name="Test ward")

    response = staff.post(
        admin_url(AdministrativeUnit, "change", unit.pk), unit_form_data(unit, name="Test ward 2")
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Test ward 2"
    entry = LogEntry.objects.get_for_object(unit).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == demo_user("admin")


# --- the audit log ----------------------------------------------------------------------


@pytest.fixture
def entries(demo_user):
    """Two changes by two different cadres, each leaving one audit entry."""
    first = UnitFactory(name="Test audited ward")
    second = UnitFactory(name="Test other audited ward")
    first.name = "Test audited ward (renamed)"
    audited_save(first, actor=demo_user("cadre_area"))
    second.name = "Test other audited ward (renamed)"
    audited_save(second, actor=demo_user("cadre_ward"))
    return (
        LogEntry.objects.get_for_object(first).get(action=LogEntry.Action.UPDATE),
        LogEntry.objects.get_for_object(second).get(action=LogEntry.Action.UPDATE),
    )


def test_audit_log_offers_no_add(staff):
    assert staff.get(admin_url(LogEntry, "changelist")).status_code == 200
    assert staff.get(admin_url(LogEntry, "add")).status_code == 403
    assert staff.post(admin_url(LogEntry, "add"), {}).status_code == 403


def test_audit_log_entries_cannot_be_changed(staff, entries):
    entry = entries[0]

    response = staff.post(
        admin_url(LogEntry, "change", entry.pk), {"action": LogEntry.Action.DELETE, "changes": "{}"}
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action == LogEntry.Action.UPDATE


def test_audit_log_entries_cannot_be_deleted(staff, entries):
    entry = entries[0]

    assert staff.get(admin_url(LogEntry, "delete", entry.pk)).status_code == 403
    assert staff.post(admin_url(LogEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    changelist = staff.post(
        admin_url(LogEntry, "changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert changelist.status_code in (200, 302)
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_audit_log_filters_by_actor(staff, entries, demo_user):
    by_area, by_ward = entries
    actor = demo_user("cadre_area")

    response = staff.get(admin_url(LogEntry, "changelist"), {"actor__id__exact": actor.pk})

    assert response.status_code == 200
    shown = list(response.context["cl"].queryset)
    assert by_area in shown
    assert by_ward not in shown
    assert all(entry.actor_id == actor.pk for entry in shown)
    filters = [spec.title for spec in response.context["cl"].filter_specs]
    assert any("actor" in str(title).lower() for title in filters)


def test_audit_log_finds_an_object_by_type_and_id(staff, entries):
    by_area, by_ward = entries

    response = staff.get(
        admin_url(LogEntry, "changelist"), {"resource_type": by_area.content_type_id, "q": by_area.object_pk}
    )

    shown = list(response.context["cl"].queryset)
    assert by_area in shown
    assert by_ward not in shown


def test_a_number_in_the_audit_log_search_is_only_an_object_id(staff, entries):
    # The year is in every entry's timestamp: as text it would match them all.
    year = str(timezone.localtime(entries[0].timestamp).year)

    shown = list(staff.get(admin_url(LogEntry, "changelist"), {"q": year}).context["cl"].queryset)

    assert all(entry.object_pk == year for entry in shown)
    words = staff.get(admin_url(LogEntry, "changelist"), {"q": "audited ward (renamed)"})
    assert set(entries) <= set(words.context["cl"].queryset)


def test_audit_log_has_a_date_hierarchy(staff, entries):
    day = timezone.localtime(entries[0].timestamp)
    query = {"timestamp__year": day.year, "timestamp__month": day.month, "timestamp__day": day.day}

    response = staff.get(admin_url(LogEntry, "changelist"), query)

    assert response.status_code == 200
    assert response.context["cl"].date_hierarchy == "timestamp"
    assert entries[0] in list(response.context["cl"].queryset)


def test_audit_log_is_not_open_to_cadres(login_as, entries):
    client = login_as("cadre_area")

    response = client.get(admin_url(LogEntry, "changelist"))

    assert response.status_code == 302


def test_a_new_staff_account_without_permissions_cannot_change_units(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(admin_url(AdministrativeUnit, "changelist")).status_code == 403
