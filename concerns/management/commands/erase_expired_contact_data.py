"""Erase residents' contact data and client addresses of concerns closed longer than the retention period.

Run daily from cron (see the README, "Operations"), e.g.

    15 2 * * *  cd /srv/lagi && .venv/bin/python manage.py erase_expired_contact_data >> var/log/retention.log

It prints (and logs on ``concerns.retention``) what it erased; a second run erases nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concerns.services import erase_expired_contact_data


class Command(BaseCommand):
    help = (
        "Erase the residents' names and phones, and the client addresses in the audit log, of concerns "
        "closed longer than CONCERN_CONTACT_RETENTION_DAYS."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Retention period in days after closing "
                f"(default: CONCERN_CONTACT_RETENTION_DAYS, now {settings.CONCERN_CONTACT_RETENTION_DAYS})."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be erased; change nothing."
        )

    def handle(self, *args, days: int | None, dry_run: bool, verbosity: int, **options) -> None:
        if days is not None and days < 0:
            raise CommandError("--days cannot be negative.")
        report = erase_expired_contact_data(days=days, dry_run=dry_run)
        if verbosity > 0:
            self.stdout.write(("[dry run] " if dry_run else "") + str(report))
        if verbosity > 1 and report.contacts_erased:
            self.stdout.write("Tracking codes: " + ", ".join(report.contacts_erased))
