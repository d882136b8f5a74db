"""Restore a backup made by ``manage.py backup`` into an empty database and an empty MEDIA_ROOT.

    python manage.py restore /srv/backups/lagi/lagi-20261206-021500
    python manage.py restore --latest [--dir /srv/backups/lagi]
    python manage.py restore --list

Create the empty database first (PostgreSQL: ``createdb``; SQLite: no file at DATABASE_URL's
path). The archives are checked against the manifest before anything is written, and the row
count of every table and every file's checksum are compared with it afterwards.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, list_backups, restore_backup
from core.private_pages import work_changed


class Command(BaseCommand):
    help = "Restore a backup into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", help="the backup folder")
        parser.add_argument("--latest", action="store_true", help="the newest backup under --dir")
        parser.add_argument("--list", action="store_true", help="list the backups under --dir and stop")
        parser.add_argument(
            "--dir",
            default=None,
            help=f"where backups are kept (default BACKUP_ROOT: {settings.BACKUP_ROOT})",
        )

    def handle(self, *args, path: str | None, latest: bool, list: bool, dir: str | None, **options) -> None:
        root = Path(dir) if dir else Path(settings.BACKUP_ROOT)
        if list:
            for backup in list_backups(root):
                self.stdout.write(backup.summary())
            return
        if bool(path) == latest:
            raise CommandError("Name one backup folder, or give --latest.")
        if latest:
            backups = list_backups(root)
            if not backups:
                raise CommandError(f"No backup under {root}.")
            target = backups[0].path
        else:
            target = Path(path)
        try:
            backup = restore_backup(target)
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        # The pages the web workers keep were rendered from the data before: all rendered anew.
        work_changed()
        self.stdout.write(
            f"Restored {backup.path}: {len(backup.tables)} tables with the same row counts as the backup, "
            f"{len(backup.media_files)} media files with the same checksums."
        )
