"""Recompute the concerns' figures by half-month, which the reports sum, from the concerns.

    python manage.py rebuild_concern_figures

The services keep them current; run it after concerns were written around them (a bulk import, a
restore of an older backup, rows changed by hand in the database).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from concerns.figures import rebuild_concern_halves


class Command(BaseCommand):
    help = "Recompute the concerns' figures by half-month (what the reports sum) from the concerns."

    def handle(self, *args, verbosity: int, **options) -> None:
        rows = rebuild_concern_halves()
        if verbosity > 0:
            self.stdout.write(f"Concerns' figures rebuilt: {rows} rows of places and organizations.")
