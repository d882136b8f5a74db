"""Sudo mode: a recent password (and second factor) before the actions that matter most.

Exporting personal data, changing accounts and their scopes, confirming a reorganization of the
units and switching off two-factor authentication ask the account to prove again who it is when
its last proof is older than ``SUDO_SECONDS`` (15 minutes): the login counts, and so does the
re-authentication page (``organizations.views_accounts.reauthenticate``), which records the time
in the session.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

AUTHENTICATED_AT = "lagi_authenticated_at"


def mark_authenticated(request: HttpRequest) -> None:
    """The account just proved who it is (at login, or on the re-authentication page)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[AUTHENTICATED_AT] = int(time.time())


def recently_authenticated(request: HttpRequest) -> bool:
    at = request.session.get(AUTHENTICATED_AT)
    return at is not None and time.time() - at <= settings.SUDO_SECONDS


def reauthentication_redirect(request: HttpRequest) -> HttpResponse:
    target = request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "")
    query = urlencode({"next": target}) if target else ""
    return redirect(f"{reverse('reauthenticate')}?{query}" if query else reverse("reauthenticate"))


def sudo_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view runs only for an account that proved who it is within ``SUDO_SECONDS``."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not recently_authenticated(request):
            return reauthentication_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


class SudoAdminMixin:
    """Admin add, change and delete pages of a model in sudo mode (accounts, scopes, units)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if not recently_authenticated(request):
            return reauthentication_redirect(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not recently_authenticated(request):
            return reauthentication_redirect(request)
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        # Actions (e.g. "delete selected") are posted to the list.
        if request.method == "POST" and not recently_authenticated(request):
            return reauthentication_redirect(request)
        return super().changelist_view(request, extra_context)
