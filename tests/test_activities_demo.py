"""The demo activities: realistic spread over the 2025 merger, valid, idempotent, and private."""

from __future__ import annotations

import datetime
import random

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityKind, MediationDetails, SupportDetails, Visibility
from demo import activities as demo

pytestmark = pytest.mark.django_db

MERGER = datetime.date(2025, 7, 1)


@pytest.fixture
def seeded() -> None:
    demo.seed(random.Random(2025))
    assert Activity.objects.filter(is_demo=True).count() >= 200


def test_the_seed_covers_every_kind_both_structures_and_both_visibilities(seeded):
    activities = Activity.objects.filter(is_demo=True)
    assert set(activities.values_list("kind", flat=True)) == set(ActivityKind.values)
    assert set(activities.values_list("visibility", flat=True)) == set(Visibility.values)
    before, after = activities.filter(date__lt=MERGER), activities.filter(date__gte=MERGER)
    assert before.exists() and after.exists()
    assert not before.filter(unit__valid_to__lt=MERGER - datetime.timedelta(days=1)).exists()
    assert not before.filter(unit__valid_from__gte=MERGER).exists()
    assert not after.filter(unit__valid_to__lt=MERGER).exists()
    assert activities.earliest("date").date.year == 2020


def test_the_seed_is_idempotent(seeded):
    count = Activity.objects.count()
    assert demo.seed(random.Random(7)) == 0
    assert Activity.objects.count() == count


def test_every_seeded_activity_is_valid(seeded):
    for activity in (
        Activity.objects.filter(is_demo=True).select_related("unit").prefetch_related("organizations")
    ):
        activity.full_clean()
        assert activity.organizations.all(), activity
        details = activity.details
        if activity.kind != ActivityKind.OTHER:
            assert details is not None, activity
            details.full_clean(exclude=["activity"], validate_unique=False)
            details.clean_for(activity)


def test_confidential_demo_values_are_distinct_markers(seeded):
    parties = list(MediationDetails.objects.values_list("parties", flat=True))
    beneficiaries = list(SupportDetails.objects.values_list("beneficiaries", flat=True))
    assert parties and all(demo.PARTIES_MARKER in value for value in parties)
    assert beneficiaries and all(demo.BENEFICIARIES_MARKER in value for value in beneficiaries)
    assert set(parties + beneficiaries) <= set(
        demo.confidential_demo_values(len(parties) + len(beneficiaries) + 200)
    )
    public_text = Activity.objects.values_list("summary", "place")
    for summary, place in public_text:
        for marker in demo.CONFIDENTIAL_MARKERS:
            assert marker not in summary and marker not in place


@pytest.mark.parametrize("username", [None, "cadre_area", "cadre_ward", "cadre_viewer"])
def test_confidential_values_never_reach_lists_or_public_pages(seeded, login_as, username):
    client = login_as(username)
    pages = [reverse("public:home"), reverse("public:directory")]
    if username:
        pages += [reverse("activities:list"), reverse("activities:list") + "?page=2"]
    for url in pages:
        content = client.get(url).content.decode()
        for marker in demo.CONFIDENTIAL_MARKERS:
            assert marker not in content, (url, marker)
