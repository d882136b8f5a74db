"""``make bench``'s reports line: the reports and the dashboard over a million activities.

``python -m bench.run --only reports`` runs it alone; ``make bench`` runs it after the other one-off
lines when ``BENCH_DATABASE_URL`` is PostgreSQL (on SQLite it says it was not measured, and ``--only
reports`` refuses to run).

1. A database of its own beside the bench's (``<name>_reports`` on the same server, made again on
   each run; kept as it is with ``--reuse-database`` once loaded), prepared like the bench's:
   migrate, ``seed_demo``, the search index.
2. ``bench.reports_data.load`` writes 1,000,000 activities (with their details and organizers) and
   200,000 concerns with ``COPY``, one transaction per table, then ``VACUUM ANALYZE``. Target: under 5
   minutes.
3. In-process ("at the server", no HTTP socket), after a warm-up, the median and the 95th
   percentile of 20 runs of: the annual report of the widest unit of the demo for 2025 (a year
   across the reorganization of 1 July 2025), as it is now and as it was; a ward's annual report;
   the dashboard's headline figures (this month's report with ``portal.dashboard_figures.HEADLINE``)
   for a ward cadre and for the widest cadre; the dashboard's two tabs (``GET /cadre/`` and
   ``GET /cadre/?tab=figures`` through Django's test client, logged in, computed each time: the
   work area's page store is off) for each of them; the report page of the widest unit
   (``GET /cadre/reports/?…``) and the answers by authority it then loads into itself (``GET
   /cadre/reports/authorities/?…`` as htmx asks for them). Target: each under 300 ms.

Run in ``manage.py shell`` with the production settings (DEBUG off), as the merge line is.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from bench.cpu import stolen_seconds
from bench.servers import prepare_database, say, shell_json

ACTIVITIES = 1_000_000
CONCERNS = 200_000
MAX_LOAD_SECONDS = 300.0
MAX_MS = 300.0
RUNS = 20
WARMUP = 3
YEAR = 2025
# The demo's widest account (the province of today and the former town of La Gi) and a ward's.
WIDEST_CADRE = "cadre_area"
WARD_CADRE = "cadre_ward"
# The province of today, where every unit of the demo falls as it is now and as it was.
WIDEST_UNIT = "LD"
WARD = "LD-PPHUOCHOI"
POSTGRESQL_ONLY = (
    "the reports line needs PostgreSQL (it loads a million rows with COPY): "
    "set BENCH_DATABASE_URL=postgres://user@host:5432/lagi_bench; it builds lagi_bench_reports beside it"
)
MEASURE_SCRIPT = """
import json
from bench.reports import measure
print(json.dumps(measure(activities={activities}, concerns={concerns}, reuse={reuse})))
"""


# --- in the bench's process ----------------------------------------------------------------------


def is_postgresql(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def database_url(bench_url: str) -> str:
    """The reports' database: the bench's name with ``_reports``, on the same server."""
    return beside(bench_url, "_reports")


def beside(bench_url: str, suffix: str) -> str:
    """A database of a line's own: the bench's name with ``suffix``, on the same server."""
    parts = urlsplit(bench_url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + suffix))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _server(url: str):
    """A connection to the server's ``postgres`` database, outside any transaction."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    return connection


def exists(url: str) -> bool:
    server = _server(url)
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)])
            return cursor.fetchone() is not None
    finally:
        server.close()


def make_again(url: str) -> None:
    from psycopg2 import sql

    name = sql.Identifier(database_name(url))
    server = _server(url)
    try:
        with server.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        server.close()


