"""The register services: a new member with their membership (both or neither), the rules of joining,
leaving and transferring (linked, in one transaction), the scope, and the area services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from members import services
from members.models import Assignment, HouseholdFigure, LeaveReason, Member, Membership
from organizations.models import OrganizationKind
from tests.factories import OrganizationFactory, PersonFactory, ScopeFactory
from tests.members_common import D, add_members, made_up_ward

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The services' messages in English, the source language these tests read."""
    with translation.override("en"):
        yield


@pytest.fixture
def ward():
    return made_up_ward()


def new_member(ward, **fields) -> Member:
    values = {
        "full_name": "Phạm Thị Thử",
        "birth_year": 1988,
        "gender": "female",
        "residential_area": ward.area1,
    }
    return Member(**(values | fields))


def errors_of(raised) -> dict:
    return raised.value.message_dict


def test_a_new_member_and_their_membership_are_saved_together(ward):
    member = services.create_member(
        actor=ward.writer,
        member=new_member(ward, phone="+84 912.345.678"),
        membership=Membership(organization=ward.branch1, joined_on=D(2024, 3, 8), card_number="PN-1"),
    )
    assert member.phone == "0912345678"
    assert member.memberships.get().organization == ward.branch1
    assert member.created_by == ward.writer


def test_nothing_is_saved_when_the_membership_is_wrong(ward):
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    with pytest.raises(ValidationError) as raised:
        services.create_member(
            actor=ward.writer,
            member=new_member(ward, birth_year=1850, phone="12"),
            membership=Membership(organization=ward.branch1, joined_on=future),
        )
    errors = errors_of(raised)
    assert errors["joined_on"] == ["The date cannot be in the future."]
    assert errors["birth_year"] == ["Enter a year between 1900 and this year."]
    assert "phone" in errors
    assert not Member.objects.filter(full_name="Phạm Thị Thử").exists()


def test_a_cadre_of_another_ward_may_not_add_to_this_register(ward):
    other = made_up_ward("Xã Khác")
    with pytest.raises(ValidationError) as raised:
        services.create_member(
            actor=other.writer,
            member=new_member(ward),
            membership=Membership(organization=ward.branch1, joined_on=D(2024, 1, 1)),
        )
    assert "organization" in errors_of(raised)


def test_a_person_is_a_member_of_one_organization_of_a_kind_at_a_time_but_of_several_kinds(ward):
    membership = add_members(ward.branch1, ward.area1, 1)[0]
    member = membership.member
    with pytest.raises(ValidationError) as raised:
        services.join_organization(
            actor=ward.writer,
            member=member,
            membership=Membership(organization=ward.branch2, joined_on=D(2025, 1, 1)),
        )
    assert errors_of(raised)["organization"] == [
        "This person is already a member of this organization on that date."
    ]
    services.join_organization(
        actor=ward.writer,
        member=member,
        membership=Membership(organization=ward.red_cross, joined_on=D(2025, 1, 1)),
    )
    assert member.memberships.count() == 2


def test_a_card_number_belongs_to_one_member_of_an_organization(ward):
    add_members(ward.branch1, ward.area1, 1)[0].__class__.objects.filter(organization=ward.branch1).update(
        card_number="PN-7"
    )
    with pytest.raises(ValidationError) as raised:
        services.create_member(
            actor=ward.writer,
            member=new_member(ward),
            membership=Membership(organization=ward.branch2, joined_on=D(2024, 1, 1), card_number="PN-7"),
        )
    assert errors_of(raised)["card_number"] == ["Another member has this card number."]
    # The same number in another organization is another card.
    services.create_member(
        actor=ward.writer,
        member=new_member(ward),
        membership=Membership(organization=ward.red_cross, joined_on=D(2024, 1, 1), card_number="PN-7"),
    )


def test_leaving_needs_a_date_after_joining_and_only_the_youth_union_ages_out(ward):
    membership = add_members(ward.branch1, ward.area1, 1, joined=D(2022, 5, 1))[0]
    with pytest.raises(ValidationError) as raised:
        services.leave(
            actor=ward.writer, membership=membership, left_on=D(2022, 4, 1), reason=LeaveReason.MOVED
        )
    assert errors_of(raised)["left_on"] == ["A member cannot leave before joining."]
    membership.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.leave(
            actor=ward.writer, membership=membership, left_on=D(2024, 4, 1), reason=LeaveReason.AGED_OUT
        )
    assert errors_of(raised)["leave_reason"] == ["Only Youth Union members age out."]
    membership.refresh_from_db()
    services.leave(
        actor=ward.writer, membership=membership, left_on=D(2024, 4, 1), reason=LeaveReason.DECEASED
    )
    membership.refresh_from_db()
    assert (membership.left_on, membership.leave_reason) == (D(2024, 4, 1), "deceased")
    with pytest.raises(ValidationError):
        services.leave(
            actor=ward.writer, membership=membership, left_on=D(2024, 5, 1), reason=LeaveReason.MOVED
        )


