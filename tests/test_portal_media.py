"""Uploaded photos are served through a permission-checked view: a consented photo of a published
activity to everybody (long public cache); any other photo only to cadres who can see the
activity (private cache); a 404 for everybody else, the same as for a missing file."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import Activity, ActivityPhoto, Visibility
from core import media
from organizations.models import AdministrativeUnit
from tests.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (164, 22, 26)).save(buffer, format="JPEG")
    return buffer.getvalue()


def photo_of(activity: Activity, *, consent: bool) -> ActivityPhoto:
    photo = ActivityPhoto(activity=activity, people_consent=consent, caption="Ảnh thử")
    photo.image.save("test-photo.jpg", ContentFile(jpeg()), save=False)
    photo.width, photo.height = 8, 6
    photo.save()
    return photo


def phuoc_hoi_activity(*, published: bool) -> Activity:
    unit = AdministrativeUnit.objects.get(code="LD-PPHUOCHOI")
    if published:
        return ActivityFactory(unit=unit, visibility=Visibility.PUBLISHED, published_at=timezone.now())
    return ActivityFactory(unit=unit)


def url_of(photo: ActivityPhoto) -> str:
    return photo.image.url


def test_photo_urls_go_through_the_media_view():
    assert reverse("portal:media", args=["activities/2026/01/x.jpg"]) == "/media/activities/2026/01/x.jpg"


def test_a_consented_photo_of_a_published_activity_is_public(client):
    photo = photo_of(phuoc_hoi_activity(published=True), consent=True)

    response = client.get(url_of(photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == photo.image.open("rb").read()
    # Kept by the browser only, and asked for again at each use: a withdrawn photo disappears.
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"] and "max-age" not in response["Cache-Control"]
    assert response["Content-Security-Policy"] == media.MEDIA_CSP
    assert response.has_header("Last-Modified")


def test_an_unchanged_public_photo_answers_304(client):
    photo = photo_of(phuoc_hoi_activity(published=True), consent=True)
    first = client.get(url_of(photo))
    again = client.get(url_of(photo), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("published", "consent"),
    [(True, False), (False, True), (False, False)],
    ids=["unconsented photo of a published activity", "photo of an internal activity", "both"],
)
@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 404), ("cadre_ward", 200), ("cadre_area", 200), ("admin", 200), ("cadre_women", 404)],
)
def test_a_photo_that_is_not_public_is_only_for_cadres_in_scope(login_as, published, consent, role, expected):
    photo = photo_of(phuoc_hoi_activity(published=published), consent=consent)
    client = login_as(role)

    response = client.get(url_of(photo))

    assert response.status_code == expected
    if expected == 200:
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_consented_photo_becomes_private_when_the_activity_is_unpublished(client):
    activity = phuoc_hoi_activity(published=True)
    photo = photo_of(activity, consent=True)
    assert client.get(url_of(photo)).status_code == 200
    Activity.objects.filter(pk=activity.pk).update(visibility=Visibility.INTERNAL, published_at=None)
    assert client.get(url_of(photo)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "activities/2026/01/missing.jpg",
        "../settings.py",
        "activities/../../lagi_portal/settings.py",
        "other/folder/file.jpg",
        "articles/photos/2026/01/missing.jpg",
    ],
)
def test_missing_unknown_or_traversing_paths_are_404(client, login_as, path):
    assert client.get(f"/media/{path}").status_code == 404
    assert login_as("admin").get(f"/media/{path}").status_code == 404


def test_a_file_on_disk_without_a_record_is_404_even_for_staff(login_as, media_root):
    (media_root / "activities").mkdir()
    (media_root / "activities" / "stray.jpg").write_bytes(jpeg())
    assert login_as("admin").get("/media/activities/stray.jpg").status_code == 404


def test_the_public_activity_page_shows_only_consented_photos_and_shares_the_first(client):
    activity = phuoc_hoi_activity(published=True)
    hidden = photo_of(activity, consent=False)
    shown = photo_of(activity, consent=True)

    html = client.get(reverse("portal:activity_detail", args=[activity.pk])).content.decode()

    assert url_of(shown) in html
    assert url_of(hidden) not in html
    assert f'<meta property="og:image" content="http://testserver{url_of(shown)}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_only_safe_methods_are_served(client):
    photo = photo_of(phuoc_hoi_activity(published=True), consent=True)
    assert client.post(url_of(photo)).status_code == 405
    assert client.head(url_of(photo)).status_code == 200
