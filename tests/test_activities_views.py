"""Work log screens per role: scope (404 outside, 403 read-only), forms, photos, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, DialogueCommitment, MediationDetails
from activities.services import create_activity
from organizations.models import OrganizationKind

from .test_activities_common import (
    AFTER_MERGER,
    NEW_LA_GI,
    NEW_PHUOC_HOI,
    area,
    commitment,
    jpeg_bytes,
    new_activity,
    new_details,
    org,
    unit,
)

pytestmark = pytest.mark.django_db

LIST = reverse("activities:list")
# The day of the test activities: the demo data may fill the first pages with newer ones.
ON_DAY = {"date_from": AFTER_MERGER.isoformat(), "date_to": AFTER_MERGER.isoformat()}
CHOOSE = reverse("activities:create")


def kind_url(kind: str) -> str:
    return reverse("activities:create_kind", args=[kind])


def detail_url(activity: Activity) -> str:
    return reverse("activities:detail", args=[activity.pk])


def edit_url(activity: Activity) -> str:
    return reverse("activities:edit", args=[activity.pk])


@pytest.fixture
def ward_mediation(demo_user) -> Activity:
    """A mediation in Phường Phước Hội (cadre_ward's ward), with confidential parties."""
    details = new_details("mediation", parties="Bà Test Bí Mật và ông Test Kín")
    return create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("mediation", summary="Hòa giải ranh giới đất"),
        organizations=[org(NEW_PHUOC_HOI)],
        details=details,
    )


@pytest.fixture
def la_gi_activity(demo_user) -> Activity:
    """An activity of the Front committee of Phường La Gi: outside cadre_ward's and cadre_women's scope."""
    return create_activity(
        actor=demo_user("cadre_area"),
        activity=new_activity("other", NEW_LA_GI, summary="Ngày hội Đại đoàn kết La Gi"),
        organizations=[org(NEW_LA_GI)],
    )


@pytest.fixture
def women_meeting(demo_user) -> Activity:
    women = org(NEW_LA_GI, OrganizationKind.WOMENS_UNION)
    return create_activity(
        actor=demo_user("cadre_women"),
        activity=new_activity("meeting", NEW_LA_GI, summary="Sinh hoạt chi hội phụ nữ"),
        organizations=[women],
        details=new_details("meeting", NEW_LA_GI),
    )


# Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["list", "create", "create_kind", "detail", "edit"])
def test_anonymous_is_sent_to_the_login(client, ward_mediation, url_name):
    args = {"create_kind": ["visit"], "detail": [ward_mediation.pk], "edit": [ward_mediation.pk]}.get(
        url_name, []
    )
    response = client.get(reverse(f"activities:{url_name}", args=args))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("username", "list_", "choose", "create", "detail", "edit"),
    [
        ("admin", 200, 200, 200, 200, 200),
        ("cadre_area", 200, 200, 200, 200, 200),
        ("cadre_ward", 200, 200, 200, 200, 200),
        ("cadre_women", 200, 200, 200, 404, 404),
        ("cadre_viewer", 200, 403, 403, 200, 403),
    ],
)
def test_status_per_role(login_as, ward_mediation, username, list_, choose, create, detail, edit):
    client = login_as(username)
    assert client.get(LIST).status_code == list_
    assert client.get(CHOOSE).status_code == choose
    assert client.get(kind_url("visit")).status_code == create
    assert client.get(detail_url(ward_mediation)).status_code == detail
    assert client.get(edit_url(ward_mediation)).status_code == edit
    assert client.post(edit_url(ward_mediation), {}).status_code == edit


def test_a_ward_cadre_never_sees_another_wards_activity(login_as, la_gi_activity, ward_mediation):
    client = login_as("cadre_ward")
    listing = client.get(LIST, ON_DAY).content.decode()
    assert "Hòa giải ranh giới đất" in listing
    assert "Ngày hội Đại đoàn kết La Gi" not in listing
    filtered = client.get(LIST, {"unit": unit(NEW_LA_GI).pk, **ON_DAY}).content.decode()
    assert "Ngày hội Đại đoàn kết La Gi" not in filtered
    assert client.get(detail_url(la_gi_activity)).status_code == 404
    assert client.get(edit_url(la_gi_activity)).status_code == 404
    assert client.post(edit_url(la_gi_activity), {"summary": "x"}).status_code == 404
    la_gi_activity.refresh_from_db()
    assert la_gi_activity.summary == "Ngày hội Đại đoàn kết La Gi"


