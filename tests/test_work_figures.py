"""The work log's figures of each day (``activities.figures``), which the reports sum: kept current
by the services on every create, update and delete, equal to what a rebuild computes from the log,
and rebuilt by ``manage.py rebuild_work_figures``."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.figures import FIGURE_NAMES, rebuild_work_days
from activities.models import Activity, WorkDay, WorkHalfMonth
from activities.services import delete_activity, update_activity
from core.halfmonths import halves_of
from reports.periods import CALENDAR, FIFTEENTH, Period
from reports.sources import worklog
from reports.sources.common import ORGANIZATION, UNIT, Grouping
from tests.factories import ActivityFactory, OrganizationFactory, UnitFactory
from tests.helpers import unit

from .test_activities_common import NEW_PHUOC_HOI, area, create, new_activity, new_details, org

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)
NEXT_DAY = datetime.date(2026, 3, 3)


def stored() -> dict:
    """Every stored day and half-month, as comparable tuples."""
    days = {
        (row.unit_id, row.organization_id, row.area_id, row.day): tuple(
            getattr(row, name) for name in FIGURE_NAMES
        )
        for row in WorkDay.objects.all()
    }
    halves = {
        (row.unit_id, row.organization_id, "half", row.half): tuple(
            getattr(row, name) for name in FIGURE_NAMES
        )
        for row in WorkHalfMonth.objects.all()
    }
    assert halves
    return days | halves


def of_unit(code: str, day: datetime.date, name: str) -> int:
    """A unit's figure of a day (0 when nothing was logged there that day)."""
    found = WorkDay.objects.filter(unit=unit(code), organization__isnull=True, day=day).first()
    return getattr(found, name) if found else 0


def test_a_logged_activity_counts_in_its_unit_and_for_its_organizers_on_its_day(demo_user):
    cadre = demo_user("cadre_ward")
    before = of_unit(NEW_PHUOC_HOI, DAY, "visits")
    create(cadre, "visit", details=new_details("visit", households_visited=7))
    assert of_unit(NEW_PHUOC_HOI, DAY, "visits") == before + 1
    organizer = WorkDay.objects.get(organization=org(NEW_PHUOC_HOI), day=DAY)
    assert organizer.visits >= 1 and organizer.households_visited >= 7
    # The area the visit went to counts it too (the coverage of the areas reads these rows).
    visited = WorkDay.objects.get(area=area(NEW_PHUOC_HOI), day=DAY)
    assert visited.visits >= 1 and visited.households_visited >= 7
    assert stored() == (rebuild_work_days() and stored())


def test_an_edit_moves_the_figures_to_the_new_day_and_organizers(demo_user):
    cadre = demo_user("cadre_ward")
    activity = create(cadre, "mediation", details=new_details("mediation", outcome="pending", sessions=0))
    activity = Activity.objects.get(pk=activity.pk)
    details = activity.mediation_details
    successful_before = of_unit(NEW_PHUOC_HOI, DAY, "mediations_successful")
    mediations_before = of_unit(NEW_PHUOC_HOI, DAY, "mediations")
    activity.date = NEXT_DAY
    details.outcome, details.sessions = "successful", 2
    women = org(NEW_PHUOC_HOI, "womens_union")
    update_activity(actor=cadre, activity=activity, organizations=[women], details=details)
    assert of_unit(NEW_PHUOC_HOI, NEXT_DAY, "mediations_successful") >= 1
    assert of_unit(NEW_PHUOC_HOI, DAY, "mediations_successful") == successful_before
    assert of_unit(NEW_PHUOC_HOI, DAY, "mediations") == mediations_before - 1
    assert WorkDay.objects.get(organization=women, day=NEXT_DAY).mediations == 1
    assert stored() == (rebuild_work_days() and stored())


def test_a_visit_moved_to_another_area_counts_there(demo_user):
    cadre = demo_user("cadre_ward")
    activity = Activity.objects.get(pk=create(cadre, "visit").pk)
    first, second = area(NEW_PHUOC_HOI, 1), area(NEW_PHUOC_HOI, 2)
    before = WorkDay.objects.get(area=first, day=DAY).visits
    details = activity.visit_details
    details.residential_area = second
    update_activity(actor=cadre, activity=activity, organizations=[org(NEW_PHUOC_HOI)], details=details)
    left = WorkDay.objects.filter(area=first, day=DAY).values_list("visits", flat=True).first()
    assert (left or 0) == before - 1
    assert WorkDay.objects.get(area=second, day=DAY).visits >= 1
    assert stored() == (rebuild_work_days() and stored())


