"""Cached public pages, invalidated when public content changes.

Anonymous visitors get whole pages from the cache, per language. Every cache key carries
the current public-content version; anything that publishes, changes or unpublishes
something a public page shows calls ``public_content_changed()``, which moves the version
on so every cached page is rebuilt at its next visit. Logged-in users are never served a
page cached here (their own pages are kept for their session: ``core.private_pages``).

A page is stored only when it is the same for every anonymous visitor: a response that
sets a cookie, that rendered a CSRF token (a form), or that shows a one-time message is
never stored. The cache must be shared by the gunicorn workers (see ``CACHES`` in the
settings), so that they all agree on the version.

Each worker also keeps what it served last in its own memory, so that a page visited again
costs no round trip to the shared cache:

- the version, for at most ``VERSION_MEMO_SECONDS``; the worker that commits a change moves
  its own at once, the other workers follow within that time;
- up to ``LOCAL_PAGES_MAX`` pages, keyed like the shared cache (so a new version or a new day
  never finds an old page) and kept no longer than the shared copy.

A stored page carries its gzip-compressed body too, sent to clients that accept it. Only pages
the same for every anonymous visitor are stored, so no secret (a CSRF token, a session) is ever
compressed beside what a visitor typed.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.db import DatabaseError, InterfaceError, transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string

VERSION_KEY = "portal:public-content-version"
PAGE_KEY_PREFIX = "portal:page"
# Headers a view sets that belong with the cached content (the middleware adds the rest again).
_KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", "Content-Language", "X-Robots-Tag")
# How long a worker trusts the version it last read from the shared cache.
VERSION_MEMO_SECONDS = 1.0
# How many pages a worker keeps in its own memory (a page is a few tens of kB).
LOCAL_PAGES_MAX = 256
# Bodies shorter than this are sent as they are (as Django's GZipMiddleware does).
_MIN_GZIP_BYTES = 200
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
# The cookie of Django's cookie message storage (the fallback storage tries it first).
_MESSAGES_COOKIE = "messages"


# Browsers and proxies keep a public page but ask again every time (a 304 when unchanged), so
# that an unpublished activity disappears at once for everybody.
_PUBLIC_HEADERS = {"Cache-Control": "public, no-cache", "Vary": "Cookie, Accept-Language, Accept-Encoding"}
# The request headers that make a request conditional (RFC 9110, section 13.1).
_CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


@dataclass(frozen=True)
class StoredPage:
    """A response as a store keeps it: its status, the headers kept with it and its body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


@dataclass(frozen=True)
class CachedPage(StoredPage):
    etag: str
    # The gzip-compressed body, or empty when compressing does not make it smaller.
    gzipped: bytes = b""

    @functools.cached_property
    def plain_headers(self) -> dict[str, str]:
        return {**dict(self.headers), **_PUBLIC_HEADERS, "ETag": self.etag}

    @functools.cached_property
    def gzip_headers(self) -> dict[str, str]:
        # The compressed body is another representation of the same page: a weak validator.
        return {**self.plain_headers, "ETag": f"W/{self.etag}", "Content-Encoding": "gzip"}


class _WorkerMemory:
    """The version and the pages this worker (process) read or stored last."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_pages: Callable[[], int] = lambda: LOCAL_PAGES_MAX,
    ) -> None:
        self._clock = clock
        self._max_pages = max_pages
        self._lock = threading.Lock()
        self._version: int | None = None
        self._version_read_at = 0.0
        self._pages: OrderedDict[str, tuple[float, CachedPage]] = OrderedDict()

    def version(self) -> int | None:
        with self._lock:
            if self._version is not None and self._clock() - self._version_read_at < VERSION_MEMO_SECONDS:
                return self._version
            return None

    def remember_version(self, version: int) -> None:
        with self._lock:
            self._version, self._version_read_at = version, self._clock()

    def page(self, key: str) -> CachedPage | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            expires_at, page = entry
            if self._clock() >= expires_at:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def remember_page(self, key: str, page: CachedPage, timeout: float) -> None:
        with self._lock:
            self._pages[key] = (self._clock() + timeout, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self._max_pages():
                self._pages.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._version = None
            self._pages.clear()


_memory = _WorkerMemory()


class _LocalDay:
    """Today's date in the portal's time zone, worked out again only when the local day ends."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._date: datetime.date | None = None
        self._ends_at = 0.0

    def isoformat(self) -> str:
        if self._date is None or self._clock() >= self._ends_at:
            now = timezone.localtime(datetime.datetime.fromtimestamp(self._clock(), tz=datetime.UTC))
            midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
            self._date, self._ends_at = now.date(), timezone.make_aware(midnight).timestamp()
        return self._date.isoformat()