def test_an_organization_cadre_sees_its_organizations_activities_only(
    login_as, la_gi_activity, women_meeting
):
    client = login_as("cadre_women")
    listing = client.get(LIST, ON_DAY).content.decode()
    assert "Sinh hoạt chi hội phụ nữ" in listing
    assert "Ngày hội Đại đoàn kết La Gi" not in listing
    assert client.get(detail_url(women_meeting)).status_code == 200
    assert client.get(edit_url(women_meeting)).status_code == 200
    assert client.get(detail_url(la_gi_activity)).status_code == 404


def test_unknown_kind_is_404(login_as):
    assert login_as("cadre_ward").get(kind_url("party")).status_code == 404


# List and detail ------------------------------------------------------------------------------


def test_list_filters(login_as, ward_mediation, demo_user):
    other = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other", summary="Ra quân dọn vệ sinh", date=datetime.date(2026, 1, 10)),
        organizations=[org(NEW_PHUOC_HOI)],
    )
    client = login_as("cadre_ward")
    both = {"date_from": "2026-01-10", "date_to": AFTER_MERGER.isoformat()}
    assert "Ra quân dọn vệ sinh" in client.get(LIST, both).content.decode()
    by_kind = client.get(LIST, {"kind": "mediation", **both}).content.decode()
    assert "Hòa giải ranh giới đất" in by_kind and "Ra quân dọn vệ sinh" not in by_kind
    by_date = client.get(LIST, {"date_from": "2026-01-01", "date_to": "2026-01-31"}).content.decode()
    assert "Ra quân dọn vệ sinh" in by_date and "Hòa giải ranh giới đất" not in by_date
    january = {"date_from": "2026-01-10", "date_to": "2026-01-10"}
    by_unit = client.get(LIST, {"unit": unit(NEW_PHUOC_HOI).pk, **january}).content.decode()
    assert "Ra quân dọn vệ sinh" in by_unit
    branch = org(area(NEW_PHUOC_HOI).code, "womens_union")
    by_org = client.get(LIST, {"organization": branch.pk, **january}).content.decode()
    assert "Ra quân dọn vệ sinh" not in by_org
    assert other.pk


def test_the_list_is_newest_first(login_as, demo_user):
    for day, summary in ((3, "Older one"), (20, "Newer one")):
        create_activity(
            actor=demo_user("cadre_ward"),
            activity=new_activity("other", summary=summary, date=datetime.date(2026, 2, day)),
            organizations=[org(NEW_PHUOC_HOI)],
        )
    page = (
        login_as("cadre_ward")
        .get(LIST, {"date_from": "2026-02-01", "date_to": "2026-02-28"})
        .content.decode()
    )
    assert page.index("Newer one") < page.index("Older one")


def test_the_detail_shows_confidential_fields_to_cadres_in_scope_only(login_as, ward_mediation):
    detail = login_as("cadre_ward").get(detail_url(ward_mediation)).content.decode()
    assert "Bà Test Bí Mật và ông Test Kín" in detail
    assert detail.count("<h1") == 1
    assert "Bà Test Bí Mật" not in login_as("cadre_ward").get(LIST).content.decode()


def test_reading_confidential_details_is_logged(login_as, ward_mediation, demo_user):
    from auditlog.models import LogEntry

    login_as("cadre_viewer").get(detail_url(ward_mediation))
    entry = LogEntry.objects.get_for_object(ward_mediation.mediation_details).filter(
        action=LogEntry.Action.ACCESS
    )
    assert entry.filter(actor=demo_user("cadre_viewer")).exists()


