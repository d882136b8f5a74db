"""Hot spots: a place and category with enough open concerns in the window, and the two queries
that find them whatever the data. Runs on factory units and concerns, so no demo concern counts."""

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
    assert sorted(spot.concern_ids) == sorted(c.pk for c in concerns)


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


def test_hot_spots_take_two_queries_whatever_the_data(place, django_assert_num_queries):
    pile(place, 5)
    pile(place, 6, category=ConcernCategory.HEALTH)
    with django_assert_num_queries(2):  # the aggregate, the concerns behind the hot spots
        found = spots(place, threshold=5)
        assert [s.place.name for s in found] == [place[1].name, place[1].name]
    pile(place, 40, category=ConcernCategory.LAND_HOUSING)
    with django_assert_num_queries(2):
        assert len(spots(place, threshold=5)) == 3
