"""Uploaded files (photos, documents), served only to those who may see them.

Every path under ``MEDIA_URL`` goes through ``media``: the app that owns the folder says who
may download the file (``MEDIA_CHECKERS``). A file anybody may see (a consented photo of a
published activity) is sent with long public cache headers; a file only some cadres may see
is sent to them with private headers; everybody else gets a 404, the same as for a file that
does not exist. gunicorn serves them through this view in production as in development.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.module_loading import import_string
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

from activities.models import Activity, ActivityPhoto

# Folder under MEDIA_ROOT → the function that answers "may this user download this file?".
MEDIA_CHECKERS: dict[str, str] = {
    "activities/": "portal.media.can_serve_activity_file",
    "articles/": "articles.media.can_serve",
}
PUBLIC_MAX_AGE = 30 * 24 * 3600
PRIVATE_MAX_AGE = 3600


def can_serve_activity_file(user, path: str) -> bool:
    """A consented photo of a published activity: anybody; any other photo: cadres who see the activity."""
    photo = ActivityPhoto.objects.filter(image=path).values_list("activity_id", "people_consent").first()
    if photo is None:
        return False
    activity_id, consent = photo
    if consent and Activity.objects.published().filter(pk=activity_id).exists():
        return True
    if user is None or not user.is_authenticated:
        return False
    return Activity.objects.visible_to(user).filter(pk=activity_id).exists()


def _checker(path: str) -> Callable[[object, str], bool] | None:
    for prefix, dotted in MEDIA_CHECKERS.items():
        if path.startswith(prefix):
            try:
                return import_string(dotted)
            except ImportError:
                return None
    return None


def serve_media_file(request: HttpRequest, path: str, *, public: bool) -> HttpResponse:
    """Send the file at ``path`` (relative to MEDIA_ROOT) once the caller has allowed it.

    ``public`` files carry long public cache headers, the others private ones. Answers 304
    to a conditional request for an unchanged file and 404 for a missing one.
    """
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    stat = full_path.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response: HttpResponse = HttpResponseNotModified()
    else:
        content_type, encoding = mimetypes.guess_type(str(full_path))
        response = FileResponse(full_path.open("rb"), content_type=content_type or "application/octet-stream")
        response["Content-Length"] = stat.st_size
        if encoding:
            response["Content-Encoding"] = encoding
        response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = http_date(stat.st_mtime)
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, max_age=PRIVATE_MAX_AGE)
        response["Vary"] = "Cookie"
    return response


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or path != path.strip():
        raise Http404
    can_serve = _checker(path)
    if can_serve is None:
        raise Http404
    if can_serve(AnonymousUser(), path):
        return serve_media_file(request, path, public=True)
    if request.user.is_authenticated and can_serve(request.user, path):
        return serve_media_file(request, path, public=False)
    raise Http404
