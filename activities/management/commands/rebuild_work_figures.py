"""Recompute the work log's figures of each day, which the reports sum, from the activities.

    python manage.py rebuild_work_figures

The services keep them current; run it after activities were written around them (a bulk import,
a restore of an older backup, rows changed by hand in the database).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from activities.figures import rebuild_work_days


class Command(BaseCommand):
    help = "Recompute the work log's figures of each day (what the reports sum) from the activities."

    def handle(self, *args, verbosity: int, **options) -> None:
        rows = rebuild_work_days()
        if verbosity > 0:
            self.stdout.write(f"Work log figures rebuilt: {rows} days of units and organizers.")
