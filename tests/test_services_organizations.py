"""The write services of the organization structure (organizations/services.py)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import Organization, Person, Position, Term
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
def other_made_up_ward():
    """A second ward made up for the test, outside the scope of ``writer`` and ``reader``."""
    return UnitFactory()


def entries_for(obj, action=None):
    entries = LogEntry.objects.get_for_object(obj)
    return entries.filter(action=action) if action is not None else entries


# Organizations


def test_cadre_creates_an_organization_in_their_unit_with_one_audit_entry(writer, made_up_ward):
    organization = save_organization(
        actor=writer, organization=Organization(name="Chi hội thử", kind="womens_union", unit=made_up_ward)
    )
    assert organization.pk is not None
    entries = entries_for(organization)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == writer


def test_organization_outside_the_scope_is_refused_and_not_saved(writer, other_made_up_ward):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=writer, organization=Organization(name="X", kind="womens_union", unit=other_made_up_ward)
        )
    assert "unit" in caught.value.message_dict
    assert Organization.objects.count() == before


def test_parent_outside_the_scope_is_refused(writer, other_made_up_ward):
    foreign = OrganizationFactory(unit=other_made_up_ward)
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=writer,
            organization=Organization(name="X", kind="womens_union", unit=other_made_up_ward, parent=foreign),
        )
    assert "parent" in caught.value.message_dict


def test_read_only_cadre_cannot_save_an_organization(reader, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward)
    organization.description = "changed"
    with pytest.raises(ValidationError):
        save_organization(actor=reader, organization=organization)
    organization.refresh_from_db()
    assert organization.description == ""
    assert not entries_for(organization, LogEntry.Action.UPDATE).exists()


def test_organization_cadre_adds_a_branch_to_their_organization(made_up_ward):
    area = UnitFactory(parent=made_up_ward, kind="quarter")
    union = OrganizationFactory(unit=made_up_ward)
    cadre = ScopeFactory(organization=union).user
    branch = save_organization(
        actor=cadre,
        organization=Organization(name="Chi hội mới", kind="womens_union", unit=area, parent=union),
    )
    assert branch.parent == union


def test_organization_end_before_start_is_a_field_error(writer, made_up_ward):
    organization = Organization(
        name="X",
        kind="womens_union",
        unit=made_up_ward,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    with pytest.raises(ValidationError) as caught:
        save_organization(actor=writer, organization=organization)
    assert "valid_to" in caught.value.message_dict
    assert organization.pk is None


def test_an_edit_leaves_one_entry_with_old_and_new_values(writer, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward, description="old text")
    organization.description = "new text"
    organization.office_address = "12 Lê Lợi"
    save_organization(actor=writer, organization=organization)
    updates = entries_for(organization, LogEntry.Action.UPDATE)
    assert updates.count() == 1
    entry = updates.get()
    assert entry.actor == writer
    assert entry.changes_dict["description"] == ["old text", "new text"]
    assert entry.changes_dict["office_address"] == ["", "12 Lê Lợi"]
    assert "name" not in entry.changes_dict


def test_organization_cadre_edits_the_top_organization_of_their_scope(made_up_ward):
    union = OrganizationFactory(unit=made_up_ward)
    cadre = ScopeFactory(organization=union).user
    union.description = "Địa chỉ mới"
    save_organization(actor=cadre, organization=union)
    assert entries_for(union, LogEntry.Action.UPDATE).get().actor == cadre


def test_organization_cadre_cannot_move_their_top_organization(made_up_ward, other_made_up_ward):
    union = OrganizationFactory(unit=made_up_ward)
    cadre = ScopeFactory(organization=union).user
    union.unit = other_made_up_ward
    with pytest.raises(ValidationError):
        save_organization(actor=cadre, organization=union)


def test_organization_cadre_adds_a_branch_only_where_their_organizations_work(
    made_up_ward, other_made_up_ward
):
    union = OrganizationFactory(unit=made_up_ward)
    cadre = ScopeFactory(organization=union).user
    branch = save_organization(
        actor=cadre,
        organization=Organization(name="Chi hội", kind=union.kind, unit=made_up_ward, parent=union),
    )
    assert branch.pk
    with pytest.raises(ValidationError) as caught:
        save_organization(
            actor=cadre,
            organization=Organization(
                name="Chi hội khác", kind=union.kind, unit=other_made_up_ward, parent=union
            ),
        )
    assert "unit" in caught.value.message_dict


# People


def test_person_in_a_writable_unit_is_saved(writer, made_up_ward):
    person = save_person(actor=writer, person=Person(full_name="Nguyễn Thị Hoa", unit=made_up_ward))
    assert entries_for(person, LogEntry.Action.CREATE).get().actor == writer


def test_person_in_a_foreign_unit_is_refused(writer, other_made_up_ward):
    with pytest.raises(ValidationError) as caught:
        save_person(actor=writer, person=Person(full_name="X", unit=other_made_up_ward))
    assert "unit" in caught.value.message_dict
    assert not Person.objects.filter(full_name="X").exists()


def test_person_cannot_be_moved_to_a_foreign_unit(writer, made_up_ward, other_made_up_ward):
    person = PersonFactory(unit=made_up_ward)
    person.unit = other_made_up_ward
    with pytest.raises(ValidationError) as caught:
        save_person(actor=writer, person=person)
    assert "unit" in caught.value.message_dict
    person.refresh_from_db()
    assert person.unit == made_up_ward


def test_person_outside_the_scope_cannot_be_edited(writer, other_made_up_ward):
    person = PersonFactory(unit=other_made_up_ward)
    person.full_name = "Changed"
    with pytest.raises(ValidationError):
        save_person(actor=writer, person=person)


def test_birth_year_in_the_future_is_a_field_error(writer, made_up_ward):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as caught:
        save_person(actor=writer, person=Person(full_name="X", unit=made_up_ward, birth_year=next_year))
    assert "birth_year" in caught.value.message_dict


# Terms


def test_term_is_saved_for_a_writable_organization(writer, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward)
    term = save_term(
        actor=writer, term=Term(organization=organization, ordinal=3, start=datetime.date(2025, 10, 1))
    )
    assert entries_for(term).count() == 1


def test_term_of_a_foreign_organization_is_refused(writer, other_made_up_ward):
    foreign = OrganizationFactory(unit=other_made_up_ward)
    with pytest.raises(ValidationError) as caught:
        save_term(actor=writer, term=Term(organization=foreign, ordinal=1, start=datetime.date(2025, 10, 1)))
    assert "organization" in caught.value.message_dict


def test_term_end_before_start_is_a_field_error(writer, made_up_ward):
    term = Term(
        organization=OrganizationFactory(unit=made_up_ward),
        ordinal=1,
        start=datetime.date(2025, 10, 1),
        end=datetime.date(2020, 9, 30),
    )
    with pytest.raises(ValidationError) as caught:
        save_term(actor=writer, term=term)
    assert "end" in caught.value.message_dict


# Positions


def test_position_with_a_new_person_creates_both(writer, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward)
    position = save_position(
        actor=writer,
        position=Position(organization=organization, title="chair", start=datetime.date(2025, 10, 1)),
        new_person=Person(full_name="Trần Thị Mai", birth_year=1978),
    )
    person = Person.objects.get(full_name="Trần Thị Mai")
    assert position.person == person
    assert person.unit == made_up_ward  # the organization's unit by default
    assert entries_for(person, LogEntry.Action.CREATE).get().actor == writer
    assert entries_for(position, LogEntry.Action.CREATE).get().actor == writer


def test_invalid_position_leaves_no_new_person_behind(writer, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward)
    people_before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=writer,
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


def test_position_in_a_foreign_organization_is_refused(writer, made_up_ward, other_made_up_ward):
    foreign = OrganizationFactory(unit=other_made_up_ward)
    person = PersonFactory(unit=made_up_ward)
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=writer,
            position=Position(
                organization=foreign, person=person, title="member", start=datetime.date(2025, 1, 1)
            ),
        )
    assert "organization" in caught.value.message_dict
    assert not Position.objects.filter(person=person).exists()


def test_position_for_a_person_outside_the_scope_is_refused(writer, made_up_ward, other_made_up_ward):
    stranger = PersonFactory(unit=other_made_up_ward)
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=writer,
            position=Position(
                organization=OrganizationFactory(unit=made_up_ward),
                person=stranger,
                title="member",
                start=datetime.date(2025, 1, 1),
            ),
        )
    assert "person" in caught.value.message_dict


def test_position_term_must_belong_to_the_organization(writer, made_up_ward):
    organization = OrganizationFactory(unit=made_up_ward)
    other_term = TermFactory(organization=OrganizationFactory(unit=made_up_ward))
    with pytest.raises(ValidationError) as caught:
        save_position(
            actor=writer,
            position=Position(
                organization=organization,
                person=PersonFactory(unit=made_up_ward),
                title="member",
                term=other_term,
                start=datetime.date(2025, 1, 1),
            ),
        )
    assert "term" in caught.value.message_dict


def test_ending_a_position_is_audited_with_the_end_date(writer, made_up_ward):
    position = PositionFactory(
        organization=OrganizationFactory(unit=made_up_ward), person=PersonFactory(unit=made_up_ward)
    )
    position.end = datetime.date(2026, 3, 31)
    save_position(actor=writer, position=position)
    entry = entries_for(position, LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["end"] == [None, "2026-03-31"]
    assert entry.actor == writer


def test_an_administrator_may_write_anywhere(other_made_up_ward):
    staff = UserFactory(is_staff=True, is_superuser=True)
    organization = save_organization(
        actor=staff, organization=Organization(name="X", kind="red_cross", unit=other_made_up_ward)
    )
    assert organization.pk is not None
