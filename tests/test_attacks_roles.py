"""The requests that got through before, replayed: each must now fail (403/404 or a message).

Organization-scoped writers kept records beyond their role (a board member renamed its board,
made it a Front committee, added board members and a "Front committee" under it; a Women's
Union cadre created Front committees), people's private data followed any position ever held,
and staff status alone opened every record.
"""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations.models import Organization, OrganizationKind, Person, Position
from organizations.services import save_organization, save_person, save_position
from tests.factories import PersonFactory, PositionFactory, UserFactory
from tests.helpers import la_gi_womens_union
from tests.matrix_records import (
    board_member_on_front_committee,
    monitoring_board,
    womens_chair_and_front_vice_chair,
)

pytestmark = pytest.mark.django_db

FRONT = OrganizationKind.FRONT_COMMITTEE


def _organization_post(organization: Organization, **changes) -> dict:
    data = {
        "name": organization.name,
        "kind": organization.kind,
        "unit": organization.unit_id,
        "parent": organization.parent_id or "",
        "description": organization.description,
        "office_address": organization.office_address,
        "public_contact": organization.public_contact,
        "valid_from": organization.valid_from.isoformat() if organization.valid_from else "",
        "valid_to": "",
    }
    return data | changes


# --- organization-scoped writers --------------------------------------------------------------


def test_a_board_member_cannot_add_a_board_member_through_the_structure_screens(login_as):
    board = monitoring_board()
    before = Position.objects.filter(organization=board).count()
    response = login_as("board_member").post(
        reverse("cadre:position_create", args=[board.pk]),
        {"new_full_name": "Người Lạ", "title": "member", "start": "2026-01-05"},
    )
    assert response.status_code == 403
    assert Position.objects.filter(organization=board).count() == before