_today = _LocalDay()


def forget_local_cache() -> None:
    """Drop this worker's own copies (for whoever clears the shared cache, e.g. the tests)."""
    _memory.forget()


@receiver(setting_changed)
def _forget_with_the_cache_settings(*, setting: str, **kwargs) -> None:
    # Tests that swap the cache (``settings.CACHES = ...``) start without this worker's copies.
    if setting in ("CACHES", "PUBLIC_PAGE_CACHE_SECONDS"):
        forget_local_cache()
    if setting == "ROOT_URLCONF":
        _params_of_path.forget()


def public_content_version() -> int:
    version = _memory.version()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    _memory.remember_version(version)
    return version


def _move_version_on() -> None:
    version = time.time_ns()
    cache.set(VERSION_KEY, version, timeout=None)
    _memory.forget()
    _memory.remember_version(version)


def public_content_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""
    transaction.on_commit(_move_version_on)


def request_key(
    prefix: str,
    request: HttpRequest,
    *more: str,
    query: list[tuple[str, str]] | None = None,
    language: str | None = None,
) -> str:
    """``prefix`` and a hash of the request's host, path, sorted query (``query`` when given),
    language (the active one unless given) and today's date in the portal's time zone, and of
    ``more``."""
    if query is None:
        query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    parts = [
        request.get_host(),
        request.path,
        repr(query),
        language or translation.get_language() or settings.LANGUAGE_CODE,
        _today.isoformat(),
        *more,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{prefix}:{digest}"


def page_cache_key(request: HttpRequest) -> str:
    """Host, path, sorted query, language, today's date and the public-content version.

    Today's date is in the key because pages show "upcoming" events and figures of this year.
    The parts are hashed, so that a long query string makes a short key. The query is the one the
    page reads (``read_query``): any other parameter shares the clean URL's entry.
    """
    return request_key(PAGE_KEY_PREFIX, request, str(public_content_version()))


def has_messages(request: HttpRequest) -> bool:
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


def _page_of(response: HttpResponseBase) -> CachedPage:
    content = response.content
    gzipped = compress_string(content) if len(content) >= _MIN_GZIP_BYTES else b""
    headers = tuple((name, response[name]) for name in _KEPT_HEADERS if response.has_header(name))
    return CachedPage(
        status=response.status_code,
        headers=headers,
        content=content,
        etag=_etag(content),
        gzipped=gzipped if 0 < len(gzipped) < len(content) else b"",
    )


def _keeps_copies() -> bool:
    """Whether the worker keeps its own copies: not when caching is off (a dummy shared cache)."""
    return not isinstance(caches[DEFAULT_CACHE_ALIAS], DummyCache)


def _cached(key: str) -> CachedPage | None:
    page = _memory.page(key)
    if page is None:
        page = cache.get(key)
        if not isinstance(page, CachedPage):
            return None
        if _keeps_copies():
            _memory.remember_page(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return page


def _store(key: str, page: CachedPage) -> None:
    cache.set(key, page, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    if _keeps_copies():
        _memory.remember_page(key, page, settings.PUBLIC_PAGE_CACHE_SECONDS)


def _serve(request: HttpRequest, page: CachedPage) -> HttpResponseBase:
    """The page, compressed when the client accepts gzip, or a 304 when the client has it."""
    if page.gzipped and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        body, headers = page.gzipped, page.gzip_headers
    else:
        body, headers = page.content, page.plain_headers
    response = HttpResponse(body, status=page.status, headers=headers)
    if any(condition in request.META for condition in _CONDITIONS):
        return get_conditional_response(request, etag=headers["ETag"], response=response)
    return response


# At most this many values of one parameter are read (a page reads one; a flood sends many).
_MAX_VALUES_PER_PARAMETER = 1


def _read_items(request: HttpRequest, params: frozenset[str]) -> list[tuple[str, str]]:
    """The declared parameters of the query, one non-empty value each, sorted."""
    items = []
    for key in sorted(params & request.GET.keys()):
        items += [(key, value) for value in request.GET.getlist(key) if value][:_MAX_VALUES_PER_PARAMETER]
    return items


def read_query(request: HttpRequest, params: frozenset[str]) -> QueryDict:
    """The part of the query a page reads: its declared parameters, one value each, non-empty."""
    query = QueryDict(mutable=True)
    for key, value in _read_items(request, params):
        query.appendlist(key, value)
    query._mutable = False
    return query


def cache_public_page(
    view: Callable[..., HttpResponseBase] | None = None, *, params: Iterable[str] = ()
) -> Callable[..., HttpResponseBase]:
    """Serve ``view``'s page from the cache to anonymous visitors (GET and HEAD only).

    ``params`` names the query parameters the page reads (a list's filters and ``page``). For an
    anonymous visitor the view sees only those, and the cache key holds only those: any other
    parameter, or an empty one, shares the entry of the clean URL, so junk query strings cannot
    fill the cache with copies of a page. Use it bare (``@cache_public_page``) for a page that
    reads no parameter, or called (``@cache_public_page(params=("q", "page"))``).

    Logged-in users get a page of their own, marked ``Cache-Control: private`` and kept for their
    session only (``core.private_pages``).
    """
    if view is None:
        return functools.partial(cache_public_page, params=params)
    declared = frozenset(params)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        if request.user.is_authenticated:
            # A logged-in user's page (it shows the account) is kept for the session, until the
            # public content changes or the account's part of the work (core/private_pages.py).
            from .private_pages import private_response

            render = functools.partial(view, request, *args, **kwargs)
            return private_response(request, render, also_keyed_by=str(public_content_version()))
        if request.method not in ("GET", "HEAD") or has_messages(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        request.GET = read_query(request, declared)
        key = page_cache_key(request)
        page = _cached(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse):
                response.render()  # e.g. the sitemap: the cache needs its content now
            if not _storable(request, response):
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
                return response
            page = _page_of(response)
            _store(key, page)
        return _serve(request, page)

    # What the cache-first middleware reads to answer before the rest of the stack runs.
    wrapper.public_page_params = declared
    return wrapper


class WorkerMemo:
    """What this worker found last, by key: at most ``size`` entries, then it starts again (a
    flood of new keys costs memory once, never more)."""

    MISSING = object()

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._known: dict = {}

    def get(self, key, default=None):
        with self._lock:
            return self._known.get(key, default)

    def put(self, key, value) -> None:
        with self._lock:
            if len(self._known) >= self._size:
                self._known.clear()
            self._known[key] = value

    def forget(self) -> None:
        with self._lock:
            self._known.clear()


# The stored-page parameters of each path a worker was asked for.
_params_of_path = WorkerMemo(4096)


def _public_page_params(path: str) -> frozenset[str] | None:
    """The query parameters the public page at ``path`` reads, or None for any other path;
    resolved once per path and worker (the URLconf does not change while it runs)."""
    params = _params_of_path.get(path, WorkerMemo.MISSING)
    if params is WorkerMemo.MISSING:
        try:
            params = getattr(resolve(path).func, "public_page_params", None)
        except Resolver404:
            params = None
        _params_of_path.put(path, params)
    return params


class CachedPagesFirstMiddleware:
    """Answer an anonymous visitor's request for a stored public page before the session,
    authentication, messages, idempotency and audit middleware run.

    It sits right after the security, CSP and static-file middleware, which still wrap what it
    answers. A request is "anonymous" here when it carries no session cookie and no messages
    cookie: such a request can only be an anonymous one with no one-time message, exactly the
    requests ``cache_public_page`` serves from the cache. Everything else (a session, a message,
    a POST, a page the cache does not hold yet) goes through the whole stack as before, and the
    view's decorator stores the page. The language is chosen as ``LocaleMiddleware`` chooses it
    (the language cookie, then the browser's Accept-Language, then the default), and the page is
    looked up with the same key the decorator stores it under.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self._from_cache(request)
        return response if response is not None else self.get_response(request)

    def _from_cache(self, request: HttpRequest) -> HttpResponseBase | None:
        if request.method not in ("GET", "HEAD"):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or _MESSAGES_COOKIE in cookies:
            return None
        params = _public_page_params(request.path_info)
        if params is None:
            return None
        language = translation.get_language_from_request(request)
        try:
            # The key ``cache_public_page`` stores the page under, without building its request.
            key = request_key(
                PAGE_KEY_PREFIX,
                request,
                str(public_content_version()),
                query=_read_items(request, params),
                language=language,
            )
            page = _cached(key)
        except (DatabaseError, InterfaceError):
            # The shared cache is a table: while the database is down the whole stack answers (503).
            page = None
        if page is None:
            return None
        response = _serve(request, page)
        # What the middleware this answer skipped would have added.
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
