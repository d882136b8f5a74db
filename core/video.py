"""YouTube videos on articles and activities.

Only the video id is kept from a link: the player is built from it in privacy-enhanced mode
(youtube-nocookie.com) and loaded only when the reader asks for it (see
``templates/articles/_video.html``).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
SHORT_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
NOCOOKIE_HOSTS = frozenset({"youtube-nocookie.com", "www.youtube-nocookie.com"})
# Paths of youtube.com that carry the id as their second part: /shorts/<id>, /embed/<id>, /live/<id>.
ID_PATHS = frozenset({"shorts", "embed", "live"})

NOT_YOUTUBE = _(
    "Enter a link to a YouTube video (youtube.com/watch?v=…, youtu.be/…, youtube.com/shorts/… "
    "or youtube.com/embed/…)."
)
BAD_ID = _("This YouTube link does not contain a valid video id.")


def youtube_id(url: str) -> str:
    """The 11-character id of the video ``url`` links to; a translated ``ValidationError`` otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise ValidationError(NOT_YOUTUBE, code="not_youtube") from exc
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or parts.username or parts.password or parts.port:
        raise ValidationError(NOT_YOUTUBE, code="not_youtube")
    segments = [segment for segment in parts.path.split("/") if segment]
    if host in SHORT_HOSTS:
        candidate = segments[0] if len(segments) == 1 else None
    elif host in YOUTUBE_HOSTS and segments == ["watch"]:
        values = parse_qs(parts.query).get("v", [])
        candidate = values[0] if len(values) == 1 else None
    elif host in YOUTUBE_HOSTS | NOCOOKIE_HOSTS and len(segments) == 2 and segments[0] in ID_PATHS:
        if host in NOCOOKIE_HOSTS and segments[0] != "embed":
            raise ValidationError(NOT_YOUTUBE, code="not_youtube")
        candidate = segments[1]
    else:
        raise ValidationError(NOT_YOUTUBE, code="not_youtube")
    if candidate is None or not VIDEO_ID.fullmatch(candidate):
        raise ValidationError(BAD_ID, code="bad_id")
    return candidate


def youtube_url_validator(value: str) -> None:
    if value:
        youtube_id(value)


def safe_youtube_id(url: str) -> str:
    """The id of ``url``, or "" when it is empty or not a valid YouTube link (for templates)."""
    if not url:
        return ""
    try:
        return youtube_id(url)
    except ValidationError:
        return ""


def watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def embed_url(video_id: str) -> str:
    """The privacy-enhanced player, started at once (the reader already asked to play)."""
    return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0"


class YouTubeURLField(forms.URLField):
    """A form field for a YouTube link; a link typed without "https://" is taken as https."""

    default_validators = [*forms.URLField.default_validators, youtube_url_validator]

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault(
            "widget", forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://youtu.be/…"})
        )
        super().__init__(**kwargs)