def test_a_board_member_cannot_rename_its_board_or_make_it_a_front_committee(login_as):
    board = monitoring_board()
    client = login_as("board_member")
    url = reverse("cadre:organization_edit", args=[board.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, _organization_post(board, name="Ủy ban MTTQ giả", kind=FRONT))
    assert response.status_code == 403
    board.refresh_from_db()
    assert board.kind == OrganizationKind.INVESTMENT_MONITORING_BOARD and board.name != "Ủy ban MTTQ giả"
    # The organization page offers no edit either.
    page = client.get(reverse("cadre:organization_detail", args=[board.pk])).content.decode()
    assert url not in page


def test_a_board_member_cannot_create_a_front_committee_under_its_board(login_as, demo_user):
    board = monitoring_board()
    client = login_as("board_member")
    response = client.post(
        reverse("cadre:organization_create"),
        {"name": "Ủy ban MTTQ giả", "kind": FRONT, "unit": board.unit_id, "parent": board.pk},
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(name="Ủy ban MTTQ giả").exists()
    with pytest.raises(ValidationError):
        save_organization(
            actor=demo_user("board_member"),
            organization=Organization(name="Ủy ban MTTQ giả", kind=FRONT, unit=board.unit, parent=board),
        )
    assert not Organization.objects.filter(name="Ủy ban MTTQ giả").exists()


def test_the_womens_union_cannot_create_a_front_committee_but_adds_its_own_branches(login_as, demo_user):
    union = la_gi_womens_union()
    client = login_as("cadre_women")
    response = client.post(
        reverse("cadre:organization_create"),
        {"name": "Ủy ban MTTQ giả", "kind": FRONT, "unit": union.unit_id, "parent": union.pk},
    )
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    assert not Organization.objects.filter(name="Ủy ban MTTQ giả").exists()
    # The form offers only her own kind; the service refuses any other posted by hand.
    assert [value for value, _label in response.context["form"].fields["kind"].choices if value] == [
        OrganizationKind.WOMENS_UNION
    ]
    for kind in (FRONT, OrganizationKind.INVESTMENT_MONITORING_BOARD, OrganizationKind.RED_CROSS):
        with pytest.raises(ValidationError):
            save_organization(
                actor=demo_user("cadre_women"),
                organization=Organization(name="Giả", kind=kind, unit=union.unit, parent=union),
            )
    branch = save_organization(
        actor=demo_user("cadre_women"),
        organization=Organization(
            name="Chi hội mới", kind=OrganizationKind.WOMENS_UNION, unit=union.unit, parent=union
        ),
    )
    assert branch.pk is not None


def test_the_womens_union_cannot_make_itself_a_front_committee(login_as):
    union = la_gi_womens_union()
    response = login_as("cadre_women").post(
        reverse("cadre:organization_edit", args=[union.pk]), _organization_post(union, kind=FRONT)
    )
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    union.refresh_from_db()
    assert union.kind == OrganizationKind.WOMENS_UNION


def test_board_positions_change_only_in_the_oversight_screens(demo_user):
    board = monitoring_board()
    person = Position.objects.filter(organization=board).first().person
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=demo_user("cadre_ward"),
            position=Position(
                organization=board, person=person, title="member", start=datetime.date(2026, 1, 5)
            ),
        )
    assert "organization" in caught.value.message_dict


# --- people's private data --------------------------------------------------------------------


def test_a_board_member_cannot_change_a_front_committee_members_private_data(login_as, demo_user):
    person = board_member_on_front_committee()
    phone = person.phone
    client = login_as("board_member")
    response = client.post(
        reverse("cadre:person_edit", args=[person.pk]),
        {"full_name": "Tên Giả", "phone": "0900000000", "email": "gia@example.test", "unit": person.unit_id},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.phone == phone and person.full_name != "Tên Giả"
    person.phone = "0900000000"
    with pytest.raises(ValidationError):
        save_person(actor=demo_user("board_member"), person=person)


def test_the_womens_union_edits_no_one_who_holds_a_position_elsewhere(login_as, demo_user):
    cadre_women = demo_user("cadre_women")
    editable = Person.objects.editable_by(cadre_women)
    elsewhere = (
        Position.objects.current()
        .filter(person__in=editable)
        .exclude(organization__in=Organization.objects.editable_by(cadre_women))
    )
    assert editable.exists() and not elsewhere.exists()
    vice_chair = womens_chair_and_front_vice_chair()
    response = login_as("cadre_women").post(
        reverse("cadre:person_edit", args=[vice_chair.pk]),
        {"full_name": "Tên Giả", "phone": "0900000000", "unit": vice_chair.unit_id},
    )
    assert response.status_code == 403
    vice_chair.refresh_from_db()
    assert vice_chair.full_name != "Tên Giả"


def test_a_former_member_s_phone_is_not_shown_nor_logged_as_read(login_as):
    union = la_gi_womens_union()
    former = PersonFactory(
        unit=union.unit, full_name="Cựu Hội Viên", phone="0912777666", email="cu@example.test"
    )
    PositionFactory(
        organization=union, person=former, start=datetime.date(2025, 7, 1), end=datetime.date(2025, 12, 31)
    )
    client = login_as("cadre_women")
    response = client.get(reverse("cadre:person_detail", args=[former.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and former.full_name in html
    assert former.phone not in html and former.email not in html
    assert not LogEntry.objects.get_for_object(former).filter(action=LogEntry.Action.ACCESS).exists()
    assert client.get(reverse("cadre:person_edit", args=[former.pk])).status_code == 403
    # A current member's phone is shown (and the reading logged).
    PositionFactory(organization=union, person=former, start=datetime.date(2026, 1, 1))
    html = client.get(reverse("cadre:person_detail", args=[former.pk])).content.decode()
    assert former.phone in html


# --- staff is not data access -----------------------------------------------------------------


def test_staff_status_alone_opens_no_record(client):
    person = board_member_on_front_committee()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_person", content_type__app_label="organizations")
    )
    client.force_login(staff)
    assert client.get(reverse("cadre:person_detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("admin:organizations_person_change", args=[person.pk])).status_code == 302
    changelist = client.get(reverse("admin:organizations_person_changelist"))
    assert changelist.status_code == 200 and person.full_name not in changelist.content.decode()
    # The audit log (every record's old and new values) stays closed too.
    staff.user_permissions.add(
        Permission.objects.get(codename="view_logentry", content_type__app_label="auditlog")
    )
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403


def test_the_see_everything_permission_opens_every_record(client):
    person = board_member_on_front_committee()
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="see_everything"))
    client.force_login(staff)
    response = client.get(reverse("cadre:person_detail", args=[person.pk]))
    assert response.status_code == 200 and person.phone in response.content.decode()
