"""Pinned query counts of the cadre dashboard, both tabs: the same at 50 and at 5,000 activities of the
last months, for a ward's cadre and for the whole area's (every figure is an aggregate
in the database, never a loop over rows). Runs against the demo data of ``seed_demo``."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import unit
from tests.reports_common import bulk_visits

pytestmark = pytest.mark.django_db

WORK = reverse("cadre:dashboard")
FIGURES = WORK + "?tab=figures"

# Session, user and the scope (its rows, the reach below them): 4; then the figures of the scope.
# The headline (``build_report`` of this month, the month before and the same month last year): the
# units (1); the activities and the concerns received and overdue, each from the figures by
# half-month for the two months that have ended and from the days or the concerns for this month,
# which ends today (6); the days to answer them (1); the households reached (1 a month: 3; the
# headline shows no share of the households, so their figures are not read); the new members (1 a
# month: 3; not the members or those who left); the report's unit and its Front committee (2). The
# trends: the units again (1), the activities and the concerns received of the twelve months (4: the
# eleven that have ended from the figures by half-month, this one from the days and the concerns;
# the trends show no overdue figure, so that query is not made). The coverage: the residential
# areas (1), their households reached and figures (2), their last visits (1). The hot spots: the
# aggregate and their places (2). Overdue commitments by unit (1). Concerns by category and status
# (1).
FIGURES_QUERIES = 4 + 16 + 5 + 4 + 2 + 1 + 1
# Session, user, the scope's rows (3); scope cards: scopes, organizations of the unit scopes, sub-units
# (3); the concern panels: overdue list, overdue count, counts by status, hot spots, their places and
# the newest concerns behind each (6); the residential areas the cadre answers for (1), their
# households reached and figures (2), last visits (1); the overdue commitments panel (1).
WORK_QUERIES = 3 + 3 + 6 + 4 + 1


def make_activities(count: int) -> None:
    """``count`` visits in Phường Phước Hội spread over the last ten months."""
    today = timezone.localdate()
    bulk_visits(unit("LD-PPHUOCHOI"), count, first_day=today - datetime.timedelta(days=299), days=300)


@pytest.mark.parametrize("count", [50, 5000])
@pytest.mark.parametrize("username", ["cadre_ward", "cadre_area"])
@pytest.mark.parametrize(("url", "queries"), [(FIGURES, FIGURES_QUERIES), (WORK, WORK_QUERIES)])
def test_the_dashboard_costs_the_same_whatever_the_number_of_activities(
    login_as, django_assert_num_queries, username, count, url, queries
):
    client = login_as(username)
    make_activities(count)
    assert client.get(url).status_code == 200  # warm-up (content types, translations)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    if url == FIGURES:
        (visits,) = [chart for chart in response.context["trends"].charts if chart.key == "visits"]
        assert sum(visits.values) >= count
