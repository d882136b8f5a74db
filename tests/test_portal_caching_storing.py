"""What the page cache stores: public pages without a cookie or a CSRF token; never a page that
carries a per-visitor value (CSRF token, cookie, one-time message), an error page or a POST; a
short body is sent uncompressed."""

from __future__ import annotations

import pytest
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from activities.models import Activity
from core import caching

pytestmark = pytest.mark.django_db


def test_public_pages_set_no_cookie_and_carry_no_csrf_token(client):
    for url in (
        reverse("public:home"),
        reverse("portal:activity_list"),
        reverse("portal:search") + "?q=phuoc",
        reverse("portal:calendar"),
        reverse("portal:activity_detail", args=[Activity.objects.published().first().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert b"csrfmiddlewaretoken" not in response.content, url
        assert response.has_header("ETag"), f"{url} was not stored"


# --- what is never stored -------------------------------------------------------------------


def _counting_view(body):
    calls = []

    @caching.cache_public_page
    def view(request):
        calls.append(1)
        return body(request)

    return view, calls


def _anonymous_get(path="/test-page/"):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_plain_page_is_stored_once():
    view, calls = _counting_view(lambda request: HttpResponse("hello"))
    view(_anonymous_get())
    view(_anonymous_get())
    assert len(calls) == 1


def test_a_page_that_rendered_a_csrf_token_is_never_stored():
    def with_token(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    view, calls = _counting_view(with_token)
    view(_anonymous_get())
    view(_anonymous_get())
    assert len(calls) == 2


def test_a_page_that_sets_a_cookie_is_never_stored():
    def with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("visitor", "1")
        return response

    view, calls = _counting_view(with_cookie)
    view(_anonymous_get())
    view(_anonymous_get())
    assert len(calls) == 2


def test_a_page_with_a_one_time_message_is_neither_stored_nor_served_from_the_cache():
    view, calls = _counting_view(lambda request: HttpResponse("hello"))
    view(_anonymous_get())  # stored
    request = _anonymous_get()
    messages.info(request, "Thank you")
    view(request)
    assert len(calls) == 2


def test_an_error_page_is_never_stored():
    view, calls = _counting_view(lambda request: HttpResponse("gone", status=404))
    view(_anonymous_get())
    view(_anonymous_get())
    assert len(calls) == 2


def test_a_post_is_never_served_from_the_cache():
    view, calls = _counting_view(lambda request: HttpResponse("hello"))
    view(_anonymous_get())
    request = RequestFactory().post("/test-page/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request.session = {}
    view(request)
    assert len(calls) == 2


def test_a_short_body_is_sent_as_it_is():
    view, _ = _counting_view(lambda request: HttpResponse("hello"))
    request = _anonymous_get()
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    response = view(request)
    assert response.content == b"hello" and "Content-Encoding" not in response
