"""The Permissions-Policy header: the browser features no page of the portal uses are switched off.

Read from ``settings.PERMISSIONS_POLICY`` (feature → allowed origins; an empty list switches the
feature off everywhere), built once per process. A response that sets its own header keeps it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
