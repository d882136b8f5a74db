"""Activities changed, unpublished and deleted in the admin go through the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services as activity_services
from activities.models import Activity, ActivityPhoto, Visibility, VisitDetails
from core.models import SearchEntry
from tests.admin_services.common import (
    ENGLISH,
    LogEntry,
    admin_url,
    change_form_data,
    latest_entry,
    search_entry,
)
from tests.factories import (
    OrganizationFactory,
)
from tests.test_activities_common import jpeg_bytes

pytestmark = pytest.mark.django_db


# --- activities -------------------------------------------------------------------------


def test_an_activity_set_to_internal_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    detail = reverse("portal:activity_detail", args=[published_visit.pk])
    listing = reverse("portal:activity_list")
    assert detail in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 200
    assert search_entry(published_visit) is not None
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(staff, url, visibility=Visibility.INTERNAL)

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    published_visit.refresh_from_db()
    assert published_visit.visibility == Visibility.INTERNAL
    assert published_visit.published_at is None
    assert search_entry(published_visit) is None
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    # The details, the organizers and the cadres went through the service unchanged.
    details = VisitDetails.objects.get(pk=published_visit.pk)
    assert details.other_cadres == "Test cadre"
    assert published_visit.organizations.count() == 1
    entry = latest_entry(Activity, published_visit.pk, LogEntry.Action.UPDATE)
    assert entry.actor == staff_user
    assert "visibility" in entry.changes_dict


def test_a_published_activity_changed_in_the_admin_shows_the_change_at_once(
    staff, visitor, commit, published_visit
):
    detail = reverse("portal:activity_detail", args=[published_visit.pk])
    assert "Thử Nghiệm" in visitor.get(detail).content.decode()
    url = admin_url(Activity, "change", published_visit.pk)

    with commit():
        staff.post(url, change_form_data(staff, url, summary="Thăm hộ khó khăn ở khu phố Đồi Dương."))

    assert "Đồi Dương" in visitor.get(detail).content.decode()
    assert "Đồi Dương" in search_entry(published_visit).summary + search_entry(published_visit).title


def test_an_activity_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    pk = published_visit.pk
    detail = reverse("portal:activity_detail", args=[pk])
    listing = reverse("portal:activity_list")
    assert detail in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(admin_url(Activity, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=pk).exists()
    assert not SearchEntry.objects.filter(content_type__model="activity", object_id=pk).exists()
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    assert latest_entry(Activity, pk, LogEntry.Action.DELETE).actor == staff_user


def test_activities_deleted_with_the_admin_action_leave_the_public_pages(
    staff, visitor, staff_user, commit, published_visit
):
    pk = published_visit.pk
    listing = reverse("portal:activity_list")
    assert reverse("portal:activity_detail", args=[pk]) in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(
            admin_url(Activity, "changelist"),
            {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Activity.objects.filter(pk=pk).exists()
    assert search_entry(published_visit) is None
    assert reverse("portal:activity_detail", args=[pk]) not in visitor.get(listing).content.decode()
    assert latest_entry(Activity, pk, LogEntry.Action.DELETE).actor == staff_user


def test_a_change_the_activity_service_refuses_shows_on_the_admin_form_and_saves_nothing(
    staff, visitor, commit, published_visit
):
    # The model form accepts any organization; the service refuses one that did not exist yet.
    later = OrganizationFactory(valid_from=published_visit.date + datetime.timedelta(days=1))
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(
        staff, url, organizations=[str(later.pk)], visibility=Visibility.INTERNAL, summary="Test changed"
    )
    entries_before = LogEntry.objects.count()

    with commit():
        response = staff.post(url, data, **ENGLISH)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "did not exist on the activity's date" in " ".join(errors["organizations"])
    assert "did not exist on the activity" in response.content.decode().replace("&#x27;", "'")
    published_visit.refresh_from_db()
    assert published_visit.visibility == Visibility.PUBLISHED
    assert published_visit.summary != "Test changed"
    assert list(published_visit.organizations.all()) != [later]
    assert search_entry(published_visit) is not None
    assert visitor.get(reverse("portal:activity_detail", args=[published_visit.pk])).status_code == 200
    assert LogEntry.objects.count() == entries_before


def test_a_photo_removed_in_the_admin_goes_with_its_file_and_a_caption_is_changed(
    staff, staff_user, commit, published_visit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photos = [
        activity_services.NewPhoto(SimpleUploadedFile(f"{name}.jpg", jpeg_bytes()), caption=name)
        for name in ("kept", "removed")
    ]
    with commit():
        activity_services.update_activity(
            actor=staff_user,
            activity=published_visit,
            organizations=list(published_visit.organizations.all()),
            details=published_visit.visit_details,
            photos=photos,
        )
    kept = ActivityPhoto.objects.get(activity=published_visit, caption="kept")
    removed = ActivityPhoto.objects.get(activity=published_visit, caption="removed")
    storage = removed.image.storage
    assert storage.exists(removed.image.name)
    url = admin_url(Activity, "change", published_visit.pk)
    data = change_form_data(staff, url)
    index = {data[f"photos-{i}-id"]: i for i in range(int(data["photos-TOTAL_FORMS"]))}
    data[f"photos-{index[str(removed.pk)]}-DELETE"] = "on"
    data[f"photos-{index[str(kept.pk)]}-caption"] = "kept, captioned again"

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    assert not ActivityPhoto.objects.filter(pk=removed.pk).exists()
    assert not storage.exists(removed.image.name)
    kept.refresh_from_db()
    assert kept.caption == "kept, captioned again" and storage.exists(kept.image.name)
    assert latest_entry(ActivityPhoto, removed.pk, LogEntry.Action.DELETE).actor == staff_user
    assert latest_entry(ActivityPhoto, kept.pk, LogEntry.Action.UPDATE).actor == staff_user


def test_activities_are_not_added_in_the_admin(staff):
    assert staff.get(admin_url(Activity, "add")).status_code == 403


def test_the_activity_admin_shows_the_kind_and_publication_time_read_only(staff, published_visit):
    form = staff.get(admin_url(Activity, "change", published_visit.pk)).context["adminform"].form

    assert "kind" not in form.fields
    assert "published_at" not in form.fields
