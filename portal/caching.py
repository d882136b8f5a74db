"""Cached public pages, invalidated when public content changes.

Anonymous visitors get whole pages from the cache, per language. Every cache key carries
the current public-content version; anything that publishes, changes or unpublishes
something a public page shows calls ``public_content_changed()``, which moves the version
on so every cached page is rebuilt at its next visit. Logged-in users are never served a
cached page.

A page is stored only when it is the same for every anonymous visitor: a response that
sets a cookie, that rendered a CSRF token (a form), or that shows a one-time message is
never stored. The cache must be shared by the gunicorn workers (see ``CACHES`` in the
settings), so that they all agree on the version.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

VERSION_KEY = "portal:public-content-version"
PAGE_KEY_PREFIX = "portal:page"
# Headers a view sets that belong with the cached content (the middleware adds the rest again).
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language")


def public_content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def public_content_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))


@dataclass(frozen=True)
class CachedPage:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes
    etag: str


def page_cache_key(request: HttpRequest) -> str:
    """Host, path, sorted query, language, today's date and the public-content version.

    Today's date is in the key because pages show "upcoming" events and figures of this year.
    The parts are hashed, so that a long query string makes a short key.
    """
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    parts = [
        request.get_host(),
        request.path,
        repr(query),
        translation.get_language() or settings.LANGUAGE_CODE,
        timezone.localdate().isoformat(),
        str(public_content_version()),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{digest}"


def _has_messages(request: HttpRequest) -> bool:
    # Iterating marks the messages as seen but keeps them for this request's page.
    return bool(list(messages.get_messages(request)))


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
    )


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _from_cache(page: CachedPage) -> HttpResponse:
    response = HttpResponse(page.content, status=page.status)
    for name, value in page.headers:
        response[name] = value
    return response


def _mark_public(response: HttpResponseBase, etag: str | None) -> None:
    # Browsers and proxies keep the page but ask again every time (a 304 when unchanged), so
    # that an unpublished activity disappears at once for everybody.
    patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    if etag:
        response["ETag"] = etag


def cache_public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve ``view``'s page from the cache to anonymous visitors (GET and HEAD only).

    Logged-in users always get a freshly rendered page marked ``Cache-Control: private``.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response
        if request.method not in ("GET", "HEAD") or _has_messages(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        key = page_cache_key(request)
        page = cache.get(key)
        if isinstance(page, CachedPage):
            response = _from_cache(page)
            _mark_public(response, page.etag)
            return get_conditional_response(request, etag=page.etag, response=response)

        response = view(request, *args, **kwargs)
        if not _storable(request, response):
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response
        etag = _etag(response.content)
        headers = tuple((name, response[name]) for name in _KEPT_HEADERS if response.has_header(name))
        page = CachedPage(status=response.status_code, headers=headers, content=response.content, etag=etag)
        cache.set(key, page, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
        _mark_public(response, etag)
        return get_conditional_response(request, etag=etag, response=response)

    return wrapper
