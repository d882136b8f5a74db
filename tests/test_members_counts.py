"""The figures of the registers (members on a day, joined and left in a period, by branch, unit, gender,
age band, ethnicity) and the coverage of the visits, on hand-made data: each is checked by hand."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members import counts
from members.coverage import coverage, households_reached
from members.models import Household, HouseholdFigure, HouseholdVisit, LeaveReason, Membership
from members.services import record_household_visits
from tests.members_common import D, add_members, made_up_ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward():
    return made_up_ward()


@pytest.fixture
def register(ward):
    """Branch 1: 3 members since 2020, 1 who left (moved) on 01/06/2024; branch 2: 2 since 2024;
    the Red Cross: 1 of branch 1's members, since 2025; and a transfer from branch 1 to branch 2 on
    01/03/2025."""
    staying = add_members(ward.branch1, ward.area1, 3, joined=D(2020, 5, 1), birth_year=1990)
    add_members(
        ward.branch1, ward.area1, 1, joined=D(2020, 5, 1), left=D(2024, 6, 1), reason="moved", prefix="Đi"
    )
    add_members(
        ward.branch2,
        ward.area2,
        2,
        joined=D(2024, 2, 1),
        gender="male",
        birth_year=1950,
        ethnicity="hoa",
        prefix="B",
    )
    Membership.objects.create(member=staying[0].member, organization=ward.red_cross, joined_on=D(2025, 1, 1))
    moving = add_members(ward.branch1, ward.area1, 1, joined=D(2021, 1, 1), prefix="Chuyển")[0]
    moving.left_on, moving.leave_reason = D(2025, 3, 1), LeaveReason.TRANSFERRED
    moving.save()
    Membership.objects.create(
        member=moving.member, organization=ward.branch2, joined_on=D(2025, 3, 1), previous=moving
    )
    return ward


def test_members_on_a_day_count_the_day_of_joining_and_not_the_day_of_leaving(register):
    women = register.women
    assert counts.members_on(D(2020, 4, 30), organization=women) == 0
    assert counts.members_on(D(2020, 5, 1), organization=women) == 4
    assert counts.members_on(D(2024, 5, 31), organization=women) == 4 + 1 + 2
    assert counts.members_on(D(2024, 6, 1), organization=women) == 3 + 1 + 2
    # The transfer: one member on the day, in the branch they joined.
    assert counts.members_on(D(2025, 3, 1), organization=women) == 6
    assert counts.members_on(D(2025, 3, 1), organization=register.branch2) == 3
    assert counts.members_on(D(2025, 2, 28), organization=register.branch2) == 2


def test_members_by_branch_organization_and_unit(register):
    on = D(2026, 1, 1)
    by_branch = counts.members_on(on, by="branch", organization=register.women)
    assert by_branch == {register.branch1.pk: 3, register.branch2.pk: 3}
    by_organization = counts.members_on(on, by="organization", unit=register.ward)
    assert by_organization == {register.women.pk: 6, register.red_cross.pk: 1}
    assert counts.members_on(on, by="unit", unit=register.ward) == {
        register.area1.pk: 3,
        register.area2.pk: 3,
        register.ward.pk: 1,
    }
    # Rolled up to the ward, the units' figures add up: the member of two organizations counts in each.
    assert counts.members_on(on, by="commune", unit=register.ward) == {register.ward.pk: 3 + 3 + 1}
    # All organizations together: one member of the Women's Union and the Red Cross is one member.
    assert counts.members_on(on, unit=register.ward) == 6


def test_members_by_gender_age_band_and_ethnicity(register):
    on = D(2026, 1, 1)
    women = register.women
    assert counts.members_on(on, organization=women, by="gender") == {"female": 4, "male": 2}
    # Born 1990: 36 in 2026; born 1950: 76; born 1980 (the transferred member): 46.
    assert counts.members_on(on, organization=women, by="age_band") == {"30_44": 3, "45_59": 1, "75_up": 2}
    assert counts.members_on(on, organization=women, by="ethnicity") == {"kinh": 4, "hoa": 2}


def test_joined_and_left_in_a_period_leave_transfers_out_unless_asked(register):
    women, branch2 = register.women, register.branch2
    assert counts.joined_between(D(2024, 1, 1), D(2025, 12, 31), organization=women) == 2
    assert counts.joined_between(D(2024, 1, 1), D(2025, 12, 31), organization=branch2, transfers=True) == 3
    assert counts.left_between(D(2024, 1, 1), D(2025, 12, 31), organization=women) == 1
    assert counts.left_between(D(2024, 1, 1), D(2025, 12, 31), organization=women, by="reason") == {
        "moved": 1
    }
    assert counts.left_between(D(2025, 1, 1), D(2025, 12, 31), organization=women, transfers=True) == 1
    assert counts.joined_between(D(2020, 1, 1), D(2020, 12, 31), organization=women, by="branch") == {
        register.branch1.pk: 4
    }


def test_counts_are_aggregate_queries_whatever_the_number_of_members(register, django_assert_max_num_queries):
    add_members(register.branch1, register.area1, 300, joined=D(2022, 1, 1), prefix="Nhiều")
    with django_assert_max_num_queries(2):
        assert counts.members_on(D(2026, 1, 1), organization=register.women) == 306
    with django_assert_max_num_queries(3):
        counts.members_on(D(2026, 1, 1), organization=register.women, by="organization")


def test_a_scoped_register_counts_only_what_its_reader_sees(register):
    other = made_up_ward("Xã Khác")
    add_members(other.branch1, other.area1, 5)
    visible = Membership.objects.visible_to(register.writer)
    assert counts.members_on(D(2026, 1, 1), within=visible) == 6
    assert counts.members_on(D(2026, 1, 1)) >= 11


# --- coverage ------------------------------------------------------------------------------


def test_a_household_visited_twice_is_reached_once(ward):
    HouseholdFigure.objects.create(residential_area=ward.area1, year=2026, households=200, source="Thử")
    record_household_visits(
        actor=ward.writer, residential_area=ward.area1, visited_on=D(2026, 3, 2), codes=["1", "2", "3"]
    )
    # The same household 2 on another day, and again the same day (one row), plus a new one.
    record_household_visits(
        actor=ward.writer, residential_area=ward.area1, visited_on=D(2026, 4, 9), codes=["2", "4"]
    )
    record_household_visits(
        actor=ward.writer, residential_area=ward.area1, visited_on=D(2026, 4, 9), codes=["2"]
    )
    assert Household.objects.filter(residential_area=ward.area1).count() == 4
    assert HouseholdVisit.objects.filter(household__residential_area=ward.area1).count() == 5

    assert households_reached([ward.area1.pk], D(2026, 1, 1), D(2026, 12, 31)) == {ward.area1.pk: 4}
    result = coverage([ward.area1.pk, ward.area2.pk], D(2026, 1, 1), D(2026, 12, 31))
    assert (result[ward.area1.pk].reached, result[ward.area1.pk].households) == (4, 200)
    assert str(result[ward.area1.pk].share) == "2.0"
    assert (result[ward.area2.pk].reached, result[ward.area2.pk].share) == (0, None)
    # A period: only the visits in it.
    assert households_reached([ward.area1.pk], D(2026, 4, 1), D(2026, 4, 30)) == {ward.area1.pk: 2}


def test_the_household_figure_is_that_of_the_period_s_year_or_the_latest_before(ward):
    HouseholdFigure.objects.create(residential_area=ward.area1, year=2024, households=100, source="A")
    HouseholdFigure.objects.create(residential_area=ward.area1, year=2025, households=110, source="B")
    HouseholdFigure.objects.create(residential_area=ward.area1, year=2027 - 1, households=120, source="C")
    assert coverage([ward.area1.pk], D(2025, 1, 1), D(2025, 12, 31))[ward.area1.pk].households == 110
    assert coverage([ward.area1.pk], D(2023, 1, 1), D(2023, 12, 31))[ward.area1.pk].households is None
    assert coverage([ward.area1.pk], D(2026, 1, 1), D(2026, 6, 30))[ward.area1.pk].figure_year == 2026


def test_coverage_costs_two_queries_for_any_number_of_areas(ward, django_assert_num_queries):
    with django_assert_num_queries(2):
        coverage([ward.area1.pk, ward.area2.pk], D(2026, 1, 1), D(2026, 12, 31))


def _sql_of(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries.captured_queries]


def test_narrowing_and_rolling_up_never_read_the_whole_tree(register):
    """The organization's branches and the unit's areas are a subquery on the reach tables, and the
    roll-ups read the reach rows of the organizations and units found: the same queries, word for
    word, after 40 more wards with their areas and associations elsewhere in the country."""
    on = D(2026, 1, 1)

    def figures():
        counts.members_on(on, organization=register.women, by="organization")
        counts.members_on(on, unit=register.ward, by="commune")
        counts.joined_between(D(2025, 1, 1), on, organization=register.women, unit=register.ward)

    before = _sql_of(figures)
    expected = (
        counts.members_on(on, organization=register.women, by="organization"),
        counts.members_on(on, unit=register.ward, by="commune"),
    )
    for number in range(40):
        other = made_up_ward(f"Xã Khác {number}")
        add_members(other.branch1, other.area1, 1, prefix=f"Khác {number}")

    assert _sql_of(figures) == before
    assert len(before) == 5
    assert (
        (
            counts.members_on(on, organization=register.women, by="organization"),
            counts.members_on(on, unit=register.ward, by="commune"),
        )
        == expected
        == ({register.women.pk: 6}, {register.ward.pk: 7})
    )
