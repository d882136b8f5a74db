"""Work log forms: choosing the kind, creating an activity of each kind (the next form prefilled
from the last entry), errors next to their fields with nothing saved, photos, commitments, and
editing an activity."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, Commitment, MediationDetails
from activities.services import create_activity
from organizations.models import OrganizationKind
from tests.commitments_common import authority
from tests.helpers import unit

from .test_activities_common import (
    AFTER_MERGER,
    CHOOSE,
    NEW_LA_GI,
    NEW_PHUOC_HOI,
    area,
    commitment,
    edit_url,
    jpeg_bytes,
    kind_url,
    new_activity,
    new_details,
    org,
)

pytestmark = pytest.mark.django_db


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
            "commitments-0-owner": authority().pk,
            "commitments-0-deadline": "2026-05-30",
            "commitments-1-text": "",
            "commitments-1-owner": "",
            "commitments-1-deadline": "",
        }
    )
    response = client.post(kind_url("dialogue"), data)
    assert response.status_code == 302, response.context and response.context["commitments"].errors
    activity = Activity.objects.get(summary=data["summary"], kind="dialogue")
    assert list(activity.commitments.values_list("text", "owner", "unit", "status")) == [
        ("Nạo vét mương thoát nước", authority().pk, activity.unit_id, "pending")
    ]


def test_the_commitments_of_the_form_offer_the_authorities_of_the_day_and_say_what_is_missing(login_as):
    client = login_as("cadre_ward")
    page = client.get(kind_url("voter_contact"))
    owner = page.context["commitments"].forms[0].fields["owner"]
    offered = {pk for _group, options in owner.choices[1:] for pk, _label in options}
    assert authority().pk in offered and authority(NEW_LA_GI).pk not in offered
    data = common_post(
        level="commune_council", timing="before", session="kỳ họp thứ 5", voters_attending="80",
        opinions_count="6", deputies_present="",
    )  # fmt: skip
    data.update(
        {
            "commitments-TOTAL_FORMS": "1",
            "commitments-INITIAL_FORMS": "0",
            "commitments-MIN_NUM_FORMS": "0",
            "commitments-MAX_NUM_FORMS": "50",
            "commitments-0-text": "Trả lời bằng văn bản",
            "commitments-0-owner": "",
            "commitments-0-deadline": (AFTER_MERGER - datetime.timedelta(days=1)).isoformat(),
        }
    )
    response = client.post(kind_url("voter_contact"), data)
    assert response.status_code == 200
    errors = response.context["commitments"].forms[0].errors
    assert set(errors) == {"owner", "deadline"}
    assert 'id="error-summary"' in response.content.decode()
    assert not Activity.objects.filter(summary=data["summary"], kind="voter_contact").exists()


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
            "commitments-0-text": "Cũ, sửa lại",
            "commitments-0-owner": old.owner_id,
            "commitments-0-deadline": "2026-06-30",
            "commitments-1-text": "Mới",
            "commitments-1-owner": authority().pk,
            "commitments-1-deadline": "2026-09-01",
        }
    )
    response = login_as("cadre_ward").post(edit_url(activity), data)
    assert response.status_code == 302, response.context and response.context["commitments"].errors
    assert sorted(Commitment.objects.filter(activity=activity).values_list("text", "deadline", "status")) == [
        ("Cũ, sửa lại", datetime.date(2026, 6, 30), "pending"),
        ("Mới", datetime.date(2026, 9, 1), "pending"),
    ]
