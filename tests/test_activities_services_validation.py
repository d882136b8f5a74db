"""Validation of the work log services per kind: the details each kind needs, the unit and the
organizations on the activity's date, and the limits of each figure."""

from __future__ import annotations

import datetime

import pytest

from activities.models import ActivityKind
from organizations.models import OrganizationKind, Position
from tests.helpers import unit

from .test_activities_common import (
    AFTER_MERGER,
    BEFORE_MERGER,
    NEW_LA_GI,
    NEW_PHUOC_HOI,
    OLD_PHUOC_LOC,
    area,
    commitment,
    create,
    errors_of,
    new_activity,
    new_details,
    org,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ActivityKind.values)
def test_every_kind_can_be_logged_with_valid_details(demo_user, kind):
    actor = demo_user("cadre_ward")
    commitments = [commitment()] if kind == ActivityKind.DIALOGUE else ()
    activity = create(actor, kind, commitments=commitments)
    activity.refresh_from_db()
    assert activity.kind == kind
    assert activity.created_by == actor
    assert (activity.details is None) == (kind == ActivityKind.OTHER)
    assert activity.commitments.count() == len(commitments)


@pytest.mark.parametrize("kind", ["meeting", "voter_contact", "dialogue"])
def test_the_start_time_is_required_for_meetings_voter_contacts_and_dialogues(demo_user, kind):
    activity = new_activity(kind, start_time=None)
    assert "start_time" in errors_of(lambda: create(demo_user("cadre_ward"), kind, activity=activity))


def test_the_start_time_is_optional_for_a_visit(demo_user):
    activity = create(demo_user("cadre_ward"), "visit", activity=new_activity("visit", start_time=None))
    assert activity.pk is not None


def test_a_unit_that_did_not_exist_on_the_date_is_rejected(demo_user):
    actor = demo_user("cadre_ward")
    old_unit_after_merger = new_activity("other", OLD_PHUOC_LOC, date=AFTER_MERGER)
    assert "unit" in errors_of(
        lambda: create(actor, "other", activity=old_unit_after_merger, organizations=[org(OLD_PHUOC_LOC)])
    )
    new_unit_before_merger = new_activity("other", NEW_PHUOC_HOI, date=BEFORE_MERGER)
    assert "unit" in errors_of(lambda: create(actor, "other", activity=new_unit_before_merger))


def test_a_2023_activity_stays_with_the_old_ward(demo_user):
    actor = demo_user("cadre_ward")
    activity = create(
        actor,
        "visit",
        activity=new_activity("visit", OLD_PHUOC_LOC, date=BEFORE_MERGER),
        details=new_details("visit", OLD_PHUOC_LOC),
        organizations=[org(OLD_PHUOC_LOC)],
    )
    activity.refresh_from_db()
    assert activity.unit.code == OLD_PHUOC_LOC
    assert activity.visit_details.residential_area.parent.code == OLD_PHUOC_LOC


def test_households_visited_must_be_at_least_one(demo_user):
    details = new_details("visit", households_visited=0)
    assert "households_visited" in errors_of(
        lambda: create(demo_user("cadre_ward"), "visit", details=details)
    )


def test_a_visit_in_a_residential_area_outside_the_cadres_scope_is_rejected(demo_user):
    # An area of Phường La Gi, which cadre_ward may not change.
    details = new_details("visit", residential_area=area(NEW_LA_GI))
    errors = errors_of(lambda: create(demo_user("cadre_ward"), "visit", details=details))
    assert (
        "Nội dung này nằm ngoài các đơn vị và tổ chức bạn được phép thay đổi." in errors["residential_area"]
    )


def test_a_visit_area_must_lie_in_the_activitys_unit(demo_user):
    # Both wards are in cadre_area's scope, but the area is not in the activity's unit.
    details = new_details("visit", residential_area=area(NEW_LA_GI))
    errors = errors_of(lambda: create(demo_user("cadre_area"), "visit", details=details))
    assert errors["residential_area"] == ["Khu dân cư phải thuộc đơn vị của hoạt động."]


def test_a_visit_area_must_be_a_residential_area(demo_user):
    details = new_details("visit", residential_area=unit(NEW_PHUOC_HOI))
    assert "residential_area" in errors_of(lambda: create(demo_user("cadre_ward"), "visit", details=details))


def test_visit_cadres_must_be_office_holders_on_the_date(demo_user):
    actor = demo_user("cadre_ward")
    front = org(NEW_PHUOC_HOI)
    holder = Position.objects.filter(organization=front, end__isnull=True).first().person
    activity = create(actor, "visit", cadres=[holder])
    assert list(activity.visit_details.cadres.all()) == [holder]

    # In 2018 the same person held no position yet (every demo term starts later).
    early = new_activity("visit", OLD_PHUOC_LOC, date=datetime.date(2018, 1, 5))
    errors = errors_of(
        lambda: create(
            actor,
            "visit",
            activity=early,
            details=new_details("visit", OLD_PHUOC_LOC),
            organizations=[org(OLD_PHUOC_LOC)],
            cadres=[holder],
        )
    )
    assert "cadres" in errors


def test_a_successful_mediation_without_sessions_is_rejected(demo_user):
    details = new_details("mediation", outcome="successful", sessions=0)
    errors = errors_of(lambda: create(demo_user("cadre_ward"), "mediation", details=details))
    assert "sessions" in errors


def test_a_pending_mediation_may_have_no_session_yet(demo_user):
    details = new_details("mediation", outcome="pending", sessions=0)
    assert create(demo_user("cadre_ward"), "mediation", details=details).pk is not None


def test_a_mediation_has_at_least_two_parties_and_a_mediation_team(demo_user):
    actor = demo_user("cadre_ward")
    assert "parties_count" in errors_of(
        lambda: create(actor, "mediation", details=new_details("mediation", parties_count=1))
    )
    not_a_team = org(area(NEW_PHUOC_HOI).code, OrganizationKind.WOMENS_UNION)
    assert "mediation_team" in errors_of(
        lambda: create(actor, "mediation", details=new_details("mediation", mediation_team=not_a_team))
    )


def test_voters_attending_cannot_be_negative(demo_user):
    details = new_details("voter_contact", voters_attending=-1)
    assert "voters_attending" in errors_of(
        lambda: create(demo_user("cadre_ward"), "voter_contact", details=details)
    )


def test_support_value_cannot_be_negative(demo_user):
    details = new_details("support", value_vnd=-5)
    assert "value_vnd" in errors_of(lambda: create(demo_user("cadre_ward"), "support", details=details))


def test_participants_cannot_be_negative(demo_user):
    activity = new_activity("other", participants_count=-3)
    assert "participants_count" in errors_of(
        lambda: create(demo_user("cadre_ward"), "other", activity=activity)
    )


def test_details_must_match_the_kind(demo_user):
    actor = demo_user("cadre_ward")
    assert errors_of(lambda: create(actor, "visit", details=None))
    assert errors_of(lambda: create(actor, "visit", details=new_details("support")))
    assert errors_of(lambda: create(actor, "meeting", commitments=[commitment()]))


def test_at_least_one_organizing_organization(demo_user):
    errors = errors_of(lambda: create(demo_user("cadre_ward"), "other", organizations=[]))
    assert "organizations" in errors
