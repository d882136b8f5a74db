"""Hot spots: a place and category with enough open concerns in the window, and the queries
that find them whatever the data (three). Runs on factory units and concerns, so no demo concern counts."""

import datetime

import pytest

from concerns.hotspots import detect_hotspots
from concerns.models import Concern, ConcernCategory
from tests.concerns_common import S
from tests.factories import ConcernFactory, UnitFactory

pytestmark = pytest.mark.django_db


# --- hot spots --------------------------------------------------------------------------------

HOT_DAY = datetime.date(2026, 6, 30)


@pytest.fixture
def place():
    """A fresh unit and area, so that no demo concern counts."""
    ward_ = UnitFactory(kind="ward")
    area = UnitFactory(kind="quarter", parent=ward_)
    return ward_, area


def pile(place, count, *, days_ago=10, category=ConcernCategory.ENVIRONMENT, status=S.RECEIVED, area=True):
    ward_, area_ = place
    return [
        ConcernFactory(
            unit=ward_,
            residential_area=area_ if area else None,
            category=category,
            status=status,
            received_on=HOT_DAY - datetime.timedelta(days=days_ago),
        )
        for _ in range(count)
    ]


def spots(place, **kwargs):
    return detect_hotspots(concerns=Concern.objects.filter(unit=place[0]), today=HOT_DAY, **kwargs)


def test_a_place_reaching_the_threshold_is_a_hot_spot(place, settings):
    settings.HOTSPOT_THRESHOLD = 5
    settings.HOTSPOT_WINDOW_DAYS = 90
    concerns = pile(place, 3) + pile(place, 2, status=S.FORWARDED, days_ago=89)
    (spot,) = spots(place)
    assert (spot.place, spot.category, spot.count) == (place[1], ConcernCategory.ENVIRONMENT, 5)
    # The newest three are listed (received today, then the older two), the inbox link opens all five.
    newest = sorted(concerns, key=lambda c: (c.received_on, c.pk), reverse=True)[:3]
    assert [c.pk for c in spot.concerns] == [c.pk for c in newest]


def test_just_below_the_threshold_is_no_hot_spot(place, settings):
    settings.HOTSPOT_THRESHOLD = 5
    pile(place, 4)
    pile(place, 3, status=S.ANSWERED)  # answered ones do not count
    pile(place, 2, status=S.CLOSED)
    pile(place, 1, category=ConcernCategory.HEALTH)  # another category
    assert spots(place) == []


def test_concerns_outside_the_window_do_not_count(place):
    pile(place, 4)
    pile(place, 1, days_ago=90)  # the window is the 90 days up to today, today included
    assert spots(place, threshold=5, window_days=90) == []
    assert len(spots(place, threshold=5, window_days=91)) == 1


def test_concerns_without_an_area_make_a_hot_spot_of_their_unit(place):
    pile(place, 2, area=False)
    pile(place, 2)
    assert spots(place, threshold=3) == []
    pile(place, 1, area=False)
    (spot,) = spots(place, threshold=3)
    assert (spot.place, spot.count) == (place[0], 3)


def test_hot_spots_take_three_queries_whatever_the_data(place, django_assert_num_queries):
    pile(place, 5)
    pile(place, 6, category=ConcernCategory.HEALTH)
    with django_assert_num_queries(3):  # the aggregate, the places, the newest concerns behind each
        found = spots(place, threshold=5)
        assert [s.place.name for s in found] == [place[1].name, place[1].name]
    pile(place, 40, category=ConcernCategory.LAND_HOUSING)
    with django_assert_num_queries(3):
        found = spots(place, threshold=5)
    assert [(s.count, len(s.concerns)) for s in found] == [(40, 3), (6, 3), (5, 3)]
    with django_assert_num_queries(2):  # counts only: no concern read
        assert [len(s.concerns) for s in spots(place, threshold=5, shown=0)] == [0, 0, 0]


def test_only_the_largest_listed_spots_carry_their_concerns(place):
    pile(place, 7, category=ConcernCategory.HEALTH)
    pile(place, 6, category=ConcernCategory.LAND_HOUSING)
    pile(place, 5)
    found = spots(place, threshold=5, listed=2)
    assert [(s.category, s.count, len(s.concerns)) for s in found] == [
        (ConcernCategory.HEALTH, 7, 3),
        (ConcernCategory.LAND_HOUSING, 6, 3),
        (ConcernCategory.ENVIRONMENT, 5, 0),
    ]


def test_the_dashboard_lists_five_hot_spots_and_links_to_all_of_them(demo_user, login_as):
    from concerns.selectors import DASHBOARD_HOTSPOTS_LIMIT, dashboard_context
    from tests.helpers import unit

    ward_ = unit("LD-PPHUOCHOI")
    areas = list(ward_.children.filter(valid_to__isnull=True)[: DASHBOARD_HOTSPOTS_LIMIT + 2])
    today = datetime.date.today()
    for area in areas:
        ConcernFactory.create_batch(
            5, unit=ward_, residential_area=area, category=ConcernCategory.HEALTH, received_on=today
        )
    context = dashboard_context(demo_user("cadre_ward"), today=today)
    assert len(context["concerns_hotspots"]) == DASHBOARD_HOTSPOTS_LIMIT
    assert context["concerns_hotspots_count"] >= len(areas)
    assert all(len(spot.concerns) == 3 for spot in context["concerns_hotspots"])
    html = login_as("cadre_ward").get("/cadre/").content.decode()
    assert html.count('class="hotspot-inbox"') == DASHBOARD_HOTSPOTS_LIMIT
    assert 'href="?tab=figures#figures-hotspots"' in html