def test_the_detail_shows_commitments_and_photos(login_as, demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from activities.services import NewPhoto

    activity = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("dialogue"),
        organizations=[org(NEW_PHUOC_HOI)],
        details=new_details("dialogue"),
        commitments=[commitment("Lắp đèn đường khu phố 1")],
        photos=[
            NewPhoto(file=SimpleUploadedFile("a.jpg", jpeg_bytes()), caption="Quang cảnh buổi đối thoại")
        ],
    )
    detail = login_as("cadre_ward").get(detail_url(activity)).content.decode()
    assert "Lắp đèn đường khu phố 1" in detail
    assert "Quang cảnh buổi đối thoại" in detail


# Create and edit ------------------------------------------------------------------------------


def test_choose_kind_offers_every_kind(login_as):
    page = login_as("cadre_ward").get(CHOOSE).content.decode()
    for kind in (
        "visit",
        "meeting",
        "voter_contact",
        "dialogue",
        "mediation",
        "draft_comments",
        "support",
        "other",
    ):
        assert kind_url(kind) in page


def common_post(unit_code: str = NEW_PHUOC_HOI, **overrides) -> dict:
    data = {
        "date": AFTER_MERGER.isoformat(),
        "start_time": "08:30",
        "unit": unit(unit_code).pk,
        "place": "Nhà văn hóa khu phố 1",
        "organizations": [org(unit_code).pk],
        "participants_count": "12",
        "summary": "Thăm hộ gia đình khu phố 1",
        "internal_notes": "",
        "visibility": "internal",
    }
    data.update(overrides)
    return data


