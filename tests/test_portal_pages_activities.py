"""The public activity list (published only, paginated, filtered by kind, unit, organization
and period), an activity's page with its public fields only, and the published activities on
unit and organization pages."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityKind, Commitment, DialogueDetails, Visibility
from organizations.models import COMMUNE_LEVEL_KINDS, AdministrativeUnit, Authority, Organization, UnitLineage
from tests.factories import (
    ActivityFactory,
    MediationDetailsFactory,
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


# --- activity list ----------------------------------------------------------------------------


def test_the_list_shows_published_activities_only(client):
    response = client.get(reverse("portal:activity_list"))

    assert response.status_code == 200
    assert_one_h1_and_title(response.content.decode())
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
    merged = list(UnitLineage.objects.filter(after=new).values_list("before_id", flat=True))
    expected = Activity.objects.published().filter(unit_id__in=[new.pk, *merged]).count()

    page = client.get(reverse("portal:activity_list"), {"unit": new.pk}).context["page"]

    assert page.paginator.count == expected
    assert Activity.objects.published().filter(unit_id__in=merged).exists()


def test_the_list_filters_by_an_old_unit_alone_as_it_was(client):
    old = AdministrativeUnit.objects.get(code="LG-PH")
    page = client.get(reverse("portal:activity_list"), {"unit": old.pk, "view": "was"}).context["page"]
    assert page.paginator.count == Activity.objects.published().filter(unit=old).count() > 0
    assert {a.unit_id for a in page} == {old.pk}
    # As it is now, an old ward stands for the ward it became.
    now = client.get(reverse("portal:activity_list"), {"unit": old.pk}).context["page"]
    new = old.current_unit
    today = Q(unit__current_unit=new) | Q(unit__current_unit__parent=new)
    assert now.paginator.count == Activity.objects.published().filter(today).count() > page.paginator.count


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
    assert client.get(activity_url(internal)).status_code == 404
    assert client.get(reverse("portal:activity_detail", args=[999999])).status_code == 404


def test_a_scheduled_publication_is_not_public_yet(client):
    later = ActivityFactory(
        visibility=Visibility.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(activity_url(later)).status_code == 404


def test_the_activity_page_shows_public_fields(client, made_up_new_ward):
    organizer = OrganizationFactory(unit=made_up_new_ward, name="Hội Phụ nữ phường Thử")
    visit = VisitDetailsFactory(
        activity__unit=made_up_new_ward,
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

    response = client.get(activity_url(activity), **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
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

    mediation_html = client.get(activity_url(mediation.activity), **ENGLISH).content.decode()
    support_html = client.get(activity_url(support.activity), **ENGLISH).content.decode()

    assert mediation.parties not in mediation_html and "Test confidential" not in mediation_html
    assert "Outcome" in mediation_html and "Successful" in mediation_html
    assert support.beneficiaries not in support_html and "Test confidential" not in support_html
    assert "Recipients" in support_html


def test_the_activity_page_of_a_dialogue_lists_its_commitments(client, made_up_new_ward):
    dialogue = published_activity(unit=made_up_new_ward, kind=ActivityKind.DIALOGUE, start_time="08:00")
    DialogueDetails.objects.create(
        activity=dialogue, leaders_present="Chủ tịch UBND phường", topics="Ngập úng"
    )
    owner = Authority.objects.create(
        name="UBND phường Thử Nghiệm", kind="peoples_committee", unit=made_up_new_ward
    )
    Commitment.objects.create(
        activity=dialogue,
        unit=made_up_new_ward,
        owner=owner,
        text="Nạo vét cống trước mùa mưa",
        deadline=dialogue.date,
        status="kept",
        status_on=dialogue.date,
        evidence="Biên bản nghiệm thu số 7/BB",
    )
    html = client.get(activity_url(dialogue), **ENGLISH).content.decode()
    assert "Nạo vét cống trước mùa mưa" in html and "Kept" in html and "Biên bản nghiệm thu số 7/BB" in html
    assert "Committed by UBND phường Thử Nghiệm" in html
    assert "Chủ tịch UBND phường" in html


def test_an_event_still_to_come_is_labelled_upcoming_and_shows_no_attendance_or_results(
    client, made_up_new_ward
):
    coming = published_activity(
        unit=made_up_new_ward,
        kind=ActivityKind.DIALOGUE,
        date=timezone.localdate() + datetime.timedelta(days=5),
        participants_count=80,
        summary="Đối thoại sắp tới về ngập úng",
    )
    DialogueDetails.objects.create(activity=coming, leaders_present="Chủ tịch UBND phường", topics="Ngập úng")
    Commitment.objects.create(activity=coming, unit=made_up_new_ward, text="CAM-KET-CHUA-CO")
    page = client.get(activity_url(coming), **ENGLISH).content.decode()
    assert "This event is still to come" in page
    assert "Participants" not in page and "CAM-KET-CHUA-CO" not in page
    listing = client.get(reverse("portal:activity_list"), {"unit": made_up_new_ward.pk}, **ENGLISH)
    item = listing.content.decode().split("Đối thoại sắp tới về ngập úng")[0].rsplit("<article", 1)[1]
    assert "Upcoming" in item


def test_the_activity_page_has_sharing_metadata(client, made_up_new_ward):
    activity = published_activity(
        unit=made_up_new_ward, summary="Bàn giao nhà Đại đoàn kết cho hộ nghèo khu phố 3."
    )

    html = client.get(activity_url(activity)).content.decode()

    url = f"http://testserver{activity_url(activity)}"
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="' in html
    assert (
        '<meta property="og:description" content="Bàn giao nhà Đại đoàn kết cho hộ nghèo khu phố 3.">' in html
    )
    assert '<meta name="twitter:card" content="summary">' in html  # no consented photo: no large image
    assert 'property="og:image"' not in html


def test_the_activity_list_and_page_show_a_demo_badge_for_demo_records(client):
    demo = Activity.objects.published().filter(is_demo=True).first()
    html = client.get(activity_url(demo), **ENGLISH).content.decode()
    assert "Demo data" in html


# --- unit and organization pages ------------------------------------------------------------


def test_the_unit_page_lists_its_published_activities(client):
    unit = AdministrativeUnit.objects.get(code="LG-PH")
    expected = Activity.objects.published().filter(unit=unit).order_by("-date", "-start_time", "-pk")[:5]
    internal = Activity.objects.filter(unit=unit, visibility=Visibility.INTERNAL).first()

    html = client.get(reverse("public:unit_detail", args=[unit.pk]), **ENGLISH).content.decode()

    assert "Published activities" in html
    for activity in expected:
        assert activity_url(activity) in html
    assert internal is None or activity_url(internal) not in html
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
        assert activity_url(activity) in html
    assert linked_activity_ids(html) <= set(Activity.objects.published().values_list("pk", flat=True))
    assert f"{reverse('portal:activity_list')}?organization={organization.pk}" in html


def test_a_branch_page_lists_its_activities_without_a_list_link(client, made_up_new_ward):
    area = UnitFactory(name="Khu phố Thử", kind="quarter", parent=made_up_new_ward)
    branch = OrganizationFactory(unit=area, name="Chi hội Thử")
    activity = published_activity(unit=made_up_new_ward, organizations=[branch])
    html = client.get(reverse("public:organization_detail", args=[branch.pk])).content.decode()
    assert activity_url(activity) in html
    assert "?organization=" not in html
