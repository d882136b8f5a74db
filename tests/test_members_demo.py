"""The demo registers: a few hundred members since 2020, some who left (moved, passed away, aged out),
the members of the old wards transferred on 1 July 2025 with their history, household figures for
every residential area of today, households visited, the demo cadres' areas; all marked as demo."""

from __future__ import annotations

import pytest

from demo.members import MEMBER_MARKER
from demo.structure import NEW_START
from members.models import Assignment, HouseholdFigure, HouseholdVisit, LeaveReason, Member, Membership
from organizations.models import RESIDENTIAL_AREA_KINDS, AdministrativeUnit, User

pytestmark = pytest.mark.django_db


def test_the_demo_registers_have_history():
    members = Member.objects.filter(is_demo=True)
    assert 300 <= members.count() <= 500
    assert not members.exclude(full_name__contains=MEMBER_MARKER).exists()
    assert not Membership.objects.filter(is_demo=False, member__is_demo=True).exists()
    reasons = set(Membership.objects.exclude(leave_reason="").values_list("leave_reason", flat=True))
    assert {LeaveReason.MOVED, LeaveReason.TRANSFERRED, LeaveReason.AGED_OUT} <= reasons
    assert Membership.objects.filter(joined_on__year=2020).exists()
    transferred = Membership.objects.filter(previous__isnull=False, joined_on=NEW_START)
    assert transferred.count() > 50
    assert not transferred.exclude(previous__left_on=NEW_START).exists()
    # Members of two organizations.
    elsewhere = Membership.objects.exclude(organization__kind="red_cross").values("member_id")
    assert Member.objects.filter(memberships__organization__kind="red_cross", pk__in=elsewhere).exists()


def test_every_residential_area_of_today_has_household_figures_and_the_cadres_have_areas():
    areas = AdministrativeUnit.objects.filter(kind__in=RESIDENTIAL_AREA_KINDS, valid_to__isnull=True)
    figures = HouseholdFigure.objects.filter(is_demo=True)
    with_figures = set(figures.values_list("residential_area", flat=True))
    assert set(areas.values_list("pk", flat=True)) <= with_figures
    assert HouseholdVisit.objects.filter(is_demo=True).exists()
    for username in ("cadre_area", "cadre_ward", "cadre_women"):
        person = User.objects.get(username=username).person
        assert Assignment.objects.current().filter(person=person).exists(), username
