"""The Content-Security-Policy header built once per process (core/headers.py) is django-csp's own:
the same value on every response, django-csp's per-response rules where a view asks for them."""

from __future__ import annotations

from csp.decorators import csp_exempt, csp_update
from csp.middleware import CSPMiddleware
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from core.headers import ContentSecurityPolicyMiddleware

HEADER = "Content-Security-Policy"


def plain(request):
    return HttpResponse("ok")


def both(view, path: str = "/"):
    """The response of ``view`` through the portal's middleware and through django-csp's."""
    factory = RequestFactory()
    ours = ContentSecurityPolicyMiddleware(view)(factory.get(path))
    theirs = CSPMiddleware(view)(factory.get(path))
    return ours, theirs


def test_the_header_is_django_csps_policy():
    ours, theirs = both(plain)
    assert ours[HEADER] == theirs[HEADER] == build_policy()
    assert "script-src 'self'" in ours[HEADER]


def test_a_view_that_changes_its_policy_gets_django_csps_own():
    ours, theirs = both(csp_update({"img-src": ["https://tiles.example.org"]})(plain))
    assert "https://tiles.example.org" in ours[HEADER]
    assert ours[HEADER] == theirs[HEADER] != build_policy()
    ours, theirs = both(csp_exempt()(plain))
    assert HEADER not in ours and HEADER not in theirs


def test_a_response_that_sets_its_own_header_keeps_it():
    def sandboxed(request):
        response = HttpResponse("file")
        response[HEADER] = "sandbox"
        return response

    ours, _ = both(sandboxed)
    assert ours[HEADER] == "sandbox"


def test_a_change_of_the_settings_builds_it_again(settings):
    before = both(plain)[0][HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    ours, theirs = both(plain)
    assert ours[HEADER] == theirs[HEADER] == "default-src 'none'" != before
