"""The write services of the organization structure (organizations/services.py)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Access, Organization, Person, Position, Term
from organizations.services import save_organization, save_person, save_position, save_term
from tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    ScopeFactory,
    TermFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward():
    return UnitFactory()


@pytest.fixture
def other_ward():
    return UnitFactory()


@pytest.fixture
def cadre(ward):
    """A read-write cadre of ``ward``."""
    return ScopeFactory(unit=ward, access=Access.WRITE).user


@pytest.fixture
def viewer(ward):
    return ScopeFactory(unit=ward, access=Access.READ).user


def entries_for(obj, action=None):
    entries = LogEntry.objects.get_for_object(obj)
    return entries.filter(action=action) if action is not None else entries


# Organizations


def test_cadre_creates_an_organization_in_their_unit_with_one_audit_entry(cadre, ward):
    organization = save_organization(
        actor=cadre, organization=Organization(name="Chi hội thử", kind="womens_union", unit=ward)
    )
    assert organization.pk is not None
    entries = entries_for(organization)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == cadre


def test_organization_outside_the_scope_is_refused_and_not_saved(cadre, other_ward):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=cadre, organization=Organization(name="X", kind="womens_union", unit=other_ward)
        )
    assert "unit" in caught.value.message_dict
    assert Organization.objects.count() == before


def test_parent_outside_the_scope_is_refused(cadre, other_ward):
    foreign = OrganizationFactory(unit=other_ward)
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=cadre,
            organization=Organization(name="X", kind="womens_union", unit=other_ward, parent=foreign),
        )
    assert "parent" in caught.value.message_dict


def test_read_only_cadre_cannot_save_an_organization(viewer, ward):
    organization = OrganizationFactory(unit=ward)
    organization.description = "changed"
    with pytest.raises(ValidationError):
        save_organization(actor=viewer, organization=organization)
    organization.refresh_from_db()
    assert organization.description == ""
    assert not entries_for(organization, LogEntry.Action.UPDATE).exists()


def test_organization_cadre_adds_a_branch_to_their_organization(ward):
    area = UnitFactory(parent=ward, kind="quarter")
    union = OrganizationFactory(unit=ward)
    cadre = ScopeFactory(organization=union).user
    branch = save_organization(
        actor=cadre,
        organization=Organization(name="Chi hội mới", kind="womens_union", unit=area, parent=union),
    )
    assert branch.parent == union


def test_organization_end_before_start_is_a_field_error(cadre, ward):
    organization = Organization(
        name="X",
        kind="womens_union",
        unit=ward,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as caught:
        save_organization(actor=cadre, organization=organization)
    assert "valid_to" in caught.value.message_dict
    assert organization.pk is None


def test_an_edit_leaves_one_entry_with_old_and_new_values(cadre, ward):
    organization = OrganizationFactory(unit=ward, description="old text")
    organization.description = "new text"
    organization.office_address = "12 Lê Lợi"
    save_organization(actor=cadre, organization=organization)
    updates = entries_for(organization, LogEntry.Action.UPDATE)
    assert updates.count() == 1
    entry = updates.get()
    assert entry.actor == cadre
    assert entry.changes_dict["description"] == ["old text", "new text"]
    assert entry.changes_dict["office_address"] == ["", "12 Lê Lợi"]
    assert "name" not in entry.changes_dict


def test_organization_cadre_edits_the_top_organization_of_their_scope(ward):
    union = OrganizationFactory(unit=ward)
    cadre = ScopeFactory(organization=union).user
    union.description = "Địa chỉ mới"
    save_organization(actor=cadre, organization=union)
    assert entries_for(union, LogEntry.Action.UPDATE).get().actor == cadre


def test_organization_cadre_cannot_move_their_top_organization(ward, other_ward):
    union = OrganizationFactory(unit=ward)
    cadre = ScopeFactory(organization=union).user
    union.unit = other_ward
    with pytest.raises(ValidationError):
        save_organization(actor=cadre, organization=union)


def test_organization_cadre_adds_a_branch_only_where_their_organizations_work(ward, other_ward):
    union = OrganizationFactory(unit=ward)
    cadre = ScopeFactory(organization=union).user
    branch = save_organization(
        actor=cadre, organization=Organization(name="Chi hội", kind=union.kind, unit=ward, parent=union)
    )
    assert branch.pk
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=cadre,
            organization=Organization(name="Chi hội khác", kind=union.kind, unit=other_ward, parent=union),
        )
    assert "unit" in caught.value.message_dict


# People


def test_person_in_a_writable_unit_is_saved(cadre, ward):
    person = save_person(actor=cadre, person=Person(full_name="Nguyễn Thị Hoa", unit=ward))
    assert entries_for(person, LogEntry.Action.CREATE).get().actor == cadre


def test_person_in_a_foreign_unit_is_refused(cadre, other_ward):
    with pytest.raises(ValidationError) as caught:
        save_person(actor=cadre, person=Person(full_name="X", unit=other_ward))
    assert "unit" in caught.value.message_dict
    assert not Person.objects.filter(full_name="X").exists()


def test_person_cannot_be_moved_to_a_foreign_unit(cadre, ward, other_ward):
    person = PersonFactory(unit=ward)
    person.unit = other_ward
    with pytest.raises(ValidationError) as caught:
        save_person(actor=cadre, person=person)
    assert "unit" in caught.value.message_dict
    person.refresh_from_db()
    assert person.unit == ward


def test_person_outside_the_scope_cannot_be_edited(cadre, other_ward):
    person = PersonFactory(unit=other_ward)
    person.full_name = "Changed"
    with pytest.raises(ValidationError):
        save_person(actor=cadre, person=person)


def test_birth_year_in_the_future_is_a_field_error(cadre, ward):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as caught:
        save_person(actor=cadre, person=Person(full_name="X", unit=ward, birth_year=next_year))
    assert "birth_year" in caught.value.message_dict


# Terms


def test_term_is_saved_for_a_writable_organization(cadre, ward):
    organization = OrganizationFactory(unit=ward)
    term = save_term(
        actor=cadre, term=Term(organization=organization, ordinal=3, start=datetime.date(2025, 10, 1))
    )
    assert entries_for(term).count() == 1


def test_term_of_a_foreign_organization_is_refused(cadre, other_ward):
    foreign = OrganizationFactory(unit=other_ward)
    with pytest.raises(ValidationError) as caught:
        save_term(actor=cadre, term=Term(organization=foreign, ordinal=1, start=datetime.date(2025, 10, 1)))
    assert "organization" in caught.value.message_dict


def test_term_end_before_start_is_a_field_error(cadre, ward):
    term = Term(
        organization=OrganizationFactory(unit=ward),
        ordinal=1,
        start=datetime.date(2025, 10, 1),
        end=datetime.date(2020, 9, 30),
    )
    with pytest.raises(ValidationError) as caught:
        save_term(actor=cadre, term=term)
    assert "end" in caught.value.message_dict


# Positions


def test_position_with_a_new_person_creates_both(cadre, ward):
    organization = OrganizationFactory(unit=ward)
    position = save_position(
        actor=cadre,
        position=Position(organization=organization, title="chair", start=datetime.date(2025, 10, 1)),
        new_person=Person(full_name="Trần Thị Mai", birth_year=1978),
    )
    person = Person.objects.get(full_name="Trần Thị Mai")
    assert position.person == person
    assert person.unit == ward  # the organization's unit by default
    assert entries_for(person, LogEntry.Action.CREATE).get().actor == cadre
    assert entries_for(position, LogEntry.Action.CREATE).get().actor == cadre


def test_invalid_position_leaves_no_new_person_behind(cadre, ward):
    organization = OrganizationFactory(unit=ward)
    people_before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=cadre,
            position=Position(
                organization=organization,
                title="chair",
                start=datetime.date(2025, 10, 1),
                end=datetime.date(2025, 1, 1),
            ),
            new_person=Person(full_name="Half Saved"),
        )
    assert "end" in caught.value.message_dict
    assert Person.objects.count() == people_before
    assert not Person.objects.filter(full_name="Half Saved").exists()


def test_position_in_a_foreign_organization_is_refused(cadre, ward, other_ward):
    foreign = OrganizationFactory(unit=other_ward)
    person = PersonFactory(unit=ward)
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=cadre,
            position=Position(
                organization=foreign, person=person, title="member", start=datetime.date(2025, 1, 1)
            ),
        )
    assert "organization" in caught.value.message_dict
    assert not Position.objects.filter(person=person).exists()


def test_position_for_a_person_outside_the_scope_is_refused(cadre, ward, other_ward):
    stranger = PersonFactory(unit=other_ward)
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=cadre,
            position=Position(
                organization=OrganizationFactory(unit=ward),
                person=stranger,
                title="member",
                start=datetime.date(2025, 1, 1),
            ),
        )
    assert "person" in caught.value.message_dict


def test_position_term_must_belong_to_the_organization(cadre, ward):
    organization = OrganizationFactory(unit=ward)
    other_term = TermFactory(organization=OrganizationFactory(unit=ward))
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=cadre,
            position=Position(
                organization=organization,
                person=PersonFactory(unit=ward),
                title="member",
                term=other_term,
                start=datetime.date(2025, 1, 1),
            ),
        )
    assert "term" in caught.value.message_dict


def test_ending_a_position_is_audited_with_the_end_date(cadre, ward):
    position = PositionFactory(organization=OrganizationFactory(unit=ward), person=PersonFactory(unit=ward))
    position.end = datetime.date(2026, 3, 31)
    save_position(actor=cadre, position=position)
    entry = entries_for(position, LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["end"] == [None, "2026-03-31"]
    assert entry.actor == cadre


def test_staff_may_write_anywhere(other_ward):
    staff = UserFactory(is_staff=True)
    organization = save_organization(
        actor=staff, organization=Organization(name="X", kind="red_cross", unit=other_ward)
    )
    assert organization.pk is not None
