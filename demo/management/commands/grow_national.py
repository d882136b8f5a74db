"""``manage.py grow_national``: a country-sized demo data set beside the La Gi demo (``demo.national``).

For the national load tests, never for a real database: it refuses to write into one that holds
anything but demo data. By default the figures of the country since 1 July 2025: 34 provinces,
3,300 wards and communes, 100,000 residential areas, with 1,000,000 activities and 200,000
concerns over 2020 to today.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import national
from demo.structure import PASSWORD


class Command(BaseCommand):
    help = (
        "Add a country-sized demo data set (provinces, communes, residential areas, their organizations "
        "and authorities, a work log and concerns since 2020, two cadre accounts) for load tests. "
        "Runs only on a demo database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        figures = (
            ("provinces", 34, "Provinces"),
            ("communes", 3_300, "Wards and communes, spread over the provinces"),
            ("areas", 100_000, "Residential areas, spread over the wards and communes"),
            ("activities", 1_000_000, "Activities since 1 January 2020"),
            ("concerns", 200_000, "Residents' concerns since 1 January 2020"),
        )
        for name, default, text in figures:
            parser.add_argument(f"--{name}", type=int, default=default, help=f"{text} (default {default}).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, **options) -> None:
        try:
            result = national.grow(
                provinces=options["provinces"],
                communes=options["communes"],
                areas=options["areas"],
                activities=options["activities"],
                concerns=options["concerns"],
                seed=options["seed"],
            )
        except (national.NotADemoDatabase, ValueError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] < 1:
            return
        structure = result.structure
        communes = list(structure.communes())
        wards = sum(1 for commune in communes if commune.kind == "ward")
        areas = sum(len(commune.areas) for commune in communes)
        self.stdout.write(
            f"National data set {structure.prefix}: {len(structure.provinces)} provinces, "
            f"{len(communes)} wards and communes ({wards} wards), {areas} residential areas; "
            f"{result.published} activities published. {result.seconds:.1f} s in all."
        )
        width = max(map(len, [*result.tables, *result.steps]))
        self.stdout.write(f"{'table':<{width}}  {'rows':>9}  seconds")
        for name, table in result.tables.items():
            self.stdout.write(f"{name:<{width}}  {table.count:>9}  {table.seconds:7.1f}")
        for name, seconds in result.steps.items():
            self.stdout.write(f"{name:<{width}}  {'':>9}  {seconds:7.1f}")
        if result.concurrent:
            steps = ", ".join(result.concurrent)
            self.stdout.write(f"({steps}: in a second connection while the search index was written.)")
        index = ", ".join(f"{count} {kind}" for kind, count in result.index.items())
        self.stdout.write(f"Search index: {index}.")
        self.stdout.write("")
        for username, unit in result.accounts.items():
            self.stdout.write(f"{username}  writes in {unit.name} ({unit.code})  password {PASSWORD}")
