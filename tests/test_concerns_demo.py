"""The demo concerns: realistic spread over old and new units, timelines, a hot spot,
idempotent seeding, and invented confidential values that stay off the lists and public pages."""

import random

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from concerns.hotspots import detect_hotspots
from concerns.models import (
    OPINION_SOURCES,
    Concern,
    ConcernCategory,
    ConcernEvent,
    ConcernSource,
    ConcernStatus,
    PetitionType,
)
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
        "resident_name",
        "resident_phone",
        "detail",
        "summary",
        "answer",
        "authority__name",
        "close_reason",
        "topic",
        "answered_by",
        "reply_document_number",
    ):
        assert {value for value in (name, phone, detail) if value} <= listed
        for text in public:
            assert not any(marker in (text or "") for marker in demo.CONFIDENTIAL_MARKERS), text
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


def test_the_demo_voter_contacts_and_dialogues_have_opinions_followed_to_an_answer(demo_concerns):
    opinions = demo_concerns.filter(source__in=OPINION_SOURCES, activity__isnull=False)
    assert set(opinions.values_list("source", flat=True)) == set(OPINION_SOURCES)
    assert opinions.exclude(topic="").count() > opinions.filter(topic="").count() / 2
    on_the_spot = opinions.filter(answered_on_spot=True)
    assert on_the_spot.exists()
    assert not on_the_spot.filter(forwarded_on__isnull=False).exists()
    assert not on_the_spot.filter(answered_by="").exists()
    forwarded_and_answered = opinions.filter(
        forwarded_on__isnull=False,
        status__in=(ConcernStatus.ANSWERED, ConcernStatus.INFORMED, ConcernStatus.CLOSED),
    )
    assert forwarded_and_answered.exists()
    assert opinions.overdue().exists()  # late: forwarded and not answered by the authority's due date
    assert opinions.filter(publishable=True).exists() and opinions.filter(publishable=False).exists()
    assert not opinions.filter(authority__isnull=False, authority__is_demo=False).exists()
    # Never more opinions recorded than the minutes of the voter contact count.
    for activity in Activity.objects.filter(concerns__in=opinions, kind="voter_contact").distinct()[:50]:
        recorded = opinions.filter(activity=activity).count()
        assert recorded <= activity.voter_contact_details.opinions_count


def test_the_demo_petitions_are_of_every_kind_with_one_protected_denouncer(demo_concerns):
    petitions = demo_concerns.filter(source=ConcernSource.PETITION)
    assert set(petitions.values_list("petition_type", flat=True)) == set(PetitionType.values)
    assert not petitions.filter(petition_channel="").exists()
    assert not demo_concerns.exclude(source=ConcernSource.PETITION).exclude(petition_type="").exists()
    denunciations = petitions.filter(petition_type=PetitionType.DENUNCIATION)
    assert denunciations.count() == 1
    denouncer = denunciations.get()
    assert denouncer.resident_name in demo.confidential_demo_values()
    assert denouncer.resident_phone in demo.confidential_demo_values()