def line(env: dict[str, str], *, reuse: bool = False) -> tuple[str, bool]:
    """Prepare the reports' database, load it, time the reports: the lines of the bench's result
    and whether the targets are met (on SQLite, a line that says it was not measured)."""
    bench_url = env["DATABASE_URL"]
    if not is_postgresql(bench_url):
        return "reports: not measured on SQLite (BENCH_DATABASE_URL=postgres://… measures them)", True
    url = database_url(bench_url)
    # The pages are computed on each run: the store that serves a session's page again is off here
    # (core/private_pages.py; the cadre lines measure it).
    reports_env = {**env, "DATABASE_URL": url, "PRIVATE_PAGE_SECONDS": "0"}
    if reuse and exists(url):
        say(f"reports: database {database_name(url)} used as it is (--reuse-database)")
    else:
        say(f"reports: a new database {database_name(url)}")
        make_again(url)
        prepare_database(reports_env, activities=None)
    say(f"reports: {ACTIVITIES:,} activities and {CONCERNS:,} concerns (loaded if missing), then the timings")
    script = MEASURE_SCRIPT.format(activities=ACTIVITIES, concerns=CONCERNS, reuse=reuse)
    result = shell_json(reports_env, script)
    return text(result)


def text(result: dict) -> tuple[str, bool]:
    """The load and the timings as the bench's result shows them, and whether the targets are met."""
    load = result.get("load")
    lines = []
    passed = True
    if load is None:
        lines.append(
            f"reports over {result['activities']:,} activities and {result['concerns']:,} concerns "
            "(loaded by an earlier run):"
        )
    else:
        loaded = load["seconds"] + load["analyze_seconds"]
        ok = loaded < MAX_LOAD_SECONDS
        passed = ok
        tables = load["tables"]
        details = sum(table["rows"] for name, table in tables.items() if name.endswith(" details"))
        organizers = tables.get("organizers", {}).get("rows", 0)
        lines.append(
            f"reports: {result['activities']:,} activities ({details:,} details, {organizers:,} organizers) "
            f"and {result['concerns']:,} concerns in the database, loaded in {loaded:.0f} s "
            f"(COPY {load['seconds']:.0f} s, VACUUM ANALYZE {load['analyze_seconds']:.0f} s; "
            f"target < {MAX_LOAD_SECONDS:.0f} s) {'PASS' if ok else 'FAIL'}"
        )
    before, after = result.get("load_average") or ("?", "?")
    stolen = result.get("stolen_percent")
    stolen_text = (
        f"; the host took {stolen} % of the cores' time for other machines (steal) while they ran"
        if stolen is not None
        else ""
    )
    lines += [
        "",
        f"Timed in-process with the production settings; load average {before} before, {after} after "
        f"(on {os.cpu_count()} cores){stolen_text}.",
        "",
        f"| reports, at the server ({result['runs']} runs after {result['warmup']}) | median (ms) "
        "| p95 (ms) | queries | result |",
        "|---|--:|--:|--:|---|",
    ]
    for case in result["cases"]:
        ok = case["p95_ms"] < MAX_MS
        passed = passed and ok
        lines.append(
            f"| {case['name']} | {case['median_ms']:.0f} | {case['p95_ms']:.0f} | {case['queries']} "
            f"| {'PASS' if ok else f'FAIL (p95 >= {MAX_MS:.0f} ms)'} |"
        )
    return "\n".join(lines), passed


# --- in manage.py shell, on the reports' database -------------------------------------------------


def _timed(run: Callable[[], object], runs: int, warmup: int) -> dict:
    from django.db import connection

    for _ in range(warmup):
        run()
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        run()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[math.ceil(0.95 * len(times)) - 1], 1),
        "queries": len(queries),
    }


