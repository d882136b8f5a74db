"""The calendar of public events and its feed, robots.txt, and the language switch.

Pages are the same for every anonymous visitor and are cached for them (``cache_public_page``).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from activities import selectors_public as selectors
from core.caching import cache_public_page
from core.views import paginate

from . import calendar

CALENDAR_PAGE_SIZE = 50
# The feed keeps recent events too, so that a subscribed phone calendar does not lose them at once.
FEED_PAST_DAYS = 90
FEED_MAX_EVENTS = 500


@require_safe
@cache_public_page(params=("page",))
def calendar_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    events = selectors.upcoming_events(today).prefetch_related(selectors.organizers())
    page = paginate(request, events, CALENDAR_PAGE_SIZE)
    return render(request, "portal/calendar.html", {"page": page, "today": today})


@require_safe
@cache_public_page
def calendar_feed(request: HttpRequest) -> HttpResponse:
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    events = list(selectors.upcoming_events(since)[:FEED_MAX_EVENTS])
    body = calendar.activities_calendar(events, request=request)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lagi-calendar.ics"'
    return response


# How long crawlers and proxies may keep robots.txt.
ROBOTS_MAX_AGE = 24 * 3600
# Path prefixes crawlers are asked to leave alone (tests/test_portal_pages.py checks each one).
ROBOTS_DISALLOWED = ("/cadre/", "/admin/", "/accounts/", "/concerns/status/", "/i18n/", "/language/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers index the public pages only.

    The work area, the admin and the accounts pages need a login anyway; a concern's status page
    is for the resident who holds the code; the language links only set a cookie.
    """
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOWED)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=ROBOTS_MAX_AGE)
    return response


@never_cache
@require_safe
def set_language(request: HttpRequest, code: str) -> HttpResponse:
    """Remember the chosen language in the language cookie and go back to the page.

    A plain link (GET) rather than a form, so that cached public pages carry no per-visitor
    CSRF token. Choosing a language is a harmless preference, like the language a browser sends.
    """
    if not check_for_language(code) or code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
