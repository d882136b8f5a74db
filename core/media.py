"""Uploaded files (photos, documents), served only to those who may see them.

Every path under ``MEDIA_URL`` goes through ``media``: the app that owns the folder says who
may download the file (it registers a checker for its folder with ``register`` in its
``AppConfig.ready()``). Anybody may get a file anybody may see (a consented photo of a published
activity); a file only some cadres may see is sent to them; everybody else gets a 404, the same
as for a file that does not exist. gunicorn serves them through this view in production as in
development; a proxy must never serve ``MEDIA_ROOT`` from disk.

Every file is kept by browsers only (``Cache-Control: private``, never by a shared cache) and asked
for again each time it is shown (``no-cache``: a 304 while it is unchanged and still allowed), so
a photo whose consent is withdrawn, or whose activity is unpublished, is gone at the next view.
A document (anything but an image) is sent as an attachment, under
``Content-Security-Policy: sandbox``, so that a crafted PDF or SVG never runs in the portal's origin.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousFileOperation
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils._os import safe_join
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# May this user download the file at this path (relative to MEDIA_ROOT)?
MediaChecker = Callable[[object, str], bool]

# Folder under MEDIA_ROOT → the checker of the app that owns it.
_checkers: dict[str, MediaChecker] = {}
# Sent with every file: no script, plugin or form of a file ever runs in the portal's origin.
MEDIA_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
# Shown in the page (an <img>): everything else is downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def register(prefix: str, checker: MediaChecker) -> None:
    """Let ``checker`` decide who may download the files under the folder ``prefix`` (``"articles/"``)."""
    if not prefix.endswith("/"):
        raise ValueError("A media folder ends with a slash.")
    _checkers[prefix] = checker


def owner_allows(user, owner: tuple[int, bool] | None, *, published: QuerySet, visible_to) -> bool:
    """The rule every app's checker follows, for a file of an owner (an activity, an article).

    ``owner`` is the owner's id and whether the file is public once the owner is published (a
    consented photo), or None for an unknown file. A public file of a published owner: anybody;
    any other file: the users ``visible_to(user)`` (a scoped QuerySet of owners) lets see it.
    """
    if owner is None:
        return False
    owner_id, public = owner
    if public and published.filter(pk=owner_id).exists():
        return True
    if user is None or not user.is_authenticated:
        return False
    return visible_to(user).filter(pk=owner_id).exists()


def _checker(path: str) -> MediaChecker | None:
    for prefix, checker in _checkers.items():
        if path.startswith(prefix):
            return checker
    return None


def serve_media_file(request: HttpRequest, path: str, *, public: bool) -> HttpResponse:
    """Send the file at ``path`` (relative to MEDIA_ROOT) once the caller has allowed it.

    Browsers keep it and revalidate it at each use; shared caches never keep it (``public`` says
    only whether the file is the same for everybody). Answers 304 to a conditional request for
    an unchanged file and 404 for a missing one.
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
        content_type = content_type or "application/octet-stream"
        inline = content_type in INLINE_TYPES and not encoding
        response = FileResponse(
            full_path.open("rb"), content_type=content_type, as_attachment=not inline, filename=full_path.name
        )
        response["Content-Length"] = stat.st_size
        response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Content-Security-Policy"] = MEDIA_CSP
    patch_cache_control(response, private=True, no_cache=True)
    if not public:
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
