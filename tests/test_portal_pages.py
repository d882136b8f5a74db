"""The public pages of the portal: home, activity list and page, calendar, and the published
activities on unit and organization pages. Only published activities and their public fields."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from activities.models import (
    Activity,
    ActivityKind,
    DialogueCommitment,
    DialogueDetails,
    SupportType,
    Visibility,
    VisitDetails,
    VoterContactDetails,
)
from concerns.models import Concern
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Organization
from tests.factories import (
    ActivityFactory,
    MediationDetailsFactory,
    OrganizationFactory,
    SupportDetailsFactory,
    UnitFactory,
    VisitDetailsFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def published(**kwargs) -> Activity:
    return ActivityFactory(visibility=Visibility.PUBLISHED, published_at=timezone.now(), **kwargs)


def one_h1_and_title(html: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>\s*\S", html)


def detail_url(activity: Activity) -> str:
    return reverse("portal:activity_detail", args=[activity.pk])


def linked_activity_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', html)}


@pytest.fixture
def ward():
    return UnitFactory(name="Phường Thử", valid_from=datetime.date(2025, 7, 1))


# --- home -----------------------------------------------------------------------------------


def test_home_shows_the_latest_published_activities_only(client, ward):
    today = timezone.localdate()
    shown = published(unit=ward, date=today, summary="Hội nghị biểu dương gia đình văn hóa tiêu biểu.")
    hidden = ActivityFactory(unit=ward, date=today, summary="Họp nội bộ chuẩn bị nhân sự.")

    response = client.get(reverse("public:home"), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    one_h1_and_title(html)
    assert "Hội nghị biểu dương gia đình văn hóa tiêu biểu." in html
    assert detail_url(shown) in html
    assert detail_url(hidden) not in html and "Họp nội bộ" not in html
    published_ids = set(Activity.objects.published().values_list("pk", flat=True))
    assert linked_activity_ids(html) <= published_ids


def test_home_lists_upcoming_dialogues_and_voter_contacts(client, ward):
    today = timezone.localdate()
    dialogue = published(
        unit=ward, kind=ActivityKind.DIALOGUE, date=today + datetime.timedelta(days=5), start_time="08:00"
    )
    DialogueDetails.objects.create(activity=dialogue, leaders_present="Chủ tịch UBND", topics="Ngập úng")
    voters = published(
        unit=ward, kind=ActivityKind.VOTER_CONTACT, date=today, start_time="14:30", place="Nhà văn hóa Thử"
    )
    VoterContactDetails.objects.create(
        activity=voters, level="commune_council", timing="before", session="kỳ họp thứ 3"
    )
    past = published(unit=ward, kind=ActivityKind.DIALOGUE, date=today - datetime.timedelta(days=1))
    internal = ActivityFactory(unit=ward, kind=ActivityKind.DIALOGUE, date=today + datetime.timedelta(days=2))
    meeting = published(unit=ward, kind=ActivityKind.MEETING, date=today + datetime.timedelta(days=3))

    html = client.get(reverse("public:home"), **ENGLISH).content.decode()
    events = html.split('id="upcoming-events"', 1)[1].split("</ul>", 1)[0]

    assert detail_url(dialogue) in events and detail_url(voters) in events
    assert events.index(detail_url(voters)) < events.index(detail_url(dialogue))  # the soonest first
    assert "Nhà văn hóa Thử" in events and "14:30" in events
    for absent in (past, internal, meeting):
        assert detail_url(absent) not in events
    assert reverse("portal:calendar") in html


def test_home_figures_are_computed_from_this_year_s_records(client, ward):
    year = timezone.localdate().year
    VisitDetailsFactory(activity__unit=ward, activity__date=datetime.date(year, 1, 3), households_visited=17)
    SupportDetailsFactory(
        activity__unit=ward,
        activity__date=datetime.date(year, 2, 1),
        support_type=SupportType.GREAT_UNITY_HOUSE,
        recipients=2,
    )
    SupportDetailsFactory(activity__unit=ward, activity__date=datetime.date(year, 2, 1), recipients=40)
    VisitDetailsFactory(
        activity__unit=ward, activity__date=datetime.date(year - 1, 12, 31), households_visited=99
    )

    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    households = VisitDetails.objects.filter(activity__date__range=(start, end)).aggregate(
        n=Sum("households_visited")
    )["n"]
    houses = Activity.objects.filter(
        date__range=(start, end), support_details__support_type=SupportType.GREAT_UNITY_HOUSE
    ).aggregate(n=Sum("support_details__recipients"))["n"]
    answered = Concern.objects.filter(answered_on__range=(start, end)).count()

    response = client.get(reverse("public:home"))
    figures = response.context["figures"]

    assert (figures.households_visited, figures.houses_built, figures.concerns_answered) == (
        households,
        houses,
        answered,
    )
    assert households >= 17 and houses >= 2
    html = response.content.decode()
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


# --- activity list ----------------------------------------------------------------------------


def test_the_list_shows_published_activities_only(client):
    response = client.get(reverse("portal:activity_list"))

    assert response.status_code == 200
    one_h1_and_title(response.content.decode())
    assert response.context["page"].paginator.count == Activity.objects.published().count()
    ids = linked_activity_ids(response.content.decode())
    assert len(ids) == 20
    assert ids <= set(Activity.objects.published().values_list("pk", flat=True))


def test_the_list_is_paginated_newest_first(client):
    first = client.get(reverse("portal:activity_list")).context["page"]
    second = client.get(reverse("portal:activity_list"), {"page": 2}).context["page"]
    dates = [a.date for a in first] + [a.date for a in second]
    assert dates == sorted(dates, reverse=True)
    assert {a.pk for a in first}.isdisjoint(a.pk for a in second)


def test_the_list_filters_by_kind(client):
    response = client.get(reverse("portal:activity_list"), {"kind": "dialogue"})
    page = response.context["page"]
    assert page.paginator.count == Activity.objects.published().filter(kind="dialogue").count() > 0
    assert {a.kind for a in page} == {"dialogue"}


def test_the_list_filters_by_a_new_unit_with_the_units_merged_into_it(client):
    new = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    merged = list(new.predecessors.values_list("pk", flat=True))
    expected = Activity.objects.published().filter(unit_id__in=[new.pk, *merged]).count()

    page = client.get(reverse("portal:activity_list"), {"unit": new.pk}).context["page"]

    assert page.paginator.count == expected
    assert Activity.objects.published().filter(unit_id__in=merged).exists()


def test_the_list_filters_by_an_old_unit_alone(client):
    old = AdministrativeUnit.objects.get(code="LG-PH")
    page = client.get(reverse("portal:activity_list"), {"unit": old.pk}).context["page"]
    assert page.paginator.count == Activity.objects.published().filter(unit=old).count() > 0
    assert {a.unit_id for a in page} == {old.pk}


def test_the_list_filters_by_organization(client):
    organization = Organization.objects.get(
        name="Ủy ban MTTQ Việt Nam phường Phước Hội", unit__code="LD-PPHUOCHOI"
    )
    page = client.get(reverse("portal:activity_list"), {"organization": organization.pk}).context["page"]
    expected = Activity.objects.published().filter(organizations=organization).count()
    assert page.paginator.count == expected > 0


@pytest.mark.parametrize(
    ("params", "start", "end"),
    [
        ({"year": "2024"}, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (
            {"date_from": "2023-03-01", "date_to": "2023-05-31"},
            datetime.date(2023, 3, 1),
            datetime.date(2023, 5, 31),
        ),
    ],
)
def test_the_list_filters_by_period(client, params, start, end):
    page = client.get(reverse("portal:activity_list"), params).context["page"]
    assert page.paginator.count == Activity.objects.published().filter(date__range=(start, end)).count() > 0
    assert all(start <= a.date <= end for a in page)


def test_a_bad_filter_value_shows_the_form_error_not_a_crash(client):
    response = client.get(reverse("portal:activity_list"), {"unit": "999999", "date_from": "not a date"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_the_list_filter_offers_ward_level_units_and_organizations_only(client):
    form = client.get(reverse("portal:activity_list")).context["filter"].form
    unit_kinds = {unit.kind for unit in form.fields["unit"].queryset}
    assert unit_kinds <= {"town", "district", *COMMUNE_LEVEL_KINDS}
    assert not form.fields["organization"].queryset.filter(unit__kind="quarter").exists()


# --- activity page ----------------------------------------------------------------------------


def test_an_internal_activity_is_404(client):
    internal = Activity.objects.filter(visibility=Visibility.INTERNAL).first()
    assert client.get(detail_url(internal)).status_code == 404
    assert client.get(reverse("portal:activity_detail", args=[999999])).status_code == 404


def test_a_scheduled_publication_is_not_public_yet(client):
    later = ActivityFactory(
        visibility=Visibility.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(detail_url(later)).status_code == 404


def test_the_activity_page_shows_public_fields(client, ward):
    organizer = OrganizationFactory(unit=ward, name="Hội Phụ nữ phường Thử")
    visit = VisitDetailsFactory(
        activity__unit=ward,
        activity__organizations=[organizer],
        activity__visibility=Visibility.PUBLISHED,
        activity__published_at=timezone.now(),
        activity__start_time=datetime.time(8, 30),
        activity__place="Khu phố Thử 1",
        activity__participants_count=12,
        activity__internal_notes="GHI-CHU-NOI-BO-123",
        households_visited=9,
    )
    activity = visit.activity

    response = client.get(detail_url(activity), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    one_h1_and_title(html)
    for expected in (
        activity.summary,
        "02/03/2026, 08:30",
        "Khu phố Thử 1",
        "Phường Thử",
        "Hội Phụ nữ phường Thử",
        reverse("public:organization_detail", args=[organizer.pk]),
        "Households visited",
        visit.residential_area.name,
    ):
        assert expected in html, expected
    assert "GHI-CHU-NOI-BO-123" not in html


def test_the_activity_page_never_shows_mediation_parties_or_beneficiaries(client):
    mediation = MediationDetailsFactory(
        activity__visibility=Visibility.PUBLISHED, activity__published_at=timezone.now()
    )
    support = SupportDetailsFactory(
        activity__visibility=Visibility.PUBLISHED, activity__published_at=timezone.now()
    )

    mediation_html = client.get(detail_url(mediation.activity), **ENGLISH).content.decode()
    support_html = client.get(detail_url(support.activity), **ENGLISH).content.decode()

    assert mediation.parties not in mediation_html and "Test confidential" not in mediation_html
    assert "Outcome" in mediation_html and "Successful" in mediation_html
    assert support.beneficiaries not in support_html and "Test confidential" not in support_html
    assert "Recipients" in support_html


def test_the_activity_page_of_a_dialogue_lists_its_commitments(client, ward):
    dialogue = published(unit=ward, kind=ActivityKind.DIALOGUE, start_time="08:00")
    DialogueDetails.objects.create(
        activity=dialogue, leaders_present="Chủ tịch UBND phường", topics="Ngập úng"
    )
    DialogueCommitment.objects.create(activity=dialogue, text="Nạo vét cống trước mùa mưa", fulfilled=True)
    html = client.get(detail_url(dialogue), **ENGLISH).content.decode()
    assert "Nạo vét cống trước mùa mưa" in html and "Fulfilled" in html
    assert "Chủ tịch UBND phường" in html


def test_the_activity_page_has_sharing_metadata(client, ward):
    activity = published(unit=ward, summary="Bàn giao nhà Đại đoàn kết cho hộ nghèo khu phố 3.")

    html = client.get(detail_url(activity)).content.decode()

    url = f"http://testserver{detail_url(activity)}"
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="' in html
    assert (
        '<meta property="og:description" content="Bàn giao nhà Đại đoàn kết cho hộ nghèo khu phố 3.">' in html
    )
    assert '<meta name="twitter:card" content="summary">' in html  # no consented photo: no large image
    assert 'property="og:image"' not in html


def test_the_activity_list_and_page_show_a_demo_badge_for_demo_records(client):
    demo = Activity.objects.published().filter(is_demo=True).first()
    html = client.get(detail_url(demo), **ENGLISH).content.decode()
    assert "Demo data" in html


# --- calendar -------------------------------------------------------------------------------


def test_the_calendar_shows_upcoming_public_events_only(client, ward):
    today = timezone.localdate()
    soon = published(
        unit=ward, kind=ActivityKind.MEETING, date=today + datetime.timedelta(days=1), start_time="19:00"
    )
    today_event = published(unit=ward, kind=ActivityKind.OTHER, date=today)
    past = published(
        unit=ward, kind=ActivityKind.MEETING, date=today - datetime.timedelta(days=1), start_time="19:00"
    )
    visit = published(unit=ward, kind=ActivityKind.VISIT, date=today + datetime.timedelta(days=1))
    internal = ActivityFactory(unit=ward, kind=ActivityKind.MEETING, date=today + datetime.timedelta(days=2))

    response = client.get(reverse("portal:calendar"), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    one_h1_and_title(html)
    assert detail_url(soon) in html and detail_url(today_event) in html
    assert html.index(detail_url(today_event)) < html.index(detail_url(soon))
    for absent in (past, visit, internal):
        assert detail_url(absent) not in html
    assert reverse("portal:calendar_ics") in html
    assert "Today" in html


def test_the_calendar_says_so_when_nothing_is_announced(client):
    Activity.objects.filter(date__gte=timezone.localdate()).delete()
    html = client.get(reverse("portal:calendar"), **ENGLISH).content.decode()
    assert "No upcoming public event has been announced yet." in html


# --- unit and organization pages ------------------------------------------------------------


def test_the_unit_page_lists_its_published_activities(client):
    unit = AdministrativeUnit.objects.get(code="LG-PH")
    expected = Activity.objects.published().filter(unit=unit).order_by("-date", "-start_time", "-pk")[:5]
    internal = Activity.objects.filter(unit=unit, visibility=Visibility.INTERNAL).first()

    html = client.get(reverse("public:unit_detail", args=[unit.pk]), **ENGLISH).content.decode()

    assert "Published activities" in html
    for activity in expected:
        assert detail_url(activity) in html
    assert internal is None or detail_url(internal) not in html
    assert f"{reverse('portal:activity_list')}?unit={unit.pk}" in html


def test_the_organization_page_lists_its_published_activities(client):
    organization = Organization.objects.get(
        name="Ủy ban MTTQ Việt Nam phường Phước Hội", unit__code="LD-PPHUOCHOI"
    )
    expected = list(
        Activity.objects.published()
        .filter(organizations=organization)
        .order_by("-date", "-start_time", "-pk")[:5]
    )
    assert expected

    html = client.get(reverse("public:organization_detail", args=[organization.pk])).content.decode()

    for activity in expected:
        assert detail_url(activity) in html
    assert linked_activity_ids(html) <= set(Activity.objects.published().values_list("pk", flat=True))
    assert f"{reverse('portal:activity_list')}?organization={organization.pk}" in html


def test_a_branch_page_lists_its_activities_without_a_list_link(client, ward):
    area = UnitFactory(name="Khu phố Thử", kind="quarter", parent=ward)
    branch = OrganizationFactory(unit=area, name="Chi hội Thử")
    activity = published(unit=ward, organizations=[branch])
    html = client.get(reverse("public:organization_detail", args=[branch.pk])).content.decode()
    assert detail_url(activity) in html
    assert "?organization=" not in html


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
