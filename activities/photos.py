"""The photos of an activity on their way in and out: re-encoded before anything is saved,
stored with the activity, and their files removed when they go."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import File

from core.images import NewPhoto, process_photo
from core.services import ServiceErrors

from .models import Activity, ActivityPhoto


def process_new_photos(errors: ServiceErrors, photos: Sequence[NewPhoto]) -> list[File]:
    """Each photo resized and stripped of its metadata; a photo that is not one is a "photos" error."""
    files = []
    for photo in photos:
        try:
            files.append(process_photo(photo.file))
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("photos", f"{getattr(photo.file, 'name', '')}: {message}".lstrip(": "))
    return files


def save_new_photos(activity: Activity, photos: Sequence[NewPhoto], files: list[File]) -> None:
    """Store the processed ``files``; if one fails, the files already written are removed."""
    saved: list[str] = []
    try:
        for photo, content in zip(photos, files, strict=True):
            record = ActivityPhoto(
                activity=activity, caption=photo.caption, people_consent=photo.people_consent
            )
            record.image.save(content.name, content, save=False)
            saved.append(record.image.name)
            record.save()
    except Exception:
        delete_photo_files(saved)
        raise


def delete_photo_files(names: list[str]) -> None:
    storage = ActivityPhoto._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)
