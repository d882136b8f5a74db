"""The demo concerns: realistic spread over old and new units, timelines, a hot spot,
idempotent seeding, and invented confidential values that stay off the lists and public pages."""

import random

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from concerns.hotspots import detect_hotspots
from concerns.models import Concern, ConcernCategory, ConcernEvent, ConcernStatus
from demo import activities as activities_demo
from demo import concerns as demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_concerns():
    """The demo concerns (seeded here when ``seed_demo`` has not done it)."""
    if not Concern.objects.filter(is_demo=True).exists():
        if not Activity.objects.filter(is_demo=True).exists():
            activities_demo.seed(random.Random(2025))
        demo.seed(random.Random(2025))
    return Concern.objects.filter(is_demo=True)


def test_demo_concerns_cover_every_category_old_and_new_units_and_every_status(demo_concerns):
    assert demo_concerns.count() >= 100
    assert set(demo_concerns.values_list("category", flat=True)) == set(ConcernCategory.values)
    assert demo_concerns.filter(unit__valid_to__isnull=False).exists()  # old wards and communes
    assert demo_concerns.filter(unit__valid_to__isnull=True).exists()  # the new units
    assert demo_concerns.filter(activity__isnull=False).exists()
    statuses = dict(demo_concerns.values_list("status").annotate(n=Count("pk")))
    answered = sum(
        statuses.get(s, 0) for s in (ConcernStatus.ANSWERED, ConcernStatus.INFORMED, ConcernStatus.CLOSED)
    )
    assert answered > demo_concerns.count() / 2
    assert demo_concerns.overdue().exists()
    assert statuses.get(ConcernStatus.RECEIVED, 0) >= 3


def test_every_demo_concern_has_a_consistent_timeline(demo_concerns):
    first_events = ConcernEvent.objects.filter(concern__in=demo_concerns, from_status="")
    assert first_events.count() == demo_concerns.count()
    for concern in demo_concerns.prefetch_related("events")[:150]:
        concern.full_clean()
        events = sorted(concern.events.all(), key=lambda e: (e.at, e.pk))
        assert events[0].to_status == ConcernStatus.RECEIVED
        assert events[-1].to_status == concern.status
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status


def test_the_demo_shows_a_hot_spot_for_the_ward_cadre(demo_concerns, demo_user):
    visible = Concern.objects.visible_to(demo_user("cadre_ward"))
    spots = detect_hotspots(concerns=visible, today=timezone.localdate())
    assert any(
        s.place.code == demo.HOTSPOT_AREA_CODE and s.category == demo.HOTSPOT_CATEGORY and s.count >= 5
        for s in spots
    )


def test_seeding_again_changes_nothing(demo_concerns):
    before = (Concern.objects.count(), ConcernEvent.objects.count())
    assert demo.seed(random.Random(99)) == 0
    assert (Concern.objects.count(), ConcernEvent.objects.count()) == before


def test_confidential_values_are_the_listed_ones_and_appear_nowhere_else(demo_concerns):
    listed = set(demo.confidential_demo_values())
    with_data = demo_concerns.exclude(detail="")
    assert with_data.exists() and demo_concerns.exclude(resident_name="").exists()
    for name, phone, detail, *public in demo_concerns.values_list(
        "resident_name", "resident_phone", "detail", "summary", "answer", "forwarded_to", "close_reason"
    ):
        assert {value for value in (name, phone, detail) if value} <= listed
        for text in public:
            assert not any(marker in text for marker in demo.CONFIDENTIAL_MARKERS), text
    assert all(
        phone.startswith(demo.PHONE_PREFIX)
        for phone in demo_concerns.exclude(resident_phone="").values_list("resident_phone", flat=True)
    )


def test_confidential_values_stay_off_the_inbox_and_the_public_pages(demo_concerns, client, login_as):
    pages = [client.get(reverse("public:home")), client.get(reverse("public:directory"))]
    cadre = login_as("cadre_area")
    pages += [cadre.get(reverse("concerns:inbox")), cadre.get(reverse("concerns:inbox") + "?page=2")]
    for response in pages:
        content = response.content.decode()
        for marker in demo.CONFIDENTIAL_MARKERS:
            assert marker not in content
