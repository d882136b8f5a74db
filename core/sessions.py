"""How long a login lasts, and a password change an administrator asked for.

A session ends after ``SESSION_IDLE_SECONDS`` without a request (30 minutes) and
``SESSION_MAX_AGE_SECONDS`` after the login (12 hours) whatever happens; the cookie and the stored
session expire at the same absolute limit (``SESSION_COOKIE_AGE``). The login records its time in
the session (``start_session``, called on ``user_logged_in``), so no request writes the session
just to start the clocks; the time of the last request is written at most once a minute.

An account whose ``must_change_password`` is set (by an administrator, in the admin) is sent to the
password change page until it has chosen a new password; it may still log out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .sudo import mark_authenticated

STARTED = "lagi_session_started"
LAST_SEEN = "lagi_session_last_seen"
# The last request's time is written when older than this (seconds), not on every request.
LAST_SEEN_RESOLUTION = 60


def start_session(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the clocks at login (a receiver of ``user_logged_in``)."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[STARTED] = now
        session[LAST_SEEN] = now
        # The password was just given: it counts for sudo mode (core/sudo.py).
        mark_authenticated(request)


def session_expired(session, now: int) -> bool:
    started = session.get(STARTED)
    last_seen = session.get(LAST_SEEN)
    if started is None or last_seen is None:
        return True
    return now - last_seen > settings.SESSION_IDLE_SECONDS or now - started > settings.SESSION_MAX_AGE_SECONDS


class SessionLimitsMiddleware:
    """Ends idle and old sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A visitor without a session cookie (every resident) costs nothing here.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = int(time.time())
            if session_expired(request.session, now):
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - request.session[LAST_SEEN] >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Holds an account that must change its password on that page (after its second factor)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
            and getattr(request.user, "must_change_password", False)
            and request.path not in _allowed_paths()
        ):
            messages.warning(request, _("Please choose a new password before you continue."))
            return redirect("password_change")
        return self.get_response(request)


def _allowed_paths() -> set[str]:
    """Where an account that must change its password may still go."""
    return {reverse("password_change"), reverse("logout"), reverse("password_change_done")}
