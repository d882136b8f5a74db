"""Processing of uploaded photos.

Every photo is decoded and encoded again with Pillow: it is turned upright (EXIF
orientation), shrunk to ``settings.PHOTO_MAX_PIXELS`` on its longer side, and saved
without any metadata, so no EXIF (GPS position, camera, owner) leaves the phone that took it.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_SOURCE_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO"}


@dataclass(frozen=True)
class NewPhoto:
    """A photo to add: the uploaded file, its caption and whether the people shown consented."""

    file: File
    caption: str = ""
    people_consent: bool = False


def max_upload_bytes() -> int:
    return int(getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def check_pixel_count(width: int, height: int) -> None:
    """Refuse an image of more than ``PHOTO_MAX_SOURCE_PIXELS`` pixels (default 40 megapixels)."""
    limit = int(getattr(settings, "PHOTO_MAX_SOURCE_PIXELS", DEFAULT_MAX_SOURCE_PIXELS))
    if width * height > limit:
        raise ValidationError(
            _("The photo has too many pixels (%(width)s × %(height)s); the limit is %(limit)s megapixels.")
            % {"width": width, "height": height, "limit": limit // 1_000_000},
            code="too_many_pixels",
        )


def process_photo(upload: File) -> ContentFile:
    """Return a clean, resized copy of ``upload`` (JPEG, or PNG when it has transparency).

    Raises a translated ``ValidationError`` for a file that is too big or is not an image.
    """
    limit = max_upload_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The photo is too big (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    max_pixels = int(settings.PHOTO_MAX_PIXELS)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Upload a photo (JPEG, PNG or WebP)."), code="not_an_image")
            # Read from the header, before anything is decoded: a small file can describe a huge
            # image (a 546 kB PNG of 12000 × 12000 takes 1.8 GB to decode).
            check_pixel_count(*probe.size)
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as original:
            check_pixel_count(*original.size)
            # A JPEG is decoded at the smallest scale that still covers the target size.
            original.draft("RGB", (max_pixels, max_pixels))
            original.load()
            image = ImageOps.exif_transpose(original)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("Upload a photo (JPEG, PNG or WebP)."), code="not_an_image") from exc

    if max(image.size) > max_pixels:
        image.thumbnail((max_pixels, max_pixels), Image.Resampling.LANCZOS)

    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        # A fresh image carries no metadata from the original at all.
        clean = Image.new("RGBA", image.size)
        clean.paste(image)
        clean.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image = image.convert("RGB")
        clean = Image.new("RGB", image.size)
        clean.paste(image)
        clean.save(buffer, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
