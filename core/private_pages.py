"""Work-area pages kept for the session that saw them, until something they show may have changed.

A cadre opens the dashboard, the work log or the inbox many times a day, and the page is the same
each time until somebody writes something in the cadre's part of the country. A page wrapped in
``cache_private_page`` is rendered once and then served from this worker's memory to the same
session, for as long as all of these are unchanged (they are all in the key):

- the session itself: its key, its CSRF cookie and everything it holds but the time of the last
  request, so a login, a second factor, a sudo window or any value a page reads starts afresh;
- the request: host, path, every query parameter, language, and today's date in the portal's
  time zone (what is overdue or upcoming changes at midnight);
- the versions of the **areas** the page reads: ``SHARED`` (moved on by any write the caller
  cannot place, an administrator's or a command's) and those the caller's ``areas`` function
  names for the user (for the portal, the top units of the cadre's scope;
  ``organizations.pagestore``). ``work_changed(areas)`` moves them on when the transaction commits.

A page that shows a one-time message, sets a cookie or is not a 200 is never kept. Pages are kept
only in the worker's own memory (never in the shared cache: they hold residents' data), at most
``PRIVATE_PAGES_MAX`` of them, each for at most ``PRIVATE_PAGE_SECONDS``: that bounds what a write
nobody announced could leave on screen. Versions are read from the shared cache and trusted for
``VERSION_MEMO_SECONDS``, so another worker's write shows within that time; the writer's own
session sees it at once (its next page finds the session changed: ``WRITES_KEY``).

What must happen on every showing still happens: each form on a served page gets a fresh one-time
key (``core.idempotency``), and what a view asked to repeat (``on_each_showing``, e.g. the
"accessed" audit entry of a page with a resident's data) runs again.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.module_loading import import_string

from .caching import StoredPage, _WorkerMemory, has_messages, request_key
from .idempotency import FIELD_NAME, new_key
from .sessions import LAST_SEEN

SHARED = "shared"
VERSION_KEY_PREFIX = "portal:work-version"
PAGE_KEY_PREFIX = "portal:private-page"
# A session's count of the writes it made: its next page is keyed anew, on whichever worker.
WRITES_KEY = "lagi_writes"
VERSION_MEMO_SECONDS = 1.0
# The response headers kept with a page (the middleware adds the others on each request).
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Content-Disposition")
# The one-time form keys of a page (``{% form_key %}``), renewed on each showing.
_FORM_KEYS = re.compile(
    rb'(<input type="hidden" name="' + FIELD_NAME.encode() + rb'" value=")[0-9a-f-]{36}(")'
)


@dataclass(frozen=True)
class PrivatePage(StoredPage):
    has_form_keys: bool
    # What the view asked to run on each showing (kept in this worker's memory only).
    each_showing: tuple[Callable[[HttpRequest], None], ...] = ()


class _Versions:
    """The areas' versions this worker read last, trusted for ``VERSION_MEMO_SECONDS``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._read: dict[str, tuple[float, int]] = {}

    def get(self, areas: tuple[str, ...]) -> tuple[int, ...]:
        now = self._clock()
        with self._lock:
            fresh = {area: read for area, read in self._read.items() if now - read[0] < VERSION_MEMO_SECONDS}
        known = {area: version for area, (_, version) in fresh.items()}
        missing = [area for area in areas if area not in known]
        if missing:
            found = cache.get_many([_version_key(area) for area in missing])
            with self._lock:
                for area in missing:
                    # An area nobody wrote in yet is at version 0.
                    known[area] = found.get(_version_key(area), 0)
                    self._read[area] = (now, known[area])
        return tuple(known[area] for area in areas)

    def moved(self, areas: Iterable[str], version: int) -> None:
        with self._lock:
            for area in areas:
                self._read[area] = (self._clock(), version)

    def forget(self) -> None:
        with self._lock:
            self._read.clear()


_versions = _Versions()
_pages = _WorkerMemory(max_pages=lambda: settings.PRIVATE_PAGES_MAX)
# What callers keep beside the pages (e.g. a scope's areas), dropped with them.
_kept_beside: list[Callable[[], None]] = []


def keep_beside(forget: Callable[[], None]) -> None:
    """Register ``forget``, called whenever this worker's pages are dropped."""
    _kept_beside.append(forget)


def forget_private_pages() -> None:
    """Drop this worker's pages and versions (for whoever clears the shared cache, e.g. the tests)."""
    _versions.forget()
    _pages.forget()
    for forget in _kept_beside:
        forget()


def versions(areas: tuple[str, ...]) -> tuple[int, ...]:
    """The areas' versions (an area nobody wrote in yet is at 0)."""
    return _versions.get(areas)


