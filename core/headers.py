"""Security headers on every response: Content-Security-Policy (django-csp's, built once) and
Permissions-Policy.

The Permissions-Policy header: the browser features no page of the portal uses are switched off.

Read from ``settings.PERMISSIONS_POLICY`` (feature → allowed origins; an empty list switches the
feature off everywhere), built once per process. A response that sets its own header keeps it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_REPORT_ONLY_HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase

HEADER = "Permissions-Policy"


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """``camera=(), fullscreen=(self "https://…")``: the header's structured-field syntax."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and HEADER not in response:
            response[HEADER] = self.header
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once per process, not twice per response.

    No page of the portal asks for a nonce or changes its policy (django-csp's decorators), so the
    header is the same on every response: it is built from the settings on first use (and again when
    a test changes them). A response that does use a nonce or a decorator is left to django-csp.
    """

    _PER_RESPONSE = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in self._PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # as django-csp: Django's debug pages keep their inline styles
        for header, value, excluded in _built_policies():
            if value and header not in response and not request.path_info.startswith(excluded):
                response[header] = value
        # As django-csp: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _built_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Each header, its value and the path prefixes it is not sent on."""
    return (
        (CSP_HEADER, build_policy(), _excluded("CONTENT_SECURITY_POLICY")),
        (
            CSP_REPORT_ONLY_HEADER,
            build_policy(report_only=True),
            _excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ),
    )


def _excluded(setting: str) -> tuple[str, ...]:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ())


@receiver(setting_changed)
def _build_again(*, setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _built_policies.cache_clear()
