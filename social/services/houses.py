"""Writes of the Great Unity houses and their photos."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError

from core.caching import public_content_changed
from core.images import NewPhoto, process_photo
from core.services import ServiceErrors

from ..models import GreatUnityHouse, HousePhoto
from .common import atomic_as, can_keep, refuse, require_editable, save


def save_house(*, actor, house: GreatUnityHouse) -> GreatUnityHouse:
    """Add or change a house: the actor keeps its residential area or the organization that built it.

    A handed-over house is on the public pages (and the home page's figure), so the cached pages move on.
    """
    require_editable(actor, house)
    if not can_keep(actor, unit_id=house.unit_id, organization_id=house.organization_id):
        raise refuse("organization")
    if house.handover_activity_id is not None:
        from activities.models import Activity

        if not Activity.objects.visible_to(actor).filter(pk=house.handover_activity_id).exists():
            raise refuse("handover_activity")
    return save(house, actor=actor, public=True)


def add_house_photos(*, actor, house: GreatUnityHouse, photos: Sequence[NewPhoto]) -> list[HousePhoto]:
    """Add photos of a house, re-encoded (resized, without EXIF or GPS) before anything is saved."""
    require_editable(actor, house)
    errors = ServiceErrors()
    files = []
    for photo in photos:
        try:
            files.append(process_photo(photo.file))
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("photo", message)
    errors.raise_if_any()
    saved: list[HousePhoto] = []
    storage = HousePhoto._meta.get_field("image").storage
    try:
        with atomic_as(actor):
            for photo, content in zip(photos, files, strict=True):
                record = HousePhoto(house=house, caption=photo.caption, people_consent=photo.people_consent)
                record.image.save(content.name, content, save=False)
                saved.append(record)
                record.save()
    except Exception:
        for record in saved:
            storage.delete(record.image.name)
        raise
    public_content_changed()
    return saved