def test_a_deleted_activity_no_longer_counts(demo_user):
    cadre = demo_user("cadre_ward")
    activity = create(cadre, "support", details=new_details("support", recipients=4, value_vnd=2_000_000))
    with_it = of_unit(NEW_PHUOC_HOI, DAY, "support_value")
    delete_activity(actor=cadre, activity=activity)
    assert of_unit(NEW_PHUOC_HOI, DAY, "support_value") == with_it - 2_000_000
    assert stored() == (rebuild_work_days() and stored())


def test_the_command_rebuilds_what_a_load_around_the_services_left_out(demo_user):
    Activity.objects.bulk_create([new_activity("meeting") for _ in range(3)])
    meetings = of_unit(NEW_PHUOC_HOI, DAY, "meetings")
    call_command("rebuild_work_figures", verbosity=0)
    assert of_unit(NEW_PHUOC_HOI, DAY, "meetings") == meetings + 3


def test_keeping_a_day_current_costs_the_same_whatever_the_number_of_activities(
    demo_user, django_assert_num_queries
):
    from activities.figures import Days, refresh_work_days

    days = Days()
    days.add(unit_id=unit(NEW_PHUOC_HOI).pk, day=DAY, organization_ids=[org(NEW_PHUOC_HOI).pk])
    # The lock on the units, a delete and an insert for the unit, and for the organizer; the same
    # for their half-months.
    with django_assert_num_queries(9):
        refresh_work_days(days)
    Activity.objects.bulk_create([new_activity("meeting") for _ in range(200)])
    with django_assert_num_queries(9):
        refresh_work_days(days)


def test_a_period_of_whole_half_months_sums_the_half_months_as_the_days_would():
    """Activities on random days through the factory (which keeps the figures as the services do):
    for every kind of period with both cut-offs, the sums of the half-months equal those of the
    days, by unit and by organizer; a period that ends today is read from the days."""
    rng = random.Random(8)
    wards = [UnitFactory(), UnitFactory()]
    organizers = [OrganizationFactory(unit=wards[0]), OrganizationFactory(unit=wards[1])]
    for _ in range(120):
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1000))
        ActivityFactory(
            unit=rng.choice(wards),
            date=day,
            kind=rng.choice(["meeting", "dialogue", "other"]),
            organizations=rng.sample(organizers, rng.choice([1, 2])),
        )
    today = datetime.date(2027, 2, 1)  # every period has ended
    periods = []
    for cutoff in (CALENDAR, FIFTEENTH):
        for year in (2024, 2025, 2026):
            periods += [Period.of_year(year, cutoff), Period.of_quarter(year, 2, cutoff)]
            periods += [Period.of_month(year, month, cutoff) for month in (1, 2, 7, 12)]
    runs = [halves_of(period.start, period.end) for period in periods]
    groups = ((UNIT, wards), (ORGANIZATION, organizers))
    for by, chosen in groups:
        grouping = Grouping(by=by, ids=frozenset(item.pk for item in chosen), today=today)
        with CaptureQueriesContext(connection) as asked:
            summed = worklog.activities(grouping, periods)
        assert len(asked.captured_queries) == 1 and "workhalfmonth" in asked.captured_queries[0]["sql"]
        assert summed == worklog._from_half_months(grouping, runs)
        assert summed == worklog._from_days(grouping, periods), by
        assert sum(parts[pk]["activities"] for parts in summed[:1] for pk in parts) > 0
    # A month that ends today is read from the days.
    grouping = Grouping(by=UNIT, ids=frozenset(ward.pk for ward in wards), today=datetime.date(2025, 6, 20))
    with CaptureQueriesContext(connection) as asked:
        worklog.activities(grouping, [Period.of_month(2025, 6, CALENDAR)])
    assert "activities_workday" in asked.captured_queries[0]["sql"]
