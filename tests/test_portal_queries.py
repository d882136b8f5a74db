"""Query counts of the public pages, pinned, and the same at 5 and at 500 published activities.

Measured with the page cache empty (a local-memory cache here, so that only the page's own
queries are counted; with the default database cache a first visit adds the cache's reads and
writes, the same number on every page).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    Commitment,
    DialogueDetails,
    Visibility,
)
from core import caching, search
from organizations.models import AdministrativeUnit, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

# home: figures (concerns answered; households visited; Great Unity houses handed over), upcoming
# dialogues and voter contacts, latest activities + their organizers, today's units, their
# organizations, latest articles, exemplary stories.
# list: the unit and organization choices of the filter form, the count, the page, its organizers;
# filtered: + checking the chosen unit and organization ("the unit and below" is a subquery); the
# same as it was and as it is now (today's units are a join to the activities' units, not a query).
# detail: the activity with its unit and details, organizers, consented photos, commitments; a
# dialogue's or voter contact's (as the first one here), the questions or opinions raised there
# counted by topic (concerns: one query when none is publishable).
# search: the counts per type, the page of results.
# calendar: the count, the page, its organizers.
# feeds: the items and their organizers; the iCalendar feed: the events.
EXPECTED = {
    "home": 10,
    "activity_list": 5,
    "activity_list_filtered": 7,
    "activity_list_filtered_as_it_was": 7,
    "activity_detail": 5,
    "search": 2,
    "calendar": 3,
    "calendar_ics": 1,
    "feed_rss": 2,
    "feed_atom": 2,
}


def empty_caches():
    """Empty the shared cache and this process's own copies of pages."""
    cache.clear()
    caching.forget_local_cache()


@pytest.fixture(autouse=True)
def local_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "q"}
    }
    empty_caches()
    yield
    empty_caches()


@pytest.fixture
def world():
    """Only our activities: the demo ones are removed, so that 5 means 5."""
    Activity.objects.all().delete()
    unit = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    organizations = [OrganizationFactory(unit=unit), OrganizationFactory(unit=unit)]
    return unit, organizations


def add_published(world, count: int) -> None:
    unit, organizations = world
    today = timezone.localdate()
    kinds = [ActivityKind.DIALOGUE, ActivityKind.VOTER_CONTACT, ActivityKind.MEETING, ActivityKind.OTHER]
    activities = Activity.objects.bulk_create(
        [
            Activity(
                kind=kinds[n % len(kinds)],
                # Past and coming activities alternate, so both the latest and the upcoming lists fill.
                date=today + datetime.timedelta(days=(n % 30 + 1) * (1 if n % 2 else -1)),
                start_time=datetime.time(8, 0),
                unit=unit,
                place="Hội trường phường Phước Hội",
                summary=f"Hoạt động công khai số {n} ở phường Phước Hội.",
                visibility=Visibility.PUBLISHED,
                published_at=timezone.now() - datetime.timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )
    through = Activity.organizations.through
    through.objects.bulk_create(
        [through(activity_id=a.pk, organization_id=o.pk) for a in activities for o in organizations]
    )
    search.rebuild([Activity])


def urls(unit: AdministrativeUnit, organization: Organization) -> dict[str, str]:
    first = Activity.objects.published().order_by("pk").first()
    return {
        "home": reverse("public:home"),
        "activity_list": reverse("portal:activity_list"),
        "activity_list_filtered": f"{reverse('portal:activity_list')}?unit={unit.pk}&organization="
        f"{organization.pk}&kind=meeting&year={timezone.localdate().year}&page=2",
        "activity_list_filtered_as_it_was": f"{reverse('portal:activity_list')}?unit={unit.pk}&organization="
        f"{organization.pk}&kind=meeting&year={timezone.localdate().year}&page=2&view=was",
        "activity_detail": reverse("portal:activity_detail", args=[first.pk]),
        "search": f"{reverse('portal:search')}?q=phuoc+hoi",
        "calendar": reverse("portal:calendar"),
        "calendar_ics": reverse("portal:calendar_ics"),
        "feed_rss": reverse("portal:feed_rss"),
        "feed_atom": reverse("portal:feed_atom"),
    }


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_query_counts_are_the_same_at_5_and_500_published_activities(
    client, world, django_assert_num_queries, page
):
    unit, organizations = world
    add_published(world, 5)
    url = urls(unit, organizations[0])[page]
    with django_assert_num_queries(EXPECTED[page]):
        small = client.get(url)

    add_published(world, 495)
    empty_caches()
    url = urls(unit, organizations[0])[page]
    with django_assert_num_queries(EXPECTED[page]):
        large = client.get(url)

    assert small.status_code == large.status_code == 200


def test_the_activity_page_costs_the_same_with_many_organizers_photos_and_commitments(
    client, world, django_assert_num_queries
):
    unit, _organizations = world
    dialogue = Activity.objects.create(
        kind=ActivityKind.DIALOGUE,
        date=timezone.localdate(),
        start_time=datetime.time(8, 0),
        unit=unit,
        summary="Đối thoại công khai.",
        visibility=Visibility.PUBLISHED,
        published_at=timezone.now(),
    )
    DialogueDetails.objects.create(activity=dialogue, leaders_present="Chủ tịch", topics="Đất đai")
    url = reverse("portal:activity_detail", args=[dialogue.pk])

    def add(count: int) -> None:
        dialogue.organizations.add(*OrganizationFactory.create_batch(count, unit=unit))
        Commitment.objects.bulk_create(
            [Commitment(activity=dialogue, unit=unit, text=f"Cam kết {n}") for n in range(count)]
        )
        ActivityPhoto.objects.bulk_create(
            [
                ActivityPhoto(
                    activity=dialogue, image=f"activities/x{n}.jpg", people_consent=True, width=8, height=6
                )
                for n in range(count)
            ]
        )

    add(2)
    with django_assert_num_queries(EXPECTED["activity_detail"]):
        small = client.get(url)
    add(40)
    empty_caches()
    with django_assert_num_queries(EXPECTED["activity_detail"]):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(large.content) > len(small.content)


def test_a_cached_page_costs_no_query(client, world, django_assert_num_queries):
    add_published(world, 5)
    client.get(reverse("portal:activity_list"))
    with django_assert_num_queries(0):
        assert client.get(reverse("portal:activity_list")).status_code == 200
