"""Pinned query counts: the inbox, a concern's page and the dashboard panels cost the same
at 5 and at 500 concerns (and with a long timeline)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns.models import Concern, ConcernCategory, ConcernStatus
from concerns.selectors import dashboard_context
from organizations.models import AdministrativeUnit
from tests.concerns_common import register_authority
from tests.factories import ConcernEventFactory, ConcernFactory
from tests.helpers import unit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
CATEGORIES = ConcernCategory.values


def make_concerns(count: int) -> list[Concern]:
    """Concerns of every kind in cadre_ward's units: open, forwarded (some overdue), answered, old."""
    ward = unit("LD-PPHUOCHOI")
    areas = list(AdministrativeUnit.objects.filter(parent=ward))
    old_ward = unit("LG-PH")
    committee = register_authority()
    made = []
    for n in range(count):
        if n % 7 == 0:
            made.append(ConcernFactory(unit=old_ward, received_on=datetime.date(2024, 1, 1) + n * DAY))
            continue
        forwarded = n % 3 == 0
        made.append(
            ConcernFactory(
                unit=ward,
                residential_area=areas[n % len(areas)] if n % 5 else None,
                category=CATEGORIES[n % len(CATEGORIES)],
                received_on=TODAY - (n % 80) * DAY,
                status=ConcernStatus.FORWARDED if forwarded else ConcernStatus.RECEIVED,
                authority=committee if forwarded else None,
                forwarded_on=TODAY - (n % 80) * DAY if forwarded else None,
                due_date=TODAY + (n % 11 - 5) * DAY if forwarded else None,
            )
        )
    return made


def count_queries(callable_) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured), [q["sql"] for q in captured]


# Inbox: session, user, the scope (its rows, the reach below them), the unit
# choices of the filter, the count and the page of concerns (with units and organization), the
# count of overdue commitments.
INBOX_QUERIES = 8
# With a unit filter: the check of the chosen unit and the filter's chosen option (read at any length
# of the list); "this unit and below" is a subquery, as it is now (the default) and as it was alike
# (today's units are a join, not a query).
INBOX_FILTERED_QUERIES = 10


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", INBOX_QUERIES),
        ("?unit={ward}&overdue=on", INBOX_FILTERED_QUERIES),
        ("?unit={ward}&overdue=on&view=was", INBOX_FILTERED_QUERIES),
    ],
)
def test_inbox_costs_the_same_at_5_and_500_concerns(login_as, django_assert_num_queries, query, expected):
    client = login_as("cadre_ward")
    url = reverse("concerns:inbox") + query.format(ward=unit("LD-PPHUOCHOI").pk)
    make_concerns(5)
    client.get(url)  # warm-up (content types, translations)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    make_concerns(495)
    with django_assert_num_queries(expected):
        response = client.get(url)
        assert response.status_code == 200
    assert len(response.context["page"]) == 25


# Concern page: session, user, the scope's rows (what they cover is a subquery of the others), the
# concern (with its units, organization, recorder, duplicate, activity, authority and commitment), the
# access log entry, the timeline (with actors), the oversight panel; a closed concern (as the long one
# below). One more for a concern that may still be forwarded: the authorities its forward form offers.
DETAIL_QUERIES = 7
DETAIL_FORWARDABLE_QUERIES = DETAIL_QUERIES + 1


def test_detail_costs_the_same_at_5_and_500_concerns_and_with_a_long_timeline(
    login_as, django_assert_num_queries
):
    client = login_as("cadre_ward")
    short = make_concerns(5)[1]
    ConcernEventFactory(concern=short)
    client.get(reverse("concerns:detail", args=[short.pk]))
    with django_assert_num_queries(DETAIL_FORWARDABLE_QUERIES):
        assert client.get(reverse("concerns:detail", args=[short.pk])).status_code == 200
    many = make_concerns(495)
    long = many[1]
    original = many[8]
    Concern.objects.filter(pk=long.pk).update(
        status=ConcernStatus.DUPLICATE, duplicate_of=original, closed_on=TODAY, close_reason="Trùng"
    )
    for _ in range(40):
        ConcernEventFactory(
            concern=long,
            to_status=ConcernStatus.FORWARDED,
            from_status=ConcernStatus.RECEIVED,
            data={"authority": "UBND", "due_date": TODAY.isoformat()},
        )
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("concerns:detail", args=[long.pk]))
        assert response.status_code == 200
    assert len(response.context["events"]) == 40


def test_dashboard_panels_cost_the_same_at_5_and_500_concerns(demo_user):
    cadre = demo_user("cadre_ward")
    hot_area = unit("LD-PPHUOCHOI-KP06")
    ConcernFactory.create_batch(
        5,
        unit=unit("LD-PPHUOCHOI"),
        residential_area=hot_area,
        category=ConcernCategory.HEALTH,
        received_on=TODAY - DAY,
    )
    make_concerns(5)
    dashboard_context(cadre)
    small, _sql = count_queries(lambda: dashboard_context(cadre))
    make_concerns(495)
    large, sql = count_queries(lambda: dashboard_context(cadre))
    # The overdue list, their number, the counts by status, the hot-spot aggregate, their places and
    # the newest concerns behind each.
    assert small == large == 6, sql
    assert dashboard_context(cadre)["concerns_hotspots"]
