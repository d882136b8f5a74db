"""Remove the keys of saved forms older than ``FORM_KEY_DAYS`` (run daily from cron)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.models import FormSubmission


class Command(BaseCommand):
    help = "Remove the one-time keys of forms saved more than FORM_KEY_DAYS days ago."

    def handle(self, *args, **options) -> None:
        cutoff = timezone.now() - datetime.timedelta(days=settings.FORM_KEY_DAYS)
        deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
        if options["verbosity"] > 0:
            self.stdout.write(f"Removed {deleted} form keys saved before {cutoff:%d/%m/%Y %H:%M}.")
