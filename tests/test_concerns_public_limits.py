"""The public concern form against abuse: the honeypot, the rate limits per client and for
everyone, the size cap and CSRF; the client's address behind a trusted proxy; and the atomic
counter the rate limits count with, shared and exact across processes.

The pages are read in English. Runs against the demo structure of ``seed_demo``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory

from concerns.models import Concern
from concerns.ratelimits import client_ip
from tests.concerns_public_common import DESCRIPTION, RAISE_URL, form_data, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- abuse protection ---------------------------------------------------------------------------


def test_filled_honeypot_is_refused_and_says_why(client):
    before = Concern.objects.count()
    response = post(client, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "was filled in, as robots do" in response.content.decode()
    assert Concern.objects.count() == before


def test_sixth_concern_in_an_hour_from_one_client_is_refused_with_429(client):
    before = Concern.objects.count()
    for number in range(5):
        response = post(client, form_data(description=f"{DESCRIPTION} ({number})"))
        assert response.status_code == 302, number
    response = post(client, form_data(description=f"{DESCRIPTION} (sixth)"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "At most 5 concerns can be sent from one connection in an hour" in html
    assert int(response["Retry-After"]) > 0
    # The form is still filled in and nothing was saved.
    assert f"{DESCRIPTION} (sixth)" in html
    assert Concern.objects.count() == before + 5
    # Another client is not affected.
    assert post(client, form_data(), ip="198.51.100.20").status_code == 302


def test_forwarded_for_header_is_ignored_without_a_trusted_proxy(client):
    for number in range(5):
        assert post(client, form_data(), HTTP_X_FORWARDED_FOR=f"192.0.2.{number}").status_code == 302
    response = post(client, form_data(), HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_hourly_cap_for_everyone_refuses_with_429(client, settings):
    settings.CONCERN_SUBMISSION_TOTAL_RATE = "3/h"
    before = Concern.objects.count()
    for number in range(3):
        assert post(client, form_data(), ip=f"198.51.100.{number + 1}").status_code == 302
    response = post(client, form_data(), ip="198.51.100.50")
    assert response.status_code == 429
    assert "The portal has received very many concerns in the last hour (3)" in response.content.decode()
    assert Concern.objects.count() == before + 3


def test_too_many_posts_of_the_form_are_refused_even_when_invalid(client, settings):
    settings.CONCERN_FORM_POST_RATE = "3/h"
    for _number in range(3):
        assert post(client, form_data(description="short")).status_code == 200
    response = post(client, form_data())
    assert response.status_code == 429
    assert "The form was sent too many times from your connection (at most 3 times an hour)" in (
        response.content.decode()
    )


def test_body_over_the_cap_is_refused_before_it_is_read(client):
    before = Concern.objects.count()
    response = post(client, form_data(description="Nước ngập " * 4000))
    assert response.status_code == 413
    assert "What you sent is too large (at most 32 KB)" in response.content.decode()
    assert Concern.objects.count() == before


def test_form_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    before = Concern.objects.count()
    response = post(client, form_data())
    assert response.status_code == 403
    assert Concern.objects.count() == before
    page = client.get(RAISE_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert post(client, form_data(csrfmiddlewaretoken=token)).status_code == 302


# --- the client's address -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1", "203.0.113.7"),
        (1, "10.0.0.2", "192.0.2.1", "192.0.2.1"),
        (1, "10.0.0.2", "6.6.6.6, 192.0.2.1", "192.0.2.1"),
        (2, "10.0.0.3", "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (0, "", "", "0.0.0.0"),
        (0, "2001:db8::1", "", "2001:db8::1"),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_a_trusted_proxy_each_visitor_has_its_own_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        assert (
            post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 302
        ), number
    assert post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
    assert post(client, form_data(), ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 302


# --- the rate-limit counter ---------------------------------------------------------------------


def test_counter_increments_in_place_and_refuses_missing_or_expired_keys():
    cache = caches[django_settings.RATELIMIT_USE_CACHE]
    assert cache.add("test-counter", 1, 60)
    assert cache.incr("test-counter") == 2
    assert cache.incr("test-counter", 5) == 7
    assert cache.decr("test-counter") == 6
    assert cache.get("test-counter") == 6
    assert not cache.add("test-counter", 1, 60)
    with pytest.raises(ValueError):
        cache.incr("no-such-counter")
    cache.set("expired-counter", 3, -1)
    with pytest.raises(ValueError):
        cache.incr("expired-counter")


_WORKER = textwrap.dedent(
    """
    import sys

    import django

    django.setup()
    from django.core.cache import caches

    key, increments = sys.argv[1], int(sys.argv[2])
    cache = caches["ratelimit"]
    cache.add(key, 0, 600)
    for _ in range(increments):
        cache.incr(key)
    """
)


def _database_url(database: str, tmp_path: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{tmp_path / 'counters.sqlite3'}"
    if connection.vendor != "postgresql":
        pytest.skip("the test database is not PostgreSQL")
    # The test database itself: its cache table exists, and the workers' writes commit on their own.
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'] or '')}{password}@{host}/{db['NAME']}"


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_counter_is_shared_and_exact_across_processes(tmp_path: Path, database: str):
    """Four processes, like four gunicorn workers, increment one counter: no increment is lost.

    (Django's own database cache loses about half of them here.)
    """
    repo = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "lagi_portal.settings",
        "DATABASE_URL": _database_url(database, tmp_path),
        "PYTHONPATH": str(repo),
    }
    if database == "sqlite":
        subprocess.run(
            [sys.executable, "manage.py", "createcachetable"],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
        )
    key, workers, increments = f"shared-counter-{uuid.uuid4().hex}", 4, 40
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, key, str(increments)], cwd=repo, env=env, stderr=subprocess.PIPE
        )
        for _ in range(workers)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); from django.core.cache import caches; "
            "print(caches['ratelimit'].get(sys.argv[1]))",
            key,
        ],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert int(result.stdout.strip()) == workers * increments
