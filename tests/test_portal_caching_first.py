"""A stored public page is answered to a visitor without a session before the session,
authentication, messages and audit middleware run, in the language ``LocaleMiddleware`` would
choose, with the same headers; anything else still goes through the whole stack."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from tests.helpers import ENGLISH, VIETNAMESE

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("portal:activity_list")


def answered_first(response) -> bool:
    """Whether the middleware answered: the session middleware never saw the request."""
    return not hasattr(response.wsgi_request, "session")


def test_the_first_visit_goes_through_the_stack_and_the_second_is_answered_first(client):
    first = client.get(ACTIVITIES)
    second = client.get(ACTIVITIES)

    assert first.status_code == second.status_code == 200
    assert not answered_first(first)
    assert answered_first(second)
    assert second.content == first.content
    assert not hasattr(second.wsgi_request, "user")


def test_the_page_answered_first_has_the_headers_of_the_page_the_stack_serves(client):
    client.get(ACTIVITIES)
    first = client.get(ACTIVITIES)
    # A session cookie takes the same cached page through the whole stack.
    client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session"
    through_stack = client.get(ACTIVITIES)

    assert answered_first(first) and not answered_first(through_stack)
    assert through_stack.content == first.content
    for header in (
        "Content-Type",
        "Content-Language",
        "Cache-Control",
        "ETag",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert first.get(header) == through_stack.get(header), header
    assert {v.strip() for v in first["Vary"].split(",")} >= {"Cookie", "Accept-Language"}


@pytest.mark.parametrize(
    ("extra", "cookie", "lang"),
    [
        (ENGLISH, None, "en"),
        (VIETNAMESE, None, "vi"),
        ({}, "en", "en"),
        (VIETNAMESE, "en", "en"),  # the language cookie wins over the browser's, as in LocaleMiddleware
    ],
)
def test_the_language_is_chosen_as_the_locale_middleware_chooses_it(client, extra, cookie, lang):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    client.get(ACTIVITIES, **extra)
    response = client.get(ACTIVITIES, **extra)

    assert answered_first(response)
    assert f'<html lang="{lang}">' in response.content.decode()
    assert response["Content-Language"] == lang


def test_a_visitor_with_a_session_or_a_message_goes_through_the_stack(client, login_as):
    client.get(ACTIVITIES)
    client.cookies["messages"] = "a-message"
    assert not answered_first(client.get(ACTIVITIES))

    cadre = login_as("cadre_ward")
    response = cadre.get(ACTIVITIES)
    assert not answered_first(response)
    assert "private" in response["Cache-Control"]


def test_a_junk_query_is_answered_with_the_clean_pages_entry(client):
    url = reverse("portal:search")
    clean = client.get(url + "?q=phuoc+hoi")
    junk = client.get(url + "?q=phuoc+hoi&utm_source=x&q=")

    assert answered_first(junk)
    assert junk.content == clean.content


def test_only_pages_the_cache_may_hold_are_answered_first(client):
    client.get(ACTIVITIES)
    assert not answered_first(client.post(ACTIVITIES))
    # A page that is not a cached public page (the concern form renders a CSRF token).
    form = reverse("concerns_public:raise")
    client.get(form)
    assert not answered_first(client.get(form))
    assert not answered_first(client.get("/no-such-page/"))


def test_a_conditional_request_is_answered_first_with_304(client):
    etag = client.get(ACTIVITIES)["ETag"]
    response = client.get(ACTIVITIES, HTTP_IF_NONE_MATCH=etag)

    assert answered_first(response)
    assert response.status_code == 304
