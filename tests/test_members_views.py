"""The members pages: scope (another organization's or unit's member is a 404), the access log of a
member's personal data, forms that show their errors next to the field and save nothing half, the
visit form's households and own areas, the dashboard's areas, the public count, and pinned queries."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Assignment, HouseholdFigure, HouseholdVisit, Member, Membership
from organizations.models import AdministrativeUnit, Organization, OrganizationKind
from organizations.reach import rebuild_reach
from tests.factories import PersonFactory, ScopeFactory, UnitFactory
from tests.members_common import D, add_members, made_up_ward

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def ward():
    return made_up_ward()


def member_of(ward) -> Member:
    return add_members(ward.branch1, ward.area1, 1, prefix="Riêng Tư")[0].member


def test_a_cadre_of_another_unit_or_organization_gets_404_on_a_member(ward, client):
    member = member_of(ward)
    other_unit = made_up_ward("Xã Khác").writer
    red_cross_cadre = ScopeFactory(organization=ward.red_cross, access="write").user
    for outsider in (other_unit, red_cross_cadre):
        client.force_login(outsider)
        for name in ("members:member_detail", "members:member_edit", "members:membership_add"):
            assert client.get(reverse(name, args=[member.pk])).status_code == 404, (outsider, name)
        membership = member.memberships.get()
        assert client.get(reverse("members:membership_leave", args=[membership.pk])).status_code == 404
        assert "Riêng Tư" not in client.get(reverse("members:register")).content.decode()
    # The branch's own association sees the member.
    client.force_login(ScopeFactory(organization=ward.women, access="read").user)
    assert client.get(reverse("members:member_detail", args=[member.pk])).status_code == 200


def test_each_showing_of_a_member_s_personal_data_is_logged(ward, client):
    member = member_of(ward)
    client.force_login(ward.writer)
    client.get(reverse("members:member_detail", args=[member.pk]))
    client.get(reverse("members:member_edit", args=[member.pk]))
    accessed = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.ACCESS)
    assert accessed.count() == 2
    assert {entry.actor for entry in accessed} == {ward.writer}


def test_a_new_member_form_shows_errors_next_to_the_fields_and_saves_nothing(ward, client):
    client.force_login(ward.writer)
    future = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = client.post(
        reverse("members:member_create"),
        {
            "full_name": "Hồ Thị Lỗi",
            "birth_year": "1985",
            "gender": "female",
            "ethnicity": "kinh",
            "residential_area": ward.area1.pk,
            "phone": "12345",
            "organization": ward.branch1.pk,
            "joined_on": future.isoformat(),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_phone"' in html and "Enter a phone number of 10 digits" in html
    assert 'id="error_1_id_joined_on"' in html and "The date cannot be in the future." in html
    assert not Member.objects.filter(full_name="Hồ Thị Lỗi").exists()


def test_adding_leaving_and_transferring_through_the_pages(ward, client):
    client.force_login(ward.writer)
    created = client.post(
        reverse("members:member_create"),
        {
            "full_name": "Hồ Thị Mới",
            "birth_year": "1985",
            "gender": "female",
            "ethnicity": "cham",
            "residential_area": ward.area1.pk,
            "phone": "0912345678",
            "organization": ward.branch1.pk,
            "joined_on": "2024-03-08",
            "card_number": "PN-5",
        },
    )
    member = Member.objects.get(full_name="Hồ Thị Mới")
    assert created["Location"] == member.get_absolute_url()
    membership = member.memberships.get()
    moved = client.post(
        reverse("members:membership_transfer", args=[membership.pk]),
        {"organization": ward.branch2.pk, "on": "2025-02-01", "card_number": ""},
    )
    assert moved.status_code == 302
    following = Membership.objects.get(member=member, left_on__isnull=True)
    assert (following.organization, following.previous_id, following.card_number) == (
        ward.branch2,
        membership.pk,
        "PN-5",
    )
    page = client.get(member.get_absolute_url()).content.decode()
    assert "transferred from Chi hội Phụ nữ khu phố Một" in page
    left = client.post(
        reverse("members:membership_leave", args=[following.pk]), {"left_on": "2025-01-01", "reason": "moved"}
    )
    assert "A member cannot leave before joining." in left.content.decode()
    client.post(
        reverse("members:membership_leave", args=[following.pk]), {"left_on": "2025-06-01", "reason": "moved"}
    )
    following.refresh_from_db()
    assert following.leave_reason == "moved"


def test_a_read_only_cadre_gets_403_on_the_changes(ward, client):
    member = member_of(ward)
    client.force_login(ScopeFactory(unit=ward.ward, access="read").user)
    assert client.get(reverse("members:member_detail", args=[member.pk])).status_code == 200
    assert client.get(reverse("members:member_edit", args=[member.pk])).status_code == 403
    assert (
        client.get(reverse("members:membership_leave", args=[member.memberships.get().pk])).status_code == 403
    )


# --- the visit form, the dashboard, the public page ---------------------------------------------


def visit_data(area, **extra) -> dict:
    return {
        "residential_area": area.pk,
        "date": timezone.localdate().isoformat(),
        "households_visited": "3",
        "visit_summary": "Thăm hộ",
        "category": "infrastructure",
        "summary": "Đèn đường hỏng",
    } | extra


def test_the_visit_form_records_the_households_reached(phuoc_hoi_place, login_as):
    _ward, area = phuoc_hoi_place
    client = login_as("cadre_ward")
    too_many = client.post(reverse("concerns:visit_log"), visit_data(area, household_numbers="1, 2, 3, 4"))
    assert "More households are listed than were visited (3)." in too_many.content.decode()
    before = HouseholdVisit.objects.filter(household__residential_area=area).count()
    saved = client.post(reverse("concerns:visit_log"), visit_data(area, household_numbers="T1, T2 T2"))
    assert saved.status_code == 302
    visits = HouseholdVisit.objects.filter(household__residential_area=area)
    assert visits.count() == before + 2
    assert set(visits.filter(household__code__in=["T1", "T2"]).values_list("visited_on", flat=True)) == {
        timezone.localdate()
    }


def test_the_visit_form_proposes_the_cadre_s_own_areas_first(login_as, demo_user):
    client = login_as("cadre_ward")
    mine = set(
        Assignment.objects.current()
        .filter(person=demo_user("cadre_ward").person)
        .values_list("residential_area", flat=True)
    )
    assert mine
    choices = list(
        client.get(reverse("concerns:visit_log")).context["form"].fields["residential_area"].queryset
    )
    assert {area.pk for area in choices[: len(mine)]} == mine


def test_the_dashboard_shows_each_own_area_with_its_last_visit_and_share(login_as, demo_user):
    response = login_as("cadre_ward").get(reverse("cadre:dashboard"))
    rows = response.context["area_rows"]
    mine = Assignment.objects.current().filter(person=demo_user("cadre_ward").person)
    assert {row.area.pk for row in rows} == set(mine.values_list("residential_area", flat=True))
    assert all(row.coverage.households for row in rows)
    assert 'id="my-areas"' in response.content.decode()


def test_the_public_organization_page_shows_the_member_count_and_no_member(client):
    women = Organization.objects.get(
        unit__code="LD-PPHUOCHOI", kind=OrganizationKind.WOMENS_UNION, parent=None
    )
    html = client.get(reverse("public:organization_detail", args=[women.pk])).content.decode()
    assert 'id="member-count"' in html
    names = Member.objects.filter(memberships__organization__parent=women).values_list("full_name", flat=True)
    assert names and not any(name in html for name in names)


# --- pinned queries -----------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The session and the account (2), the scope's rows (1), the organization chosen and the register's choices
# (2), the filter's chosen option (1), the count of rows and the page (2), the three figures (3; the
# organization's branches are a subquery on the reach table in each), whether the account keeps a
# register (1).
REGISTER_QUERIES = 12


def test_the_register_costs_the_same_at_5_and_500_members(ward, client, django_assert_num_queries):
    client.force_login(ward.writer)
    add_members(ward.branch1, ward.area1, 5)
    url = reverse("members:register") + f"?organization={ward.women.pk}&status=all&q=th"
    small = _queries(client, url)
    add_members(ward.branch2, ward.area2, 495, prefix="Thêm")
    with django_assert_num_queries(small):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 25
    assert small == REGISTER_QUERIES


# The session and the account (2), the scope's rows (1), the member with the edit flag (1), the access entry
# (1), the memberships with their flags (1).
MEMBER_PAGE_QUERIES = 6


def test_the_member_page_costs_a_fixed_number_of_queries(ward, client, django_assert_num_queries):
    member = member_of(ward)
    for organization in (ward.red_cross,):
        Membership.objects.create(member=member, organization=organization, joined_on=D(2025, 1, 1))
    client.force_login(ward.writer)
    url = reverse("members:member_detail", args=[member.pk])
    client.get(url)  # the content type of the access entry, cached for the process
    with django_assert_num_queries(MEMBER_PAGE_QUERIES):
        client.get(url)


# The session and the account (2), the scope (its rows, the reach below them: 2), the areas counted
# and shown (2), the households
# reached and the figures (2), the last visits (1).
COVERAGE_QUERIES = 9


def test_the_coverage_page_costs_the_same_for_few_and_many_areas(ward, client, django_assert_num_queries):
    client.force_login(ward.writer)
    HouseholdFigure.objects.create(
        residential_area=ward.area1, year=timezone.localdate().year, households=10, source="x"
    )
    small = _queries(client, reverse("cadre:coverage"))
    AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(code=f"KP-T{n}", name=f"Khu phố {n}", kind="quarter", parent=ward.ward)
            for n in range(40)
        ]
    )
    rebuild_reach(unit_ids=[ward.ward.pk])
    ward.writer.__dict__.pop("_lagi_scope", None)
    with django_assert_num_queries(small):
        response = client.get(reverse("cadre:coverage"))
    assert len(response.context["rows"]) == 25
    assert small == COVERAGE_QUERIES


def test_the_dashboard_panel_costs_the_same_for_few_and_many_areas(client, django_assert_num_queries):
    unit = UnitFactory(kind="ward")
    person = PersonFactory(unit=unit)
    user = ScopeFactory(unit=unit, access="write").user
    user.person = person
    user.save()
    areas = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(code=f"KP-D{n}", name=f"Khu phố {n}", kind="quarter", parent=unit)
            for n in range(30)
        ]
    )
    rebuild_reach(unit_ids=[unit.pk])
    Assignment.objects.create(person=person, residential_area=areas[0], start=D(2025, 1, 1))
    client.force_login(user)
    small = _queries(client, reverse("cadre:dashboard"))
    Assignment.objects.bulk_create(
        [Assignment(person=person, residential_area=a, start=D(2025, 1, 1)) for a in areas[1:]]
    )
    with django_assert_num_queries(small):
        response = client.get(reverse("cadre:dashboard"))
    assert len(response.context["area_rows"]) == 30