@receiver(setting_changed)
def _forget_with_the_settings(*, setting: str, **kwargs) -> None:
    if setting in ("CACHES", "PRIVATE_PAGE_SECONDS", "PRIVATE_PAGES_MAX"):
        forget_private_pages()


def _version_key(area: str) -> str:
    return f"{VERSION_KEY_PREFIX}:{area}"


def _move_on(areas: tuple[str, ...]) -> None:
    version = time.time_ns()
    cache.set_many({_version_key(area): version for area in areas}, timeout=None)
    _versions.moved(areas, version)


def work_changed(areas: Iterable[str] = (SHARED,)) -> None:
    """Pages that read ``areas`` are rendered anew once the current transaction commits (by
    default every page: a change the caller cannot place)."""
    named = tuple(dict.fromkeys(areas)) or (SHARED,)
    transaction.on_commit(functools.partial(_move_on, named))


def note_write(request: HttpRequest) -> None:
    """The session made a write: its own next page is rendered anew on any worker."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        session[WRITES_KEY] = session.get(WRITES_KEY, 0) + 1


def on_each_showing(request: HttpRequest, action: Callable[[HttpRequest], None]) -> None:
    """Run ``action(request)`` now, and again each time the page is served from memory."""
    action(request)
    actions = request.__dict__.setdefault("_private_page_each_showing", [])
    actions.append(action)


def _session_state(request: HttpRequest) -> str:
    session = request.session
    items = sorted((key, repr(value)) for key, value in session.items() if key != LAST_SEEN)
    return repr((session.session_key, request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""), items))


def page_key(request: HttpRequest, areas: tuple[str, ...], also_keyed_by: str = "") -> str:
    named = (SHARED, *areas)
    versions_now = repr(list(zip(named, _versions.get(named), strict=True)))
    return request_key(PAGE_KEY_PREFIX, request, versions_now, _session_state(request), also_keyed_by)


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # The page's CSRF tokens are masked from the secret of the cookie the request came with
        # (part of the key); a request without one is given a new secret with this response.
        and settings.CSRF_COOKIE_NAME in request.COOKIES
        and not has_messages(request)
    )


def _keeps_pages() -> bool:
    return settings.PRIVATE_PAGE_SECONDS > 0 and not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def _page_of(request: HttpRequest, response: HttpResponseBase) -> PrivatePage:
    content = response.content
    return PrivatePage(
        status=response.status_code,
        headers=tuple((name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)),
        content=content,
        has_form_keys=_FORM_KEYS.search(content) is not None,
        each_showing=tuple(request.__dict__.get("_private_page_each_showing", ())),
    )


def _fresh_form_key(match: re.Match[bytes]) -> bytes:
    return match.group(1) + new_key().encode() + match.group(2)


def _serve(request: HttpRequest, page: PrivatePage) -> HttpResponse:
    # As a rendering that uses the token does: the CSRF cookie is sent again (its expiry renewed).
    get_token(request)
    for action in page.each_showing:
        action(request)
    content = _FORM_KEYS.sub(_fresh_form_key, page.content) if page.has_form_keys else page.content
    return HttpResponse(content, status=page.status, headers=dict(page.headers))


def _private(response: HttpResponseBase) -> HttpResponseBase:
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def scope_areas(request: HttpRequest) -> tuple[str, ...]:
    """The areas the logged-in user's pages read, from ``settings.PRIVATE_PAGE_AREAS`` (a dotted
    path to a function of the request; the project's is ``organizations.pagestore.request_areas``)."""
    return tuple(import_string(settings.PRIVATE_PAGE_AREAS)(request))


def private_response(
    request: HttpRequest,
    render: Callable[[], HttpResponseBase],
    *,
    also_keyed_by: str = "",
) -> HttpResponseBase:
    """The page ``render()`` makes, kept for the session (see ``cache_private_page``)."""
    if (
        not request.user.is_authenticated
        or request.method not in ("GET", "HEAD")
        or not _keeps_pages()
        or has_messages(request)
    ):
        return _private(render())
    key = page_key(request, scope_areas(request), also_keyed_by)
    page = _pages.page(key)
    if page is not None:
        return _private(_serve(request, page))
    response = render()
    if isinstance(response, SimpleTemplateResponse):
        response.render()
    if _storable(request, response):
        # This request shows the page as rendered, with the form keys it was given.
        _pages.remember_page(key, _page_of(request, response), settings.PRIVATE_PAGE_SECONDS)
    return _private(response)


def cache_private_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Keep ``view``'s page for the logged-in session that saw it (GET and HEAD only), until the
    versions of the user's areas (``scope_areas``) or of ``SHARED`` move on. Wrap it inside
    ``login_required``: an anonymous request, a form post or a page with a message is rendered as
    usual."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return private_response(request, functools.partial(view, request, *args, **kwargs))

    return wrapper
