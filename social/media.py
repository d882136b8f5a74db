"""Who may download a photo of a Great Unity house (the media view asks ``can_serve``)."""

from __future__ import annotations

from core.media import owner_allows

from .models import GreatUnityHouse, HousePhoto

MEDIA_PREFIX = "social/"


def can_serve(user, path: str) -> bool:
    """A consented photo of a handed-over house: anybody; any other photo: cadres who see the house."""
    photo = HousePhoto.objects.filter(image=path).values_list("house_id", "people_consent").first()
    return owner_allows(
        user,
        photo,
        published=GreatUnityHouse.objects.handed_over(),
        visible_to=GreatUnityHouse.objects.visible_to,
    )
