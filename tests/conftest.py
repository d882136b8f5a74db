"""Shared fixtures.

The test database is built once per test process with the demo data of ``seed_demo``
(the same La Gi structure and demo accounts that ``make run`` shows), so permission and
privacy tests run against the seeded values. Each test runs in a transaction that is
rolled back; tests that need their own objects make them with ``tests.factories``.
"""

import pytest
from django.core.management import call_command

from organizations.models import User

DEMO_PASSWORD = "lagi-demo-2025"
DEMO_USERNAMES = ("admin", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer", "board_member")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture
def demo_user(db):
    """Return the demo account with the given username."""

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def login_as(client, demo_user):
    """Log the test client in as a demo account (or stay anonymous for ``None``)."""

    def login(username: str | None):
        client.logout()
        if username is not None:
            client.force_login(demo_user(username))
        return client

    return login


_DATABASE_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def clear_cache(request):
    """Each test that uses the database starts with an empty cache (no page cached by another test).

    The cache lives in the test database by default, so it is cleared once that database exists;
    the pages and version this process keeps in its own memory go with it.
    """
    if request.node.get_closest_marker("django_db") or any(
        name in request.fixturenames for name in _DATABASE_FIXTURES
    ):
        from django.core.cache import cache

        from core.caching import forget_local_cache

        request.getfixturevalue("django_db_setup")
        with request.getfixturevalue("django_db_blocker").unblock():
            cache.clear()
        forget_local_cache()
    yield
