"""Who may download a photo of an activity (the media view asks ``can_serve``)."""

from __future__ import annotations

from core.media import owner_allows

from .models import Activity, ActivityPhoto

MEDIA_PREFIX = "activities/"


def can_serve(user, path: str) -> bool:
    """A consented photo of a published activity: anybody; any other photo: cadres who see the activity."""
    photo = ActivityPhoto.objects.filter(image=path).values_list("activity_id", "people_consent").first()
    return owner_allows(
        user, photo, published=Activity.objects.published(), visible_to=Activity.objects.visible_to
    )
