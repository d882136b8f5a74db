"""Anonymous visitors get the cached public page: from the worker's own memory or from the shared
cache, compressed when the client accepts gzip, per language, answering a conditional request;
the cache key and the day it holds; logged-in visits never read the cache."""

from __future__ import annotations

import datetime
import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from core import caching
from tests.helpers import ENGLISH, VIETNAMESE

pytestmark = pytest.mark.django_db


def get_counting_queries(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


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


def test_a_logged_in_visit_never_reads_the_cache(login_as):
    client = login_as("cadre_ward")
    url = reverse("public:home")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not any("portal_cache" in query["sql"] for query in queries.captured_queries)