def test_create_a_visit(login_as, demo_user):
    client = login_as("cadre_ward")
    form_page = client.get(kind_url("visit"))
    assert form_page.status_code == 200
    assert form_page.context["form"].initial["date"] == timezone.localdate()
    data = common_post(residential_area=area(NEW_PHUOC_HOI).pk, households_visited="7", other_cadres="")
    response = client.post(kind_url("visit"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    activity = Activity.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert activity.created_by == demo_user("cadre_ward")
    assert activity.visit_details.households_visited == 7
    assert list(activity.organizations.all()) == [org(NEW_PHUOC_HOI)]


def test_the_next_form_is_prefilled_from_the_last_entry(login_as):
    client = login_as("cadre_ward")
    data = common_post(residential_area=area(NEW_PHUOC_HOI, 2).pk, households_visited="3")
    assert client.post(kind_url("visit"), data).status_code == 302
    page = client.get(kind_url("visit"))
    assert page.context["form"].initial["unit"] == unit(NEW_PHUOC_HOI).pk
    assert page.context["details_form"].initial["residential_area"] == area(NEW_PHUOC_HOI, 2).pk


def test_invalid_visit_shows_errors_and_saves_nothing(login_as):
    client = login_as("cadre_ward")
    before = Activity.objects.count()
    data = common_post(residential_area=area(NEW_LA_GI).pk, households_visited="0")
    response = client.post(kind_url("visit"), data)
    assert response.status_code == 200
    errors = response.context["details_form"].errors
    assert "residential_area" in errors  # not among the cadre's choices
    assert "households_visited" in errors
    assert Activity.objects.count() == before


def test_service_errors_land_next_to_their_field(login_as):
    """An area of the cadre's scope, but in another unit: only the service can tell."""
    client = login_as("cadre_ward")
    data = common_post(
        residential_area=area("LD-PPHUOCHOI", 1).pk,
        households_visited="2",
        date="2024-02-02",
        unit=unit("LG-PL").pk,
        organizations=[org("LG-PL").pk],
    )
    response = client.post(kind_url("visit"), data)
    assert response.status_code == 200
    assert "residential_area" in response.context["details_form"].errors


def test_a_meeting_without_time_is_rejected(login_as):
    client = login_as("cadre_ward")
    women_branch = org(area(NEW_PHUOC_HOI).code, OrganizationKind.WOMENS_UNION)
    data = common_post(start_time="", organization=women_branch.pk, topic="Sinh hoạt", attendance="20")
    response = client.post(kind_url("meeting"), data)
    assert response.status_code == 200
    assert "start_time" in response.context["form"].errors


def test_a_successful_mediation_without_sessions_is_rejected_in_the_form(login_as):
    client = login_as("cadre_ward")
    team = org(area(NEW_PHUOC_HOI).code, OrganizationKind.MEDIATION_TEAM)
    data = common_post(
        mediation_team=team.pk,
        dispute_type="land",
        parties_count="2",
        parties="A và B",
        sessions="0",
        outcome="successful",
    )
    response = client.post(kind_url("mediation"), data)
    assert response.status_code == 200
    assert "sessions" in response.context["details_form"].errors
    assert not MediationDetails.objects.filter(parties="A và B").exists()


def test_create_a_dialogue_with_commitments(login_as):
    client = login_as("cadre_ward")
    data = common_post(leaders_present="Chủ tịch UBND phường", topics="Ngập úng")
    data.update(
        {
            "commitments-TOTAL_FORMS": "2",
            "commitments-INITIAL_FORMS": "0",
            "commitments-MIN_NUM_FORMS": "0",
            "commitments-MAX_NUM_FORMS": "50",
            "commitments-0-text": "Nạo vét mương thoát nước",
            "commitments-0-deadline": "2026-05-30",
            "commitments-1-text": "",
            "commitments-1-deadline": "",
        }
    )
    response = client.post(kind_url("dialogue"), data)
    assert response.status_code == 302
    activity = Activity.objects.get(summary=data["summary"], kind="dialogue")
    assert list(activity.commitments.values_list("text", flat=True)) == ["Nạo vét mương thoát nước"]


def test_create_with_photos_and_reject_a_text_file(login_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login_as("cadre_ward")
    data = common_post(summary="Có ảnh")
    data["photos"] = [
        SimpleUploadedFile("a.jpg", jpeg_bytes(gps=True)),
        SimpleUploadedFile("b.jpg", jpeg_bytes()),
    ]
    data["photo_consent"] = "on"
    assert client.post(kind_url("other"), data).status_code == 302
    activity = Activity.objects.get(summary="Có ảnh")
    assert activity.photos.count() == 2
    assert all(photo.people_consent for photo in activity.photos.all())

    bad = common_post(summary="Ảnh hỏng")
    bad["photos"] = [SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain")]
    response = client.post(kind_url("other"), bad)
    assert response.status_code == 200
    assert response.context["photo_form"].errors["photos"]
    assert not Activity.objects.filter(summary="Ảnh hỏng").exists()


def test_edit_an_activity(login_as, ward_mediation):
    client = login_as("cadre_ward")
    page = client.get(edit_url(ward_mediation))
    assert page.status_code == 200
    assert "Bà Test Bí Mật" in page.content.decode()
    details = ward_mediation.mediation_details
    data = common_post(
        summary="Đã hòa giải xong",
        mediation_team=details.mediation_team_id,
        dispute_type="land",
        parties_count="2",
        parties=details.parties,
        sessions="2",
        outcome="successful",
        date=ward_mediation.date.isoformat(),
    )
    data.update({"photo-TOTAL_FORMS": "0", "photo-INITIAL_FORMS": "0"})
    response = client.post(edit_url(ward_mediation), data)
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        response.context["details_form"].errors,
    ]
    ward_mediation.refresh_from_db()
    assert ward_mediation.summary == "Đã hòa giải xong"
    assert ward_mediation.mediation_details.sessions == 2


def test_edit_removes_a_photo_and_changes_consent(login_as, demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from activities.services import NewPhoto

    activity = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other", summary="Hai ảnh"),
        organizations=[org(NEW_PHUOC_HOI)],
        photos=[
            NewPhoto(file=SimpleUploadedFile(f"{n}.jpg", jpeg_bytes()), people_consent=True) for n in (1, 2)
        ],
    )
    first, second = activity.photos.order_by("pk")
    data = common_post(summary="Hai ảnh", date=activity.date.isoformat())
    data.update(
        {
            "photo-TOTAL_FORMS": "2",
            "photo-INITIAL_FORMS": "2",
            "photo-0-id": first.pk,
            "photo-0-caption": "Giữ lại",
            "photo-1-id": second.pk,
            "photo-1-caption": "",
            "photo-1-people_consent": "on",
            "photo-1-DELETE": "on",
        }
    )
    response = login_as("cadre_ward").post(edit_url(activity), data)
    assert response.status_code == 302
    assert list(activity.photos.values_list("caption", "people_consent")) == [("Giữ lại", False)]
    assert not ActivityPhoto.objects.filter(pk=second.pk).exists()


def test_edit_commitments_through_the_formset(login_as, demo_user):
    activity = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("dialogue", summary="Đối thoại"),
        organizations=[org(NEW_PHUOC_HOI)],
        details=new_details("dialogue"),
        commitments=[commitment("Cũ")],
    )
    old = activity.commitments.get()
    data = common_post(summary="Đối thoại", leaders_present="Chủ tịch", topics="Đất đai")
    data.update(
        {
            "commitments-TOTAL_FORMS": "2",
            "commitments-INITIAL_FORMS": "1",
            "commitments-MIN_NUM_FORMS": "0",
            "commitments-MAX_NUM_FORMS": "50",
            "commitments-0-id": old.pk,
            "commitments-0-activity": activity.pk,
            "commitments-0-text": "Cũ",
            "commitments-0-fulfilled": "on",
            "commitments-1-text": "Mới",
            "commitments-1-deadline": "2026-09-01",
        }
    )
    response = login_as("cadre_ward").post(edit_url(activity), data)
    assert response.status_code == 302, response.context and response.context["commitments"].errors
    assert sorted(DialogueCommitment.objects.filter(activity=activity).values_list("text", "fulfilled")) == [
        ("Cũ", True),
        ("Mới", False),
    ]


# Query counts ---------------------------------------------------------------------------------


SCOPE_OF = {
    "cadre_ward": (NEW_PHUOC_HOI, OrganizationKind.FRONT_COMMITTEE),
    "cadre_women": (NEW_LA_GI, OrganizationKind.WOMENS_UNION),
    "admin": (NEW_PHUOC_HOI, OrganizationKind.FRONT_COMMITTEE),
}


def make_activities(count: int, username: str = "cadre_ward") -> None:
    """``count`` activities the user can see (bulk: no audit, no validation needed here)."""
    unit_code, kind = SCOPE_OF[username]
    ward, organizer = unit(unit_code), org(unit_code, kind)
    created = Activity.objects.bulk_create(
        [Activity(kind="other", date=AFTER_MERGER, unit=ward, summary=f"Bulk {n}") for n in range(count)]
    )
    through = Activity.organizations.through
    through.objects.bulk_create([through(activity_id=a.pk, organization_id=organizer.pk) for a in created])


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_women", "admin"])
def test_list_query_count_does_not_grow(login_as, demo_user, django_assert_num_queries, username):
    client = login_as(username)
    make_activities(5, username)
    small = count_queries(client, LIST)
    make_activities(495, username)
    assert count_queries(client, LIST) == small
    assert count_queries(client, LIST + "?kind=other&page=3") == small


def test_list_query_count_is_pinned(login_as, demo_user, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_activities(500)
    # session, user, scope (3), count, page, organizations of the page, unit and organization choices
    with django_assert_num_queries(10):
        client.get(LIST)


def test_detail_query_count_does_not_grow(login_as, demo_user, ward_mediation, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_activities(5)
    small = count_queries(client, detail_url(ward_mediation))
    make_activities(495)
    assert count_queries(client, detail_url(ward_mediation)) == small
    # session, user, scope (3), the activity with its details, organizations, photos, commitments,
    # the access log entry for the confidential parties, the can-edit check
    with django_assert_num_queries(11):
        client.get(detail_url(ward_mediation))


def test_the_unit_filter_can_include_the_units_merged_into_it(login_as, demo_user):
    old = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other", "LG-PL", date=datetime.date(2023, 4, 4), summary="Hoạt động năm 2023"),
        organizations=[org("LG-PL")],
    )
    client = login_as("cadre_ward")
    new_ward = unit(NEW_PHUOC_HOI).pk
    day = {"date_from": "2023-04-04", "date_to": "2023-04-04"}
    assert "Hoạt động năm 2023" not in client.get(LIST, {"unit": new_ward, **day}).content.decode()
    merged = client.get(LIST, {"unit": new_ward, "with_merged": "on", **day}).content.decode()
    assert "Hoạt động năm 2023" in merged
    assert old.unit.code == "LG-PL"
