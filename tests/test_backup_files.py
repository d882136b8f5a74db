"""The file side of backups (core/backup.py): the media archive, the manifest, keeping the newest N.

The whole drill (dump, drop, restore, compare) runs against real databases in tests/ops/test_backup_drill.py.
"""

from __future__ import annotations

import json
import os
import tarfile
import time

import pytest

from core import backup


def _fake_backup(root, name: str) -> None:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / backup.MANIFEST).write_text(
        json.dumps({"format": backup.FORMAT, "tables": {}, "media_files": {}})
    )


def test_the_media_archive_holds_every_file_with_its_checksum(tmp_path):
    media = tmp_path / "media"
    (media / "activities" / "2026").mkdir(parents=True)
    (media / "activities" / "2026" / "ảnh.jpg").write_bytes(b"\xff\xd8photo")
    (media / "articles").mkdir()
    (media / "articles" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4")
    (media / "articles" / "link.pdf").symlink_to("/etc/passwd")

    files = backup._archive_media(media, tmp_path / "media.tar")

    assert set(files) == {"activities/2026/ảnh.jpg", "articles/ke-hoach.pdf"}
    assert files["articles/ke-hoach.pdf"] == backup.media_checksum(media / "articles" / "ke-hoach.pdf")
    with tarfile.open(tmp_path / "media.tar") as archive:
        assert sorted(archive.getnames()) == sorted(files)


def test_no_media_folder_is_an_empty_archive(tmp_path):
    assert backup._archive_media(tmp_path / "missing", tmp_path / "media.tar") == {}
    with tarfile.open(tmp_path / "media.tar") as archive:
        assert archive.getnames() == []


def test_the_newest_backups_are_kept_and_stale_partial_ones_removed(tmp_path):
    for name in ("lagi-20261201-013000", "lagi-20261202-013000", "lagi-20261203-013000"):
        _fake_backup(tmp_path, name)
    stale = tmp_path / ".lagi-20261130-013000.partial"
    stale.mkdir()
    old = time.time() - backup.STALE_PARTIAL_SECONDS - 60
    os.utime(stale, (old, old))
    running = tmp_path / ".lagi-20261204-013000.partial"
    running.mkdir()

    removed = backup._prune(tmp_path, keep=2)

    assert [p.name for p in removed] == ["lagi-20261201-013000"]
    assert [b.path.name for b in backup.list_backups(tmp_path)] == [
        "lagi-20261203-013000",
        "lagi-20261202-013000",
    ]
    assert not stale.exists() and running.exists()


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    (tmp_path / "lagi-20261201-013000").mkdir()

    assert backup.list_backups(tmp_path) == []
    with pytest.raises(backup.BackupError, match="not a complete backup"):
        backup.restore_backup(tmp_path / "lagi-20261201-013000")


def test_an_in_memory_database_cannot_be_backed_up(tmp_path, db):
    # The tests' SQLite database lives in memory.
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the in-memory database is SQLite's")
    with pytest.raises(backup.BackupError, match="in-memory"):
        backup.create_backup(root=tmp_path, keep=1)
