"""Back up the database and the uploaded files into a new folder under BACKUP_ROOT; keep the newest N.

    python manage.py backup [--keep 7] [--dir /srv/backups/lagi]

Run it from cron (see the README, "Operations"); copy BACKUP_ROOT to another machine as well.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files together; keep the newest backups."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dir",
            default=None,
            help=f"where backups are kept (default BACKUP_ROOT: {settings.BACKUP_ROOT})",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help=f"how many backups to keep, this one included (default BACKUP_KEEP: {settings.BACKUP_KEEP})",
        )

    def handle(self, *args, dir: str | None, keep: int | None, verbosity: int, **options) -> None:
        root = Path(dir) if dir else Path(settings.BACKUP_ROOT)
        try:
            backup, removed = create_backup(root=root, keep=settings.BACKUP_KEEP if keep is None else keep)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        if verbosity > 0:
            self.stdout.write(f"Backup written: {backup.summary()}")
            for path in removed:
                self.stdout.write(f"Older backup removed: {path}")
