"""Wherever a concern is listed it shows its short summary (the dashboard's overdue list and hot
spots, the inbox), a hot spot links to the inbox filtered to exactly its concerns, and the inbox
filters the concerns still awaiting an answer. Runs against the demo structure and accounts."""

from __future__ import annotations

import datetime
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from concerns.hotspots import detect_hotspots
from concerns.models import Concern, ConcernCategory
from concerns.selectors import dashboard_context
from tests.concerns_common import DAY, TODAY, S
from tests.factories import ConcernFactory

pytestmark = pytest.mark.django_db

LINKED = re.compile(r'class="concern-link[^"]*" href="/cadre/concerns/(\d+)/"')


def listed(response) -> set[int]:
    """The concerns a page lists as links with their summary."""
    assert response.status_code == 200
    return {int(pk) for pk in LINKED.findall(response.content.decode())}


def health_pile(place, count: int, *, area: bool = True, status=S.RECEIVED) -> list[Concern]:
    ward, quarter = place
    return [
        ConcernFactory(
            unit=ward,
            residential_area=quarter if area else None,
            category=ConcernCategory.HEALTH,
            status=status,
            summary=f"HOT-SUMMARY-{number} trạm y tế thiếu thuốc",
            received_on=TODAY - (number + 1) * DAY,
        )
        for number in range(count)
    ]


def test_the_dashboard_lists_overdue_concerns_by_their_summary(login_as, forwarded_concern):
    forwarded_concern.due_date = datetime.date(2000, 1, 1)  # the first of the overdue list
    forwarded_concern.save(update_fields=["due_date"])
    response = login_as("cadre_ward").get(reverse("cadre:dashboard"))
    assert forwarded_concern.pk in listed(response)
    assert "OWN-SUMMARY rác tồn đọng" in response.content.decode()


def test_hot_spots_list_their_concerns_by_summary_and_link_to_exactly_them(
    login_as, phuoc_hoi_place, settings
):
    settings.HOTSPOT_THRESHOLD = 5
    pile = health_pile(phuoc_hoi_place, 5)
    # Not part of the hot spot: answered, of another category, of another area, too old.
    ward, quarter = phuoc_hoi_place
    ConcernFactory(
        unit=ward, residential_area=quarter, category="health", status=S.ANSWERED, received_on=TODAY
    )
    ConcernFactory(unit=ward, residential_area=quarter, category="education", received_on=TODAY)
    ConcernFactory(unit=ward, category="health", received_on=TODAY)
    ConcernFactory(
        unit=ward,
        residential_area=quarter,
        category="health",
        received_on=TODAY - datetime.timedelta(days=settings.HOTSPOT_WINDOW_DAYS + 1),
    )
    client = login_as("cadre_ward")
    content = client.get(reverse("cadre:dashboard")).content.decode()
    # The newest three are listed by their summaries; the link opens all five.
    newest = sorted(pile, key=lambda concern: (concern.received_on, concern.pk), reverse=True)
    for concern in newest[:3]:
        assert concern.summary in content
    for concern in newest[3:]:
        assert concern.summary not in content

    spot = next(
        s
        for s in detect_hotspots(concerns=Concern.objects.filter(unit=ward), today=TODAY)
        if s.category == "health" and s.place.pk == quarter.pk
    )
    assert unescape(spot.inbox_url) and f'href="{spot.inbox_url.replace("&", "&amp;")}"' in content
    assert listed(client.get(spot.inbox_url)) == {concern.pk for concern in pile}


@pytest.mark.parametrize("view", ["now", "was"])
def test_a_hot_spot_of_a_unit_links_to_its_concerns_without_an_area(
    login_as, phuoc_hoi_place, settings, view
):
    settings.HOTSPOT_THRESHOLD = 4
    pile = health_pile(phuoc_hoi_place, 4, area=False)
    health_pile(phuoc_hoi_place, 2)  # in an area of the same ward: another place
    ward, _quarter = phuoc_hoi_place
    [spot] = [
        s
        for s in detect_hotspots(concerns=Concern.objects.filter(unit=ward), today=TODAY, view=view)
        if s.category == "health"
    ]
    assert listed(login_as("cadre_ward").get(spot.inbox_url)) == {concern.pk for concern in pile}


def test_the_inbox_lists_each_concern_by_its_summary(login_as, forwarded_concern, own_concern):
    response = login_as("cadre_ward").get(reverse("concerns:inbox"), {"category": "environment"})
    assert {forwarded_concern.pk, own_concern.pk} <= listed(response)
    assert response.content.decode().count("OWN-SUMMARY rác tồn đọng") >= 2


def test_the_awaiting_answer_filter(login_as, phuoc_hoi_place):
    waiting = health_pile(phuoc_hoi_place, 2) + health_pile(phuoc_hoi_place, 1, status=S.FORWARDED)
    done = health_pile(phuoc_hoi_place, 1, status=S.ANSWERED) + health_pile(
        phuoc_hoi_place, 1, status=S.CLOSED
    )
    query = {"category": "health", "unit": phuoc_hoi_place[1].pk}
    client = login_as("cadre_ward")
    everything = listed(client.get(f"{reverse('concerns:inbox')}?{urlencode(query)}"))
    awaiting = listed(client.get(f"{reverse('concerns:inbox')}?{urlencode(query | {'awaiting': 'on'})}"))
    assert {c.pk for c in waiting + done} <= everything
    assert awaiting == {c.pk for c in waiting} | (everything - {c.pk for c in waiting + done}) & awaiting
    assert not awaiting & {c.pk for c in done}
    assert {c.pk for c in waiting} <= awaiting


def test_dashboard_context_hot_spots_carry_their_inbox_link(demo_user, phuoc_hoi_place, settings):
    settings.HOTSPOT_THRESHOLD = 5
    health_pile(phuoc_hoi_place, 5)
    spots = dashboard_context(demo_user("cadre_ward"))["concerns_hotspots"]
    health = [s for s in spots if s.category == "health"]
    assert health and "awaiting=on" in health[0].inbox_url and "category=health" in health[0].inbox_url
