"""Backups that restore: the database and the uploaded files, taken together, kept N deep.

A backup is one folder under ``BACKUP_ROOT`` named after its time (``lagi-20261206-021500``):

- ``database.pgdump`` (PostgreSQL: ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite: a
  copy made with SQLite's online backup API, consistent while the portal keeps writing);
- ``media.tar``: every file under ``MEDIA_ROOT``;
- ``manifest.json``: the row count of every table as the dump saw it, the size and SHA-256 of
  every uploaded file and of the two archives.

The database is dumped first, then the files: a photo is written before the row that names it is
committed, so every file the dumped rows name is already on disk when the files are archived. On
PostgreSQL the row counts are read in the very snapshot ``pg_dump`` dumps (``--snapshot``). The
folder is written under a hidden ``.partial`` name and renamed when complete, so an interrupted
backup never looks like a backup. Then all but the newest ``keep`` backups are removed.

``restore`` puts a backup into an empty database and an empty ``MEDIA_ROOT``: it checks the
archives against the manifest first, restores, and compares the row count of every table and
every file's checksum with the manifest; any difference is an error.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
NAME_PREFIX = "lagi-"
# A partial folder older than this is a crashed run's leftover.
STALE_PARTIAL_SECONDS = 6 * 3600


class BackupError(Exception):
    """The backup or the restore cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict

    @property
    def tables(self) -> dict[str, int]:
        return self.manifest["tables"]

    @property
    def media_files(self) -> dict[str, dict]:
        return self.manifest["media_files"]

    def summary(self) -> str:
        rows = sum(self.tables.values())
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return (
            f"{self.path} ({self.manifest['engine']}): {len(self.tables)} tables, {rows} rows, "
            f"{len(self.media_files)} media files, {size / 1_048_576:.1f} MB"
        )


# --- taking a backup ---------------------------------------------------------------------------


def create_backup(*, root: Path, keep: int, using: str = "default") -> tuple[Backup, list[Path]]:
    """Back up the database and the media files into a new folder under ``root``; keep the newest ``keep``.

    Returns the backup and the older backups removed.
    """
    if keep < 1:
        raise BackupError("keep at least one backup")
    connection = connections[using]
    engine = _engine(connection)
    root.mkdir(parents=True, exist_ok=True)
    name = _new_name(root)
    partial = root / f".{name}.partial"
    partial.mkdir()
    try:
        database_file = partial / DATABASE_FILES[engine]
        if engine == "postgresql":
            tables = _dump_postgresql(connection, database_file)
        else:
            tables = _dump_sqlite(connection, database_file)
        media_files = _archive_media(Path(settings.MEDIA_ROOT), partial / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database_file": database_file.name,
            "database_sha256": _sha256_file(database_file),
            "tables": tables,
            "media_archive": MEDIA_ARCHIVE,
            "media_sha256": _sha256_file(partial / MEDIA_ARCHIVE),
            "media_files": media_files,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        final = root / name
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(final, manifest), _prune(root, keep)


def list_backups(root: Path) -> list[Backup]:
    """The complete backups under ``root``, newest first."""
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        if path.is_dir() and path.name.startswith(NAME_PREFIX) and (path / MANIFEST).is_file():
            found.append(Backup(path, _read_manifest(path)))
    return sorted(found, key=lambda backup: backup.path.name, reverse=True)


def _new_name(root: Path) -> str:
    base = f"{NAME_PREFIX}{timezone.localtime():%Y%m%d-%H%M%S}"
    name, number = base, 1
    while (root / name).exists() or (root / f".{name}.partial").exists():
        number += 1
        name = f"{base}-{number}"
    return name


def _prune(root: Path, keep: int) -> list[Path]:
    removed = []
    for backup in list_backups(root)[keep:]:
        shutil.rmtree(backup.path)
        removed.append(backup.path)
    for leftover in root.glob(f".{NAME_PREFIX}*.partial"):
        if time.time() - leftover.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(leftover, ignore_errors=True)
    return removed


def _engine(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"backups are made of PostgreSQL and SQLite databases, not {connection.vendor}")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return connection.vendor


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """Copy the database with SQLite's online backup API (a consistent copy while others write)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        )
    ]
    return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in sorted(names)}


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """``pg_dump`` in custom format, and the row counts read in the same snapshot."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            counts = _postgresql_counts(cursor, connection)
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}"]
            + [f"--file={target}", _pg_database(connection)],
            env=_pg_env(connection),
        )
    finally:
        raw.rollback()
        raw.close()
    return counts


