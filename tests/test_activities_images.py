"""Photo processing: upright, resized, re-encoded without EXIF; non-images and big files rejected."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.models import ActivityPhoto
from activities.services import NewPhoto, create_activity
from core.images import process_photo

from .test_activities_common import NEW_PHUOC_HOI, jpeg_bytes, new_activity, org


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(io.BytesIO(content.read()))


def test_the_test_photo_really_carries_gps_data():
    original = Image.open(io.BytesIO(jpeg_bytes(gps=True)))
    assert original.getexif().get_ifd(0x8825)


def test_exif_and_gps_are_stripped():
    result = opened(process_photo(upload(jpeg_bytes(gps=True))))
    assert result.format == "JPEG"
    assert dict(result.getexif()) == {}
    assert not result.getexif().get_ifd(0x8825)
    assert "exif" not in result.info


def test_a_big_photo_is_resized_to_the_limit_on_its_longer_side(settings):
    settings.PHOTO_MAX_PIXELS = 800
    result = opened(process_photo(upload(jpeg_bytes((3000, 1500)))))
    assert result.size == (800, 400)


def test_a_small_photo_keeps_its_size(settings):
    settings.PHOTO_MAX_PIXELS = 800
    assert opened(process_photo(upload(jpeg_bytes((300, 200))))).size == (300, 200)


def test_the_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must come out upright (portrait).
    result = opened(process_photo(upload(jpeg_bytes((60, 40), orientation=6))))
    assert result.size == (40, 60)


def test_a_transparent_png_stays_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(buffer, format="PNG")
    content = process_photo(upload(buffer.getvalue(), "logo.png", "image/png"))
    assert content.name.endswith(".png")
    assert opened(content).mode == "RGBA"


def test_the_file_name_is_not_the_uploaders():
    content = process_photo(upload(jpeg_bytes(), "Nguyen Van A - nha so 5.jpg"))
    assert "Nguyen" not in content.name
    assert content.name.endswith(".jpg")


def test_a_text_file_is_rejected():
    with pytest.raises(ValidationError) as caught:
        process_photo(upload(b"hello, not an image", "notes.txt", "text/plain"))
    assert caught.value.code == "not_an_image"
    assert caught.value.messages == ["Hãy tải lên một tệp ảnh (JPEG, PNG hoặc WebP)."]


def test_a_truncated_image_is_rejected():
    with pytest.raises(ValidationError):
        process_photo(upload(jpeg_bytes((200, 200))[:300]))


def test_a_file_over_the_upload_limit_is_rejected(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        process_photo(upload(jpeg_bytes((400, 400))))
    assert caught.value.code == "too_big"


@pytest.mark.django_db
def test_a_saved_photo_is_the_clean_copy(demo_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PHOTO_MAX_PIXELS = 500
    activity = create_activity(
        actor=demo_user("cadre_ward"),
        activity=new_activity("other"),
        organizations=[org(NEW_PHUOC_HOI)],
        photos=[
            NewPhoto(file=upload(jpeg_bytes((1000, 600), gps=True)), caption="Trao quà", people_consent=True)
        ],
    )
    photo = ActivityPhoto.objects.get(activity=activity)
    assert (photo.width, photo.height) == (500, 300)
    assert photo.caption == "Trao quà" and photo.people_consent
    with Image.open(photo.image.path) as stored:
        assert dict(stored.getexif()) == {}
