"""The backup drill: back up, drop the database and the media files, restore, compare everything.

On SQLite (a file of the test's own) and on PostgreSQL (the throwaway cluster), with
``manage.py backup`` and ``manage.py restore`` run as an operator would run them. The row count
of every table and every media file's checksum are compared by the test itself, not only by
the restore command.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bench.servers import BASE_DIR, manage
from tests.ops.conftest import portal_env

# Uploaded files as the portal keeps them (folders of the apps), one of them binary.
MEDIA_FILES = {
    "activities/2026/12/giao-ban.jpg": bytes(range(256)) * 64,
    "articles/photos/2026/ngay-hoi.jpg": b"\xff\xd8\xff\xe0" + b"JPEG" * 1000,
    "articles/documents/ke-hoach.pdf": "%PDF-1.4 Kế hoạch".encode(),
}


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            n: db.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
            for n in names
            if n != "sqlite_sequence"
        }


def postgresql_counts(cluster, database: str) -> dict[str, int]:
    names = [
        row[0]
        for row in cluster.sql(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            database=database,
        )
    ]
    return {name: cluster.sql(f'SELECT count(*) FROM "{name}"', database=database)[0][0] for name in names}


def manage_fails(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0, f"manage.py {' '.join(args)} should have failed:\n{result.stdout}"
    return result.stderr


@pytest.fixture(params=["sqlite", "postgresql"])
def portal(request, tmp_path):
    """A portal database with the demo data and uploaded files; how to count it and to drop it."""
    media = tmp_path / "media"
    for name, content in MEDIA_FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    if request.param == "sqlite":
        path = tmp_path / "portal.sqlite3"
        env = portal_env(f"sqlite:///{path}", media, BACKUP_ROOT=str(tmp_path / "backups"))
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "-v", "0")
        return env, lambda: sqlite_counts(path), path.unlink
    cluster = request.getfixturevalue("cluster")
    url = request.getfixturevalue("seeded_database")
    database = url.rsplit("/", 1)[1]
    env = portal_env(url, media, BACKUP_ROOT=str(tmp_path / "backups"))
    return env, lambda: postgresql_counts(cluster, database), lambda: cluster.create_database(database)


def test_backup_drop_restore(portal, tmp_path):
    env, counts, drop_database = portal
    media = Path(env["MEDIA_ROOT"])
    backups = Path(env["BACKUP_ROOT"])
    rows_before, files_before = counts(), media_checksums(media)
    assert sum(rows_before.values()) > 1000 and len(files_before) == len(MEDIA_FILES)

    # Three backups, the last two kept.
    for _ in range(3):
        manage(env, "backup", "--keep", "2", "-v", "0")
    kept = sorted(p.name for p in backups.iterdir())
    assert len(kept) == 2, kept
    # Written after the backup: not part of it.
    (media / "activities" / "after-the-backup.jpg").write_bytes(b"late")

    # The bad day: the database and the uploaded files are gone.
    drop_database()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()

    output = manage(env, "restore", "--latest", capture=True)

    assert f"{len(rows_before)} tables with the same row counts" in output
    # Every table as it was; then the restore moved the work area's pages on (a version in the
    # shared cache: core/private_pages.py), so the web workers render them from the restored data.
    restored = counts()
    assert restored.pop("portal_cache") == rows_before.pop("portal_cache") + 1
    assert restored == rows_before
    assert media_checksums(media) == files_before
    # The restored portal is complete: no migration is missing and the pages are served.
    manage(env, "migrate", "--check", "-v", "0")
    page = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.test import Client; print(Client(HTTP_HOST='127.0.0.1').get('/').status_code)",
        capture=True,
    )
    assert page.strip().endswith("200")
    # A restore never writes over a database that holds data.
    assert "not empty" in manage_fails(env, "restore", "--latest")


def test_a_damaged_backup_is_refused_before_anything_is_written(portal):
    env, counts, drop_database = portal
    manage(env, "backup", "-v", "0")
    backup = next(Path(env["BACKUP_ROOT"]).iterdir())
    database_file = next(p for p in backup.iterdir() if p.name.startswith("database."))
    with database_file.open("r+b") as handle:
        handle.seek(100)
        handle.write(b"damaged")
    drop_database()

    assert "damaged" in manage_fails(env, "restore", str(backup))
    assert counts() == {}
