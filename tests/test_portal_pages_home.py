"""The portal's home page (the latest published activities, upcoming dialogues and voter
contacts, this year's figures, today's units), the calendar of public events, robots.txt and the
icon. Only published activities and their public fields."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import (
    Activity,
    ActivityKind,
    DialogueDetails,
    SupportType,
    VisitDetails,
    VoterContactDetails,
)
from concerns.models import Concern
from core.formatting import number
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization
from social.models import GreatUnityHouse, HouseStatus
from tests.factories import (
    ActivityFactory,
    OrganizationFactory,
    SupportDetailsFactory,
    UnitFactory,
    VisitDetailsFactory,
)
from tests.helpers import (
    ENGLISH,
    activity_url,
    assert_one_h1_and_title,
    linked_activity_ids,
    published_activity,
)

pytestmark = pytest.mark.django_db


# --- home -----------------------------------------------------------------------------------


def test_home_shows_the_latest_published_activities_only(client, made_up_new_ward):
    today = timezone.localdate()
    shown = published_activity(
        unit=made_up_new_ward, date=today, summary="Hội nghị biểu dương gia đình văn hóa tiêu biểu."
    )
    hidden = ActivityFactory(unit=made_up_new_ward, date=today, summary="Họp nội bộ chuẩn bị nhân sự.")

    response = client.get(reverse("public:home"), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    assert "Hội nghị biểu dương gia đình văn hóa tiêu biểu." in html
    assert activity_url(shown) in html
    assert activity_url(hidden) not in html and "Họp nội bộ" not in html
    published_ids = set(Activity.objects.published().values_list("pk", flat=True))
    assert linked_activity_ids(html) <= published_ids


def test_home_lists_upcoming_dialogues_and_voter_contacts(client, made_up_new_ward):
    today = timezone.localdate()
    dialogue = published_activity(
        unit=made_up_new_ward,
        kind=ActivityKind.DIALOGUE,
        date=today + datetime.timedelta(days=5),
        start_time="08:00",
    )
    DialogueDetails.objects.create(activity=dialogue, leaders_present="Chủ tịch UBND", topics="Ngập úng")
    voters = published_activity(
        unit=made_up_new_ward,
        kind=ActivityKind.VOTER_CONTACT,
        date=today,
        start_time="14:30",
        place="Nhà văn hóa Thử",
    )
    VoterContactDetails.objects.create(
        activity=voters, level="commune_council", timing="before", session="kỳ họp thứ 3"
    )
    past = published_activity(
        unit=made_up_new_ward, kind=ActivityKind.DIALOGUE, date=today - datetime.timedelta(days=1)
    )
    internal = ActivityFactory(
        unit=made_up_new_ward, kind=ActivityKind.DIALOGUE, date=today + datetime.timedelta(days=2)
    )
    meeting = published_activity(
        unit=made_up_new_ward, kind=ActivityKind.MEETING, date=today + datetime.timedelta(days=3)
    )

    html = client.get(reverse("public:home"), **ENGLISH).content.decode()
    events = html.split('id="upcoming-events"', 1)[1].split("</ul>", 1)[0]

    assert activity_url(dialogue) in events and activity_url(voters) in events
    assert events.index(activity_url(voters)) < events.index(activity_url(dialogue))  # the soonest first
    assert "Nhà văn hóa Thử" in events and "14:30" in events
    for absent in (past, internal, meeting):
        assert activity_url(absent) not in events
    assert reverse("portal:calendar") in html


def test_home_figures_are_computed_from_this_year_s_records(client, made_up_new_ward):
    year = timezone.localdate().year
    VisitDetailsFactory(
        activity__unit=made_up_new_ward, activity__date=datetime.date(year, 1, 3), households_visited=17
    )
    SupportDetailsFactory(
        activity__unit=made_up_new_ward,
        activity__date=datetime.date(year, 2, 1),
        support_type=SupportType.GREAT_UNITY_HOUSE,
        recipients=2,
    )
    SupportDetailsFactory(
        activity__unit=made_up_new_ward, activity__date=datetime.date(year, 2, 1), recipients=40
    )
    VisitDetailsFactory(
        activity__unit=made_up_new_ward, activity__date=datetime.date(year - 1, 12, 31), households_visited=99
    )

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    households = VisitDetails.objects.filter(activity__date__range=(start, end)).aggregate(
        n=Sum("households_visited")
    )["n"]
    # Houses come from the register (one per house handed over), not from the support activities.
    GreatUnityHouse.objects.create(
        unit=made_up_new_ward,
        organization=OrganizationFactory(kind="front_committee", unit=made_up_new_ward),
        status=HouseStatus.HANDED_OVER,
        handed_over_on=datetime.date(year, 2, 1),
    )
    houses = GreatUnityHouse.objects.handed_over_between(start, end).count()
    answered = Concern.objects.filter(answered_on__range=(start, end)).count()

    response = client.get(reverse("public:home"))
    figures = response.context["figures"]

    assert (figures.households_visited, figures.houses_built, figures.concerns_answered) == (
        households,
        houses,
        answered,
    )
    assert households >= 17 and houses >= 1
    html = response.content.decode()
    with translation.override("vi"):  # grouped as Vietnamese writes them: 1.234
        households, houses, answered = number(households), number(houses), number(answered)
    assert f'id="figure-households">{households}<' in html
    assert f'id="figure-houses">{houses}<' in html
    assert f'id="figure-concerns">{answered}<' in html


def test_home_links_every_current_commune_level_unit_and_its_organizations(client):
    today = timezone.localdate()
    html = client.get(reverse("public:home")).content.decode()
    units = AdministrativeUnit.objects.current(today).filter(kind__in=COMMUNE_LEVEL_KINDS)
    assert units.count() == 3
    for unit in units:
        assert f'href="{reverse("public:unit_detail", args=[unit.pk])}"' in html
        for organization in Organization.objects.current(today).filter(unit=unit):
            assert f'href="{reverse("public:organization_detail", args=[organization.pk])}"' in html
    assert reverse("public:directory") in html


def test_home_shows_a_demo_badge_for_a_demo_unit(client):
    UnitFactory(name="Phường Minh Họa", is_demo=True, valid_from=datetime.date(2025, 7, 1))
    html = client.get(reverse("public:home"), **ENGLISH).content.decode()
    card = html.split("Phường Minh Họa", 1)[1].split("</div>", 1)[0]
    assert "Demo data" in card


def test_home_has_a_search_box_that_needs_no_javascript(client):
    html = client.get(reverse("public:home")).content.decode()
    form = re.search(r'<form method="get" action="/search/" role="search".*?</form>', html, re.S)
    assert form and 'name="q"' in form.group(0)


# --- calendar -------------------------------------------------------------------------------


def test_the_calendar_shows_upcoming_public_events_only(client, made_up_new_ward):
    today = timezone.localdate()
    soon = published_activity(
        unit=made_up_new_ward,
        kind=ActivityKind.MEETING,
        date=today + datetime.timedelta(days=1),
        start_time="19:00",
    )
    today_event = published_activity(unit=made_up_new_ward, kind=ActivityKind.OTHER, date=today)
    past = published_activity(
        unit=made_up_new_ward,
        kind=ActivityKind.MEETING,
        date=today - datetime.timedelta(days=1),
        start_time="19:00",
    )
    visit = published_activity(
        unit=made_up_new_ward, kind=ActivityKind.VISIT, date=today + datetime.timedelta(days=1)
    )
    internal = ActivityFactory(
        unit=made_up_new_ward, kind=ActivityKind.MEETING, date=today + datetime.timedelta(days=2)
    )

    response = client.get(reverse("portal:calendar"), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    assert activity_url(soon) in html and activity_url(today_event) in html
    assert html.index(activity_url(today_event)) < html.index(activity_url(soon))
    for absent in (past, visit, internal):
        assert activity_url(absent) not in html
    assert reverse("portal:calendar_ics") in html
    assert "Today" in html


def test_the_calendar_says_so_when_nothing_is_announced(client):
    Activity.objects.filter(date__gte=timezone.localdate()).delete()
    html = client.get(reverse("portal:calendar"), **ENGLISH).content.decode()
    assert "No upcoming public event has been announced yet." in html


# --- robots.txt and the icon ------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_to_the_public_pages(client):
    response = client.get(reverse("portal:robots"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "max-age=86400" in response["Cache-Control"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow: ")]
    assert len(disallowed) >= 6
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"

    def blocked(url: str) -> bool:
        return any(url.startswith(prefix) for prefix in disallowed)

    private = [
        reverse("cadre:dashboard"),
        reverse("activities:list"),
        reverse("concerns:inbox"),
        reverse("admin:index"),
        reverse("login"),
        reverse("password_change"),
        reverse("concerns_public:status"),
        reverse("portal:set_language", args=["en"]),
        reverse("set_language"),
    ]
    public = [
        reverse("public:home"),
        reverse("portal:activity_list"),
        reverse("portal:activity_detail", args=[Activity.objects.published().first().pk]),
        reverse("portal:calendar"),
        reverse("portal:search"),
        reverse("concerns_public:raise"),
    ]
    assert [url for url in private if not blocked(url)] == []
    assert [url for url in public if blocked(url)] == []


def test_every_page_names_the_portal_icon(client):
    html = client.get(reverse("public:home")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon, "the icon link is missing"
    from django.contrib.staticfiles import finders

    assert finders.find("img/favicon.svg"), icon.group(1)
