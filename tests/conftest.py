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
DEMO_USERNAMES = ("admin", "cadre_area", "cadre_ward", "cadre_women", "cadre_viewer")


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