def _postgresql_counts(cursor, connection: BaseDatabaseWrapper) -> dict[str, int]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _archive_media(media_root: Path, target: Path) -> dict[str, dict]:
    """Every regular file under ``media_root`` into an uncompressed tar (photos are compressed already)."""
    files: dict[str, dict] = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
        if not media_root.is_dir():
            return files
        for path in sorted(media_root.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(media_root).as_posix()
            try:
                content = path.read_bytes()
                modified = path.stat().st_mtime
            except FileNotFoundError:
                continue  # removed meanwhile (its row was deleted after the dump began)
            info = tarfile.TarInfo(relative)
            info.size, info.mtime, info.mode = len(content), int(modified), 0o644
            archive.addfile(info, io.BytesIO(content))
            files[relative] = {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    return files


# --- restoring -----------------------------------------------------------------------------------


def restore_backup(path: Path, *, using: str = "default") -> Backup:
    """Restore the backup at ``path`` into the empty database ``using`` and the empty ``MEDIA_ROOT``."""
    backup = Backup(path, _read_manifest(path))
    manifest = backup.manifest
    connection = connections[using]
    engine = _engine(connection)
    if manifest["engine"] != engine:
        raise BackupError(f"this backup is of a {manifest['engine']} database, the portal uses {engine}")
    database_file = path / manifest["database_file"]
    _check_sha256(database_file, manifest["database_sha256"])
    _check_sha256(path / manifest["media_archive"], manifest["media_sha256"])
    if connection.introspection.table_names():
        raise BackupError(
            "the database is not empty: restore only into a new, empty database "
            "(create it, or delete the SQLite file, and run restore again)"
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(p.is_file() for p in media_root.rglob("*")):
        raise BackupError(f"MEDIA_ROOT ({media_root}) holds files already: restore into an empty folder")
    if engine == "postgresql":
        _run(
            [_pg_tool("pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
            + [f"--dbname={_pg_database(connection)}", str(database_file)],
            env=_pg_env(connection),
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()
    restored = table_counts(using)
    if restored != backup.tables:
        differences = sorted(
            f"{name}: {backup.tables.get(name)} in the backup, {restored.get(name)} restored"
            for name in set(restored) | set(backup.tables)
            if restored.get(name) != backup.tables.get(name)
        )
        raise BackupError("the restored tables differ from the backup:\n" + "\n".join(differences))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / manifest["media_archive"]) as archive:
        archive.extractall(media_root, filter="data")
    differences = [
        name for name, expected in backup.media_files.items() if media_checksum(media_root / name) != expected
    ]
    if differences:
        raise BackupError("restored media files differ from the backup: " + ", ".join(sorted(differences)))
    return backup


def table_counts(using: str = "default") -> dict[str, int]:
    """The row count of every table of the database (what the manifest records)."""
    connection = connections[using]
    if _engine(connection) == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _postgresql_counts(cursor, connection)


def media_checksum(path: Path) -> dict | None:
    if not path.is_file():
        return None
    content = path.read_bytes()
    return {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a complete backup (no readable {MANIFEST}): {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    return manifest


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_sha256(path: Path, expected: str) -> None:
    if not path.is_file() or _sha256_file(path) != expected:
        raise BackupError(f"{path} is missing or damaged (its checksum differs from the manifest)")


# --- PostgreSQL's tools ------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``PG_BIN_DIR``, else the PATH, else the newest Debian one."""
    configured = getattr(settings, "PG_BIN_DIR", "")
    candidates = [Path(configured) / name] if configured else []
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    candidates += sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(f"{name} not found: apt-get install postgresql-client, or set PG_BIN_DIR")


def _pg_database(connection: BaseDatabaseWrapper) -> str:
    return connection.settings_dict["NAME"]


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The connection settings for the PostgreSQL tools, as libpq environment variables."""
    params = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return env


def _run(command: list[str], *, env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}):\n{result.stderr.strip()}")
