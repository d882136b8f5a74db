"""Who must prove a second factor, and holding them to it.

With ``TWO_FACTOR_REQUIRED`` on (its default when ``DEBUG`` is off), staff and every account that
may change anything (a write scope, or the "see everything" permission) must log in with a second
factor: a TOTP code from an authenticator app, or one of their single-use recovery codes
(django-otp's devices, set up on django-two-factor-auth's pages). An account without a device
yet is sent to set one up before anything else. An account that set up a device uses it whatever
the setting says. A read-only cadre is not asked (with the setting on, they may still add one).

Whether the login needs a second factor is decided once, at login (``note_second_factor``), and
kept in the session: a page costs no device query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from .scoping import scope_for

NEEDED = "lagi_second_factor_needed"


def must_use_second_factor(user) -> bool:
    """Staff and writers when the setting is on; anyone who set up a device."""
    if settings.TWO_FACTOR_REQUIRED and (user.is_staff or user.is_superuser or scope_for(user).can_write):
        return True
    return user_has_device(user, confirmed=True)


def note_second_factor(sender, request: HttpRequest, user, **kwargs) -> None:
    """At login (a receiver of ``user_logged_in``): does this session need a second factor?"""
    session = getattr(request, "session", None)
    if session is not None:
        session[NEEDED] = must_use_second_factor(user)


def _open_paths() -> tuple[str, ...]:
    """Where an account that still owes its second factor may go: proving it, setting it up, leaving."""
    return (
        reverse("otp_verify"),
        reverse("two_factor:setup"),
        reverse("two_factor:qr"),
        reverse("two_factor:setup_complete"),
        reverse("logout"),
    )


class SecondFactorMiddleware:
    """Sends a logged-in account that owes its second factor to the page that takes it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._owes_second_factor(request) and not request.path.startswith(_open_paths()):
            has_device = user_has_device(request.user, confirmed=True)
            target = reverse("otp_verify" if has_device else "two_factor:setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _owes_second_factor(request: HttpRequest) -> bool:
        # A visitor without a session cookie (every resident) costs nothing here.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or not request.user.is_authenticated:
            return False
        return bool(request.session.get(NEEDED)) and not request.user.is_verified()
