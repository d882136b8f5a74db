"""A cadre's own account: the password (a change an administrator may require), its sessions,
the second step of a login that needs a second factor, and re-authentication (sudo mode).

Logging in and out are Django's views behind django-axes (lagi_portal/urls.py); the limits of a
session are kept by ``core.sessions``; who needs a second factor by ``organizations.twofactor``;
setting a device up, the recovery codes and switching it off are django-two-factor-auth's pages.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from core.sudo import mark_authenticated

from .services import end_all_sessions


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; a change asked for by an administrator is done once it succeeds."""

    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        # Saved with the new password, in the same write.
        form.user.must_change_password = False
        return super().form_valid(form)


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    """The account's page: change the password, log out of every session."""
    if request.method == "POST":
        end_all_sessions(actor=request.user)
        logout(request)
        messages.success(request, _("You were logged out everywhere. Log in again to continue."))
        return redirect("login")
    return render(request, "registration/account_security.html")


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=gettext_lazy("Code from your authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(_("This code is not valid (or was already used)."), code="invalid")
        return token


class ReauthenticationForm(SecondFactorForm):
    """The password again, and the second factor when the account has one."""

    password = forms.CharField(label=gettext_lazy("Password"), strip=False, widget=forms.PasswordInput)
    field_order = ["password", "token"]

    def __init__(self, *args, user, request, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.request = request
        if not user_has_device(user, confirmed=True):
            del self.fields["token"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so that django-axes counts a wrong password here too.
        if authenticate(self.request, username=self.user.get_username(), password=password) is None:
            raise forms.ValidationError(_("This password is not right."), code="invalid")
        return password


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
def verify_second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of a login that needs a second factor."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect("two_factor:setup")
    form = SecondFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        mark_authenticated(request)
        return redirect(_next_url(request))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next_url(request), "title": _("Second step of the login")},
    )


@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Sudo mode: the password (and second factor) again before an action that matters most."""
    form = ReauthenticationForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        if form.device is not None:
            otp_login(request, form.device)
        mark_authenticated(request)
        return redirect(_next_url(request))
    return render(
        request,
        "registration/second_factor.html",
        {"form": form, "next": _next_url(request), "title": _("Confirm it is you")},
    )