def cases(today: datetime.date | None = None) -> list[tuple[str, Callable[[], object]]]:
    """What is timed, by name: each a function that builds a report or gets a page."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from organizations.lineage import View
    from organizations.models import AdministrativeUnit, User
    from organizations.scoping import scope_for
    from portal.dashboard_figures import HEADLINE
    from reports.compute import build_report
    from reports.periods import Period, PeriodKind, containing

    today = today or timezone.localdate()
    widest_cadre = User.objects.get(username=WIDEST_CADRE)
    ward_cadre = User.objects.get(username=WARD_CADRE)
    widest = AdministrativeUnit.objects.get(code=WIDEST_UNIT)
    ward = AdministrativeUnit.objects.get(code=WARD)
    year = Period.of_year(YEAR)
    month = containing(PeriodKind.MONTH, today)
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    backend = "django.contrib.auth.backends.ModelBackend"

    def report(user, unit, period, view=View.AS_IT_IS, indicators=None):
        # The scope as a request reads it: once per request, on a fresh user object.
        reader = User.objects.get(pk=user.pk)
        return lambda: build_report(
            scope=scope_for(reader), unit=unit, period=period, view=view, indicators=indicators, today=today
        )

    def page(user, path, headers=None):
        client = Client(HTTP_HOST=hosts[0] if hosts else "testserver")
        client.force_login(user, backend=backend)

        def get():
            response = client.get(path, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"GET {path} answered {response.status_code}")
            return response

        return get

    # The dashboard's figures tab builds the report of this month with its headline indicators.
    headline = {"indicators": HEADLINE}
    query = f"unit={widest.pk}&kind=year&year={YEAR}&view={View.AS_IT_IS}"
    report_path = f"/cadre/reports/?{query}"
    # What the report page then loads into itself (htmx): the answers by authority of its unit.
    authorities_path = f"/cadre/reports/authorities/?{query}"
    return [
        (f"{widest.name}, year {YEAR}, as it is now", report(widest_cadre, widest, year)),
        (f"{widest.name}, year {YEAR}, as it was", report(widest_cadre, widest, year, View.AS_IT_WAS)),
        (f"{ward.name}, year {YEAR}, as it is now", report(ward_cadre, ward, year)),
        (
            "dashboard's headline figures, this month (widest cadre)",
            report(widest_cadre, None, month, **headline),
        ),
        (
            "dashboard's headline figures, this month (ward cadre)",
            report(ward_cadre, None, month, **headline),
        ),
        ("GET /cadre/ (widest cadre)", page(widest_cadre, "/cadre/")),
        ("GET /cadre/ (ward cadre)", page(ward_cadre, "/cadre/")),
        ("GET /cadre/?tab=figures (widest cadre)", page(widest_cadre, "/cadre/?tab=figures")),
        ("GET /cadre/?tab=figures (ward cadre)", page(ward_cadre, "/cadre/?tab=figures")),
        (f"GET {report_path} (widest cadre)", page(widest_cadre, report_path)),
        (
            f"GET {authorities_path} (widest cadre, loaded by the report page)",
            page(widest_cadre, authorities_path, {"HX-Request": "true"}),
        ),
    ]


def measure(
    *, activities: int = ACTIVITIES, concerns: int = CONCERNS, reuse: bool = False, runs: int = RUNS
) -> dict:
    """Load the records (with ``reuse``, only those missing), ``VACUUM ANALYZE``, and time every case."""
    from activities.models import Activity
    from bench.reports_data import analyze, load
    from concerns.models import Concern

    result: dict = {"runs": runs, "warmup": WARMUP, "load": None}
    if reuse:  # only what is missing (an earlier run was stopped half-way)
        activities = max(0, activities - Activity.objects.count())
        concerns = max(0, concerns - Concern.objects.count())
    if activities or concerns:
        result["load"] = load(activities=activities, concerns=concerns)
        began = time.perf_counter()
        analyze(vacuum=True)
        result["load"]["analyze_seconds"] = round(time.perf_counter() - began, 1)
    result["activities"] = Activity.objects.count()
    result["concerns"] = Concern.objects.count()
    result["load_average"] = [round(os.getloadavg()[0], 1)]
    stolen, began = stolen_seconds(), time.monotonic()
    result["cases"] = [{"name": name, **_timed(run, runs, WARMUP)} for name, run in cases()]
    result["load_average"].append(round(os.getloadavg()[0], 1))
    if stolen is not None:
        share = (stolen_seconds() - stolen) / ((time.monotonic() - began) * (os.cpu_count() or 1))
        result["stolen_percent"] = round(100 * share)
    return result


def main() -> None:
    """By hand, on a prepared database (loaded unless it holds the records already)::

    manage.py shell -c "from bench.reports import main; main()"
    """
    print(json.dumps(measure(reuse=True), indent=2))
