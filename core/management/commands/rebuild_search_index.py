"""Rebuild the public search index from the published activities, organizations, units (and
whatever else is registered with ``core.search.register``). Safe to run at any time, e.g.
after a bulk import or at the end of ``seed_demo``."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from core import search
from core.caching import public_content_changed


class Command(BaseCommand):
    help = "Rebuild the public search index."

    def handle(self, *args, **options) -> None:
        counts = search.rebuild()
        public_content_changed()
        if options["verbosity"] > 0:
            summary = ", ".join(f"{count} {result_type}" for result_type, count in counts.items())
            self.stdout.write(f"Search index rebuilt: {summary}.")
