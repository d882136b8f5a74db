"""Cached public pages: anonymous visitors get the cached page (per language), publishing or
unpublishing through the services invalidates it, logged-in users never get a cached page,
and pages that carry a per-visitor value (CSRF token, cookie, message) are never stored."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Visibility
from activities.services import update_activity
from core import caching
from organizations.models import Organization
from organizations.services import save_organization
from tests.factories import ActivityFactory, UnitFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
VIETNAMESE = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def get_counting_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


@pytest.fixture
def activity():
    """An internal activity in a new unit, ready to be published through the service."""
    unit = UnitFactory(name="Phường Thử Nghiệm")
    return ActivityFactory(
        unit=unit, date=timezone.localdate(), summary="Ra quân làm sạch bãi biển Đồi Dương."
    )


def publish(actor, activity: Activity, on_commit) -> None:
    activity.visibility = Visibility.PUBLISHED
    with on_commit(execute=True):
        update_activity(actor=actor, activity=activity, organizations=list(activity.organizations.all()))


def unpublish(actor, activity: Activity, on_commit) -> None:
    activity.visibility = Visibility.INTERNAL
    with on_commit(execute=True):
        update_activity(actor=actor, activity=activity, organizations=list(activity.organizations.all()))


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:home"),
        reverse("portal:activity_list"),
        reverse("portal:search") + "?q=phuoc+hoi",
        reverse("portal:calendar"),
        reverse("portal:calendar_ics"),
        reverse("portal:feed_rss"),
        reverse("portal:feed_atom"),
    ],
)
def test_the_second_anonymous_visit_is_served_from_the_cache(client, url):
    first, first_queries = get_counting_queries(client, url)
    second, second_queries = get_counting_queries(client, url)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # The worker kept the page and the version in its own memory: no query at all.
    assert second_queries == 0
    assert "public" in second["Cache-Control"] and "private" not in second["Cache-Control"]
    assert {"Cookie", "Accept-Language"} <= {v.strip() for v in second["Vary"].split(",")}


def test_another_worker_serves_the_page_from_the_shared_cache(client):
    url = reverse("portal:activity_list")
    first, first_queries = get_counting_queries(client, url)
    caching.forget_local_cache()  # as a worker that has not served this page yet

    second, second_queries = get_counting_queries(client, url)

    assert second.content == first.content
    # The database cache: the version, then the page.
    assert second_queries == 2 < first_queries
    # That worker now keeps it too.
    assert get_counting_queries(client, url)[1] == 0


def test_a_client_that_accepts_gzip_gets_the_compressed_page(client):
    url = reverse("portal:activity_list")
    plain = client.get(url)
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert "Accept-Encoding" in {v.strip() for v in compressed["Vary"].split(",")}
    # The same page in another encoding: a weak validator, which still answers a conditional request.
    assert compressed["ETag"] == f"W/{plain['ETag']}"
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert again.status_code == 304


def test_the_first_visit_is_already_compressed(client):
    first = client.get(reverse("public:home"), HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(first.content)


def test_a_short_body_is_sent_as_it_is():
    view, _ = _counting_view(lambda request: HttpResponse("hello"))
    request = _anonymous_get()
    request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    response = view(request)
    assert response.content == b"hello" and "Content-Encoding" not in response


def test_a_worker_follows_another_workers_change_within_the_memo_time(rf, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(caching, "_memory", caching._WorkerMemory(clock=lambda: now[0]))
    before = caching.public_content_version()

    cache.set(caching.VERSION_KEY, before + 1, timeout=None)  # another worker committed a change
    now[0] += caching.VERSION_MEMO_SECONDS / 2
    assert caching.public_content_version() == before
    now[0] += caching.VERSION_MEMO_SECONDS / 2
    assert caching.public_content_version() == before + 1


def test_a_worker_keeps_a_bounded_number_of_pages_for_no_longer_than_the_shared_cache(monkeypatch):
    now = [0.0]
    memory = caching._WorkerMemory(clock=lambda: now[0])
    monkeypatch.setattr(caching, "LOCAL_PAGES_MAX", 2)
    page = caching.CachedPage(status=200, headers=(), content=b"x", etag='"x"')
    memory.remember_page("a", page, timeout=60)
    memory.remember_page("b", page, timeout=60)
    assert memory.page("a") is page  # "a" is now the most recently used
    memory.remember_page("c", page, timeout=60)

    assert memory.page("b") is None
    assert memory.page("a") is page and memory.page("c") is page
    now[0] += 60
    assert memory.page("a") is None and memory.page("c") is None


def test_an_activity_page_is_served_from_the_cache(client):
    url = reverse("portal:activity_detail", args=[Activity.objects.published().first().pk])
    first, first_queries = get_counting_queries(client, url)
    second, second_queries = get_counting_queries(client, url)
    assert second.content == first.content
    assert second_queries < first_queries


def test_a_cached_page_answers_a_conditional_request_with_304(client):
    url = reverse("portal:activity_list")
    first = client.get(url)
    etag = first["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_pages_are_cached_per_language(client):
    url = reverse("portal:activity_list")
    vietnamese = client.get(url, **VIETNAMESE)
    english = client.get(url, **ENGLISH)

    assert english.content != vietnamese.content
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="vi">' in vietnamese.content.decode()
    # Each language's page then comes from the cache, unchanged.
    assert client.get(url, **ENGLISH).content == english.content
    assert client.get(url, **VIETNAMESE).content == vietnamese.content


def test_the_cache_key_holds_the_language_the_query_and_the_version(rf):
    def key(path, **extra):
        return caching.page_cache_key(rf.get(path, **extra))

    assert key("/activities/?a=1&b=2") == key("/activities/?b=2&a=1")
    assert key("/activities/?a=1") != key("/activities/?a=2")
    assert key("/activities/") != key("/search/")
    from django.utils import translation

    with translation.override("en"):
        english = key("/activities/")
    with translation.override("vi"):
        vietnamese = key("/activities/")
    assert english != vietnamese
    before = key("/activities/")
    cache.set(caching.VERSION_KEY, 1, timeout=None)
    caching.forget_local_cache()
    assert key("/activities/") != before


def test_publishing_through_the_service_shows_the_activity_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    home = client.get(reverse("public:home")).content.decode()
    listing = client.get(reverse("portal:activity_list")).content.decode()
    assert "Đồi Dương" not in home and "Đồi Dương" not in listing

    publish(demo_user("admin"), activity, django_capture_on_commit_callbacks)

    assert "Đồi Dương" in client.get(reverse("public:home")).content.decode()
    assert "Đồi Dương" in client.get(reverse("portal:activity_list")).content.decode()
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert client.get(detail).status_code == 200


def test_unpublishing_through_the_service_removes_the_activity_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    admin = demo_user("admin")
    publish(admin, activity, django_capture_on_commit_callbacks)
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert client.get(detail).status_code == 200
    assert "Đồi Dương" in client.get(reverse("public:home")).content.decode()

    unpublish(admin, activity, django_capture_on_commit_callbacks)

    assert client.get(detail).status_code == 404
    assert "Đồi Dương" not in client.get(reverse("public:home")).content.decode()
    assert "Đồi Dương" not in client.get(reverse("portal:activity_list")).content.decode()


def test_a_change_to_a_published_activity_shows_at_once(
    client, demo_user, activity, django_capture_on_commit_callbacks
):
    admin = demo_user("admin")
    publish(admin, activity, django_capture_on_commit_callbacks)
    detail = reverse("portal:activity_detail", args=[activity.pk])
    assert "Đồi Dương" in client.get(detail).content.decode()

    activity.summary = "Ra quân làm sạch bãi biển Cam Bình."
    with django_capture_on_commit_callbacks(execute=True):
        update_activity(actor=admin, activity=activity, organizations=list(activity.organizations.all()))

    assert "Cam Bình" in client.get(detail).content.decode()


def test_an_organization_change_through_the_service_shows_at_once(
    client, demo_user, django_capture_on_commit_callbacks
):
    organization = Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")
    assert "Hội Nông dân phường Phước Hội" in client.get(reverse("public:home")).content.decode()

    organization.name = "Hội Nông dân phường Phước Hội Đổi Tên"
    with django_capture_on_commit_callbacks(execute=True):
        save_organization(actor=demo_user("admin"), organization=organization)

    assert "Hội Nông dân phường Phước Hội Đổi Tên" in client.get(reverse("public:home")).content.decode()


def test_without_invalidation_anonymous_visitors_get_the_cached_page_but_cadres_never(
    client, login_as, activity
):
    activity.visibility = Visibility.PUBLISHED
    activity.published_at = timezone.now()
    activity.save()
    url = reverse("portal:activity_list")
    assert "Đồi Dương" in client.get(url).content.decode()
    # A change that bypasses the services (and so the invalidation):
    Activity.objects.filter(pk=activity.pk).update(summary="Ra quân làm sạch bãi biển Hòn Bà.")

    anonymous = client.get(url).content.decode()
    assert "Đồi Dương" in anonymous and "Hòn Bà" not in anonymous

    cadre = login_as("cadre_viewer")
    response = cadre.get(url)
    assert "Hòn Bà" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    # ...and a cadre's page is not stored for anonymous visitors either.
    cadre.logout()
    assert "Hòn Bà" not in client.get(url).content.decode()


def test_a_logged_in_visit_never_reads_the_cache(login_as):
    client = login_as("cadre_ward")
    url = reverse("public:home")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("portal_cache" in query["sql"] for query in queries.captured_queries)


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


def test_the_version_moves_on_only_when_the_change_is_committed(django_capture_on_commit_callbacks):
    before = caching.public_content_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        caching.public_content_changed()
    assert caching.public_content_version() == before
    for callback in callbacks:
        callback()
    assert caching.public_content_version() != before


# --- the language switch ------------------------------------------------------------------


def test_the_language_switch_is_a_link_that_sets_the_cookie_and_goes_back(client, settings):
    home = client.get(reverse("public:home"), **VIETNAMESE).content.decode()
    switch = reverse("portal:set_language", args=["en"])
    assert f'href="{switch}?next=/"' in home

    response = client.get(switch, {"next": "/activities/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/activities/?page=2"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    english = client.get(reverse("portal:activity_list")).content.decode()
    assert '<html lang="en">' in english


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_language_switch_never_leaves_the_site(client, next_url):
    response = client.get(reverse("portal:set_language", args=["vi"]), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_is_404(client):
    assert client.get(reverse("portal:set_language", args=["fr"])).status_code == 404


def test_the_language_links_point_back_to_the_page_with_its_query(client):
    html = client.get(reverse("portal:activity_list"), {"kind": "visit", "page": 2}).content.decode()
    assert "?next=/activities/%3Fkind%3Dvisit%26page%3D2" in html


def test_the_key_moves_on_at_local_midnight():
    # 16:59:59 UTC is 23:59:59 in Asia/Ho_Chi_Minh (UTC+7).
    now = [datetime.datetime(2026, 11, 28, 16, 59, 59, tzinfo=datetime.UTC).timestamp()]
    day = caching._LocalDay(clock=lambda: now[0])
    assert day.isoformat() == "2026-11-28"
    now[0] += 1
    assert day.isoformat() == "2026-11-29"
    now[0] += 24 * 3600 - 1
    assert day.isoformat() == "2026-11-29"
    now[0] += 1
    assert day.isoformat() == "2026-11-30"