def test_a_youth_union_member_joins_between_16_and_30(ward):
    with pytest.raises(ValidationError) as raised:
        services.create_member(
            actor=ward.writer,
            member=new_member(ward, birth_year=1980),
            membership=Membership(organization=ward.youth, joined_on=D(2024, 1, 1)),
        )
    assert errors_of(raised)["joined_on"] == ["Youth Union members join between 16 and 30 years of age."]


def test_a_transfer_closes_one_membership_and_opens_the_next_linked_with_the_card(ward):
    membership = add_members(ward.branch1, ward.area1, 1, joined=D(2021, 1, 1))[0]
    Membership.objects.filter(pk=membership.pk).update(card_number="PN-9")
    membership.refresh_from_db()
    following = services.transfer(actor=ward.writer, membership=membership, to=ward.branch2, on=D(2025, 3, 1))
    membership.refresh_from_db()
    assert (membership.left_on, membership.leave_reason) == (D(2025, 3, 1), LeaveReason.TRANSFERRED)
    assert (following.organization, following.joined_on, following.previous, following.card_number) == (
        ward.branch2,
        D(2025, 3, 1),
        membership,
        "PN-9",
    )
    assert membership.next_membership == following


def test_a_refused_transfer_changes_nothing(ward):
    membership = add_members(ward.branch1, ward.area1, 1, joined=D(2021, 1, 1))[0]
    with pytest.raises(ValidationError) as raised:
        services.transfer(actor=ward.writer, membership=membership, to=ward.red_cross, on=D(2025, 3, 1))
    assert errors_of(raised)["organization"] == [
        "A member is transferred to a branch of the same organization."
    ]
    with pytest.raises(ValidationError):
        services.transfer(actor=ward.writer, membership=membership, to=ward.branch2, on=D(2020, 3, 1))
    membership.refresh_from_db()
    assert membership.left_on is None
    assert Membership.objects.filter(member=membership.member).count() == 1


def test_a_read_only_cadre_changes_nothing(ward):
    reader = ScopeFactory(unit=ward.ward, access="read").user
    membership = add_members(ward.branch1, ward.area1, 1)[0]
    with pytest.raises(ValidationError):
        services.leave(actor=reader, membership=membership, left_on=D(2025, 1, 1), reason=LeaveReason.MOVED)
    member = membership.member
    member.full_name = "Đổi"
    with pytest.raises(ValidationError):
        services.save_member(actor=reader, member=member)


def test_household_figures_and_assignments_are_kept_by_the_area_s_cadres(ward):
    figure = services.save_household_figure(
        actor=ward.writer,
        figure=HouseholdFigure(
            residential_area=ward.area1, year=2026, households=300, residents=1100, source="Thử"
        ),
    )
    assert figure.pk
    with pytest.raises(ValidationError) as raised:
        services.save_household_figure(
            actor=ward.writer,
            figure=HouseholdFigure(
                residential_area=ward.area1, year=2025, households=300, residents=10, source="Thử"
            ),
        )
    assert errors_of(raised)["residents"] == ["An area cannot have fewer residents than households."]
    other = made_up_ward("Xã Khác")
    with pytest.raises(ValidationError):
        services.save_household_figure(
            actor=other.writer,
            figure=HouseholdFigure(residential_area=ward.area2, year=2026, households=1, source="x"),
        )
    person = PersonFactory(unit=ward.ward)
    with pytest.raises(ValidationError) as raised:
        services.save_assignment(
            actor=ward.writer,
            assignment=Assignment(
                person=person, residential_area=ward.area1, organization=ward.branch2, start=D(2025, 7, 1)
            ),
        )
    assert errors_of(raised)["organization"] == ["Choose a branch of this residential area."]
    services.save_assignment(
        actor=ward.writer,
        assignment=Assignment(
            person=person, residential_area=ward.area1, organization=ward.branch1, start=D(2025, 7, 1)
        ),
    )
    # A branch's own cadre may say who answers for the branch.
    branch_cadre = ScopeFactory(organization=ward.women, access="write").user
    services.save_assignment(
        actor=branch_cadre,
        assignment=Assignment(
            person=person, residential_area=ward.area2, organization=ward.branch2, start=D(2025, 7, 1)
        ),
    )


def test_household_numbers_are_parsed_once_each(ward):
    assert services.parse_household_codes(" 12, 15;12 31  ") == ["12", "15", "31"]
    with pytest.raises(ValidationError):
        services.parse_household_codes("x" * 21)
    other = made_up_ward("Xã Khác")
    with pytest.raises(ValidationError):
        services.record_household_visits(
            actor=other.writer, residential_area=ward.area1, visited_on=D(2026, 1, 2), codes=["1"]
        )


def test_an_organization_that_keeps_no_register_is_refused(ward):
    board = OrganizationFactory(kind=OrganizationKind.INSPECTION_BOARD, unit=ward.ward)
    with pytest.raises(ValidationError) as raised:
        services.create_member(
            actor=ward.writer,
            member=new_member(ward),
            membership=Membership(organization=board, joined_on=D(2024, 1, 1)),
        )
    assert errors_of(raised)["organization"] == ["Choose an association, a union or one of their branches."]
