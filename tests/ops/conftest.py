"""Operations tests: backups, a database outage, two application nodes behind nginx.

Every test in this folder is marked ``ops`` and runs in its own pytest process (``make test-ops``,
i.e. ``pytest -m ops``), outside the main suite: the tests start real servers (a throwaway
PostgreSQL cluster, gunicorn, nginx) and talk to them over loopback with ``bench.client``, each
portal process configured like production (``bench.servers.production_env``). They use no
pytest-django test database.

A tool that is missing (PostgreSQL's server binaries, nginx) skips the tests that need it, except
in CI (the ``CI`` environment variable set), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.servers import Server, WorkerSetup, manage, production_env
from tests.ops.cluster import ThrowawayCluster, missing_reason

OPS_TESTS_DIR = Path(__file__).resolve().parent
TEMPLATE_DATABASE = "lagi_seeded"
# Limits of the residents' form high enough that only the tests about them meet them.
GENEROUS_LIMITS = {
    "CONCERN_SUBMISSIONS_PER_CLIENT_PER_HOUR": "100000",
    "CONCERN_SUBMISSIONS_PER_HOUR": "100000",
    "CONCERN_FORM_POSTS_PER_CLIENT_PER_HOUR": "100000",
    "CONCERN_LOOKUPS_PER_CLIENT_PER_HOUR": "100000",
}


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(reason: str) -> None:
    """Skip (fail in CI) when ``reason`` says a tool is missing."""
    if reason:
        if running_in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the marker must be there before `-m "not ops"` deselects.
    for item in items:
        if OPS_TESTS_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.ops)


def portal_env(database_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    """The production settings of a portal process on loopback, with its own media folder.

    Static files are referenced without the hashed manifest (``PLAIN_STATIC_STORAGE``), so that
    the tests need no ``collectstatic``; they never load a static file. Cadres log in with their
    password only (``TWO_FACTOR_REQUIRED=0``): the second factor has tests of its own.
    """
    env = production_env(database_url)
    env.update(
        MEDIA_ROOT=str(media_root), PLAIN_STATIC_STORAGE="1", TWO_FACTOR_REQUIRED="0", **GENEROUS_LIMITS
    )
    env.update(extra)
    return env


@dataclass
class OpsServer(Server):
    """gunicorn as ``make bench`` starts it, logging into the test's folder."""

    log_dir: Path | None = None

    @property
    def log_path(self) -> Path:
        assert self.log_dir is not None
        return self.log_dir / f"gunicorn-{self.name}.log"


def gunicorn(name: str, env: dict[str, str], log_dir: Path, workers: int = 2) -> OpsServer:
    return OpsServer(name, "lagi_portal.settings", env, WorkerSetup(workers=workers), log_dir=log_dir)


@pytest.fixture(scope="session")
def cluster() -> Iterator[ThrowawayCluster]:
    """A PostgreSQL cluster of the test session's own, on a free port."""
    require(missing_reason())
    made = ThrowawayCluster()
    try:
        made.init()
        made.start()
        yield made
    finally:
        made.destroy()


@pytest.fixture(scope="session")
def seeded_template(cluster, tmp_path_factory) -> str:
    """A migrated database with the demo data, the template each test copies its database from."""
    cluster.create_database(TEMPLATE_DATABASE)
    env = portal_env(cluster.url(TEMPLATE_DATABASE), tmp_path_factory.mktemp("template-media"))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "-v", "0")
    return TEMPLATE_DATABASE


@pytest.fixture
def seeded_database(cluster, seeded_template, request) -> str:
    """A database of this test's own with the demo data (a copy of the template); its URL."""
    name = f"lagi_{request.node.name.lower().replace('[', '_').replace(']', '')}"[:60]
    return cluster.create_database(name, template=seeded_template)
