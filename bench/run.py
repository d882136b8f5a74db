"""``make bench``: requests/s and p95 latency of the public pages against a bare Django view.

    python -m bench.run [--activities 100000] [--workers 2] [--threads 1] [--duration 15]

1. Prepares its own database (SQLite in var/bench/, or PostgreSQL when BENCH_DATABASE_URL is
   set): migrate, seed_demo, grow_demo up to the wanted number of published activities, the
   search index, collectstatic.
2. Starts two gunicorns with the production settings on loopback ports, side by side: the portal,
   and the same settings with a URLconf of one bare view (bench/settings_bare.py).
3. For each page, measures the bare view and then the page, each with a warm-up and then
   ``wrk -t2 -c16 -d15s --latency``: requests/s and the 95th percentile latency (bench/latency.lua).
   Pairs make the share fair on a machine whose speed drifts. Then the cadre lines
   (bench/cadre.py): the cadre pages, logged in, for a ward cadre and a province-level cadre, at
   8 connections, on the demo data (``--only cadre``) and, on PostgreSQL, on the national data set
   of ``grow_national`` in a database of its own with the public search over it (``--only
   national``; on SQLite the line says it was not measured, and ``--only national`` refuses).
   Before each pair it waits (a bounded time) for the machine to be idle; a pair during which
   other processes took more than 5 % of the CPU is measured again (at most ``--attempts`` times),
   and the share they took is reported (bench/cpu.py), so a figure from a busy machine is never
   mistaken for a quiet one.
4. "merge over 100,000 records": outside the timing, two wards with areas and organizations and
   100,000 activities logged in them; then the time of carrying out their merge (bench/merge.py,
   rolled back afterwards). Target: under 5 s. ``--only merge`` runs this line alone (no wrk).
   "member register of 5,000 rows": the time of checking and importing a 5,000-row register sheet
   (bench/member_import.py, rolled back). Target: under 10 s. ``--only members`` runs it alone.
   "reports" (PostgreSQL only; on SQLite the line says it was not measured, and ``--only reports``
   refuses): a database of its own beside the bench's (``<name>_reports``), prepared the same way,
   loaded with 1,000,000 activities and 200,000 concerns by ``COPY`` (target: under 5 minutes),
   then the median and p95 of 20 runs, in-process, of the 2025 report of the widest unit as it is
   now and as it was, a ward's, the dashboard's figures and the dashboard and report pages through
   Django's test client (bench/reports.py). Target: each under 300 ms. ``--only reports`` runs it
   alone, without preparing the bench's own database; with ``--reuse-database`` a loaded reports
   database is timed as it is.
5. Prints a table with each page's share of the bare view's requests/s and PASS/FAIL against the
   targets (at least 90 % of the bare view on Django's default middleware stack, as ``startproject``
   writes it, p95 at most 50 ms), and the same bare view through the portal's own middleware for
   reference; then the cadre lines' table, which names each row's data set and account (targets: a
   cadre page at least 10 % of the bare view, p95 under 100 ms; the search p95 under 100 ms).
   Exit status 1 when a target is missed, 2 when the run itself could not be made. The servers
   are stopped in every case.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import cadre, cpu, reports
from bench.servers import (
    BASE_DIR,
    LOOPBACK,
    VAR_DIR,
    BenchError,
    Server,
    WorkerSetup,
    http_status,
    prepare_database,
    production_env,
    running,
    say,
    shell_json,
    sqlite_url,
)

# Cached public pages against the bare view on Django's default middleware stack.
MIN_SHARE_OF_BARE = 0.90
MAX_P95_MS = 50.0
MAX_MERGE_SECONDS = 5.0
MERGE_RECORDS = 100_000
MERGE_SCRIPT = f"""
import json
from bench.merge import measure
print(json.dumps(measure({MERGE_RECORDS})))
"""
MEMBER_IMPORT_SCRIPT = """
import json
from bench.member_import import measure
print(json.dumps(measure()))
"""
# A request without a response after this long counts as a socket error (a timeout).
WRK_TIMEOUT_SECONDS = 5
# Above this share of the CPU taken by other processes during a run, its figures are flagged.
MAX_OTHERS_CPU = 0.05
SEARCH_QUERY = "phuoc hoi"
LATENCY_SCRIPT = Path(__file__).resolve().parent / "latency.lua"
# Phones ask for compressed pages; so does the load.
REQUEST_HEADERS = ("Accept-Encoding: gzip, deflate, br",)

# The public paths measured, and how the activity page is found (the newest published activity).
PAGES_SCRIPT = """
import json
from activities.models import Activity
from django.urls import NoReverseMatch, reverse

def path(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

newest = Activity.objects.published().newest_first().values_list("pk", flat=True).first()
print(json.dumps({
    "published": Activity.objects.published().count(),
    "home": path("public:home") or "/",
    "list": path("portal:activity_list") or "/activities/",
    "activity": path("portal:activity_detail", newest) or f"/activities/{newest}/",
    "search": path("portal:search") or "/search/",
}))
"""


@dataclass(frozen=True)
class Target:
    """A page measured against the bare view, with its targets (the cached public pages' by default)."""

    name: str
    path: str
    data_set: str = ""  # the cadre lines': the demo data or the national data set
    account: str = ""  # logged in as (empty: an anonymous visitor)
    headers: tuple[str, ...] = ()  # sent besides REQUEST_HEADERS (a session cookie)
    connections: int | None = None  # None: --connections
    min_share: float = MIN_SHARE_OF_BARE
    max_p95_ms: float = MAX_P95_MS
    # What the row says instead of a verdict when it is measured for information, with no target.
    no_target: str = ""


@dataclass(frozen=True)
class Measure:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int
    # Share of the machine's CPU that other processes took during the run (None: unknown).
    others_cpu: float | None


@dataclass(frozen=True)
class Pair:
    """A page and the bare view measured just before it, so that both saw the same machine."""

    target: Target
    page: Measure
    bare: Measure

    @property
    def share(self) -> float:
        return self.page.requests_per_second / self.bare.requests_per_second

    @property
    def others_cpu(self) -> float:
        """The larger share of the CPU other processes took during either run (0 when unknown)."""
        return max(m.others_cpu or 0.0 for m in (self.page, self.bare))


def wrk(
    url: str, *, seconds: int, connections: int, threads: int, latency: bool, headers: tuple[str, ...] = ()
) -> str:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", f"{WRK_TIMEOUT_SECONDS}s"]
    for header in REQUEST_HEADERS + headers:
        command += ["-H", header]
    if latency:
        command += ["--latency", "-s", str(LATENCY_SCRIPT)]
    # Bounded: wrk stops after its duration; the timeout only guards against a hung run.
    result = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    return result.stdout


def parse_wrk(output: str, others_cpu: float | None) -> Measure:
    def number(pattern: str) -> float:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return float(match.group(1))

    return Measure(
        requests_per_second=number(r"^Requests/sec:\s+([\d.]+)"),
        p50_ms=number(r"^bench-p50-us (\d+)") / 1000,
        p95_ms=number(r"^bench-p95-us (\d+)") / 1000,
        p99_ms=number(r"^bench-p99-us (\d+)") / 1000,
        requests=int(number(r"^bench-requests (\d+)")),
        non_2xx=int(number(r"^bench-non2xx (\d+)")),
        socket_errors=int(number(r"^bench-socket-errors (\d+)")),
        others_cpu=others_cpu,
    )


def measure(
    server: Server,
    path: str,
    args: argparse.Namespace,
    sessions: set[int],
    *,
    headers: tuple[str, ...] = (),
    connections: int | None = None,
) -> Measure:
    """A warm-up, then the timed run; the page must answer 200 itself (a redirect is not followed:
    a 302 to the login means the session sent in ``headers`` is not a valid one)."""
    # With PostgreSQL the database server's work is part of the pages' cost, not someone else's
    # (other users of the same server on this machine are then counted as ours).
    ours = frozenset({"postgres"}) if args.database_url.startswith("postgres") else frozenset()
    url = server.base_url + path
    sent = dict(header.split(": ", 1) for header in headers)
    status = http_status(url, headers=sent, follow_redirects=False)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}, not 200")
    load = {"connections": connections or args.connections, "threads": args.wrk_threads, "headers": headers}
    wrk(url, seconds=args.warmup, latency=False, **load)
    before = cpu.snapshot(sessions, ours)
    output = wrk(url, seconds=args.duration, latency=True, **load)
    return parse_wrk(output, cpu.others_share(before, cpu.snapshot(sessions, ours)))


def measure_pair(
    target: Target, portal: Server, bare: Server, args: argparse.Namespace, sessions: set[int]
) -> Pair:
    """The bare view then the page; again (at most ``--attempts`` times) when other processes were busy."""
    best: Pair | None = None
    for attempt in range(1, args.attempts + 1):
        busy = cpu.wait_until_quiet(share=MAX_OTHERS_CPU, timeout=args.quiet_wait)
        note = "" if busy is None or busy < MAX_OTHERS_CPU else f" (machine still {busy:.0%} busy)"
        who = f" as {target.account}" if target.account else ""
        say(f"{target.name}: the bare view, then {target.path}{who} — attempt {attempt}{note}")
        load = {"connections": target.connections}
        bare_measure = measure(bare, "/", args, sessions, **load)
        page = measure(portal, target.path, args, sessions, headers=target.headers, **load)
        pair = Pair(target, page, bare_measure)
        if best is None or pair.others_cpu < best.others_cpu:
            best = pair
        if best.others_cpu <= MAX_OTHERS_CPU:
            break
    assert best is not None
    return best


def verdict(pair: Pair) -> tuple[bool, str]:
    problems = []
    target = pair.target
    if target.no_target:
        return True, target.no_target
    if pair.share < target.min_share:
        problems.append(f"rps {pair.share:.0%} < {target.min_share:.0%}")
    if timed_out(pair.page):
        problems.append(f"no response within {WRK_TIMEOUT_SECONDS} s")
    elif pair.page.p95_ms > target.max_p95_ms:
        problems.append(f"p95 > {target.max_p95_ms:.0f} ms")
    if pair.page.non_2xx:
        problems.append(f"{pair.page.non_2xx} non-2xx")
    if pair.page.socket_errors:
        problems.append(f"{pair.page.socket_errors} socket errors")
    return (not problems), ("PASS" if not problems else "FAIL: " + ", ".join(problems))


def timed_out(measure: Measure) -> bool:
    """Whether no request got its response in time: wrk then has no latency to report (zeros)."""
    return measure.socket_errors > 0 and measure.p99_ms == 0


def _latencies(measure: Measure) -> str:
    if timed_out(measure):
        return " | ".join([f"> {WRK_TIMEOUT_SECONDS * 1000}"] * 3)
    return f"{measure.p50_ms:.1f} | {measure.p95_ms:.1f} | {measure.p99_ms:.1f}"


def _others(value: float | None) -> str:
    return "?" if value is None else f"{value:.0%}"


def table(pairs: list[Pair], portal_stack: Measure | None = None) -> tuple[str, bool]:
    """The rows with their verdicts, then the baseline; when a row names its data set (the cadre
    lines), two first columns say which data set and which account."""
    labelled = any(pair.target.data_set for pair in pairs)
    lines = [
        ("| data set | account " if labelled else "")
        + "| page | path | requests/s | bare view just before | share of bare | p50 (ms) | p95 (ms) "
        "| p99 (ms) | other processes' CPU (page / bare) | result |",
        ("|---|---" if labelled else "") + "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    blank = "| | " if labelled else ""
    all_pass = True
    for pair in pairs:
        passed, text = verdict(pair)
        all_pass = all_pass and passed
        page, bare = pair.page, pair.bare
        label = f"| {pair.target.data_set} | {pair.target.account or 'anonymous'} " if labelled else ""
        lines.append(
            f"{label}| {pair.target.name} | `{pair.target.path}` | {page.requests_per_second:,.0f} | "
            f"{bare.requests_per_second:,.0f} | {pair.share:.0%} | {_latencies(page)} | "
            f"{_others(page.others_cpu)} / {_others(bare.others_cpu)} | {text} |"
        )
    bares = [pair.bare for pair in pairs]
    if bares:
        mean = sum(b.requests_per_second for b in bares) / len(bares)
        worst_p95 = max(b.p95_ms for b in bares)
        lines.append(
            f"{blank}| bare view, Django's default middleware | `/` | {mean:,.0f} (mean) | | | "
            f"| {worst_p95:.1f} (worst) | | | baseline |"
        )
    if portal_stack is not None:
        ref = portal_stack
        share = ref.requests_per_second / mean if bares else 0.0
        lines.append(
            f"{blank}| bare view, the portal's middleware | `/` | {ref.requests_per_second:,.0f} | "
            f"| {share:.0%} | {ref.p50_ms:.1f} | {ref.p95_ms:.1f} | {ref.p99_ms:.1f} "
            f"| {_others(ref.others_cpu)} | reference |"
        )
    return "\n".join(lines), all_pass


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = match.group(1).strip() if match else ""
    return f"{os.cpu_count()} cores{f' ({model})' if model else ''}, {platform.system()} {platform.release()}"


def busy_note(pairs: list[Pair]) -> str:
    shares = [m.others_cpu for pair in pairs for m in (pair.page, pair.bare) if m.others_cpu is not None]
    if not shares:
        return ""
    worst = max(shares)
    if worst <= MAX_OTHERS_CPU:
        return f"\nOther processes took at most {worst:.0%} of the CPU during the runs.\n"
    return (
        f"\nWarning: other processes took up to {worst:.0%} of the CPU during the runs; "
        "these figures are not reliable, run again on a quiet machine.\n"
    )


def database_label(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=int(os.environ.get("BENCH_ACTIVITIES", 100_000)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 2)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", 1)))
    parser.add_argument("--duration", type=int, default=15, help="seconds of each measured run")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up before each run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="measure only these pages (bare is always measured)")
    parser.add_argument(
        "--attempts", type=int, default=3, help="measure a pair again when other processes were busy"
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=60, help="seconds to wait for an idle machine before a pair"
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="skip the preparation (a database made by an earlier run)",
    )
    parser.add_argument("--fresh", action="store_true", help="start from a new SQLite database")
    return parser.parse_args(argv)


def merge_line(env: dict[str, str], _args: argparse.Namespace) -> tuple[str, bool]:
    """Carry out a merge of two wards over 100,000 activities and report its time (bench/merge.py)."""
    say(f"merge over {MERGE_RECORDS:,} records: setting up, then timing the merge")
    merge = shell_json(env, MERGE_SCRIPT)
    passed = merge["seconds"] < MAX_MERGE_SECONDS
    line = (
        f"merge over {merge['records']:,} records: {merge['seconds']:.2f} s "
        f"({merge['units_closed']} units and areas, {merge['organizations_closed']} organizations closed; "
        f"target < {MAX_MERGE_SECONDS:.0f} s) {'PASS' if passed else 'FAIL'}"
    )
    return line, passed


def member_import_line(env: dict[str, str], _args: argparse.Namespace) -> tuple[str, bool]:
    """Import a 5,000-row member register sheet and report its time (bench/member_import.py)."""
    from bench.member_import import MAX_SECONDS, ROWS

    say(f"member register of {ROWS:,} rows: setting up, then timing the import")
    result = shell_json(env, MEMBER_IMPORT_SCRIPT)
    passed = bool(result.get("saved")) and result["seconds"] < MAX_SECONDS
    line = (
        f"member register of {result['rows']:,} rows: {result['seconds']:.2f} s "
        f"(target < {MAX_SECONDS:.0f} s) {'PASS' if passed else 'FAIL'}"
    )
    return line, passed


def reports_line(env: dict[str, str], args: argparse.Namespace) -> tuple[str, bool]:
    """Load a million activities and 200,000 concerns into a database of their own and time the
    reports and the dashboard at the server (bench/reports.py). PostgreSQL only."""
    return reports.line(env, reuse=args.reuse_database)


# Lines timed once each (not pages under load): ``--only merge`` / ``members`` / ``reports`` runs one alone.
ONE_OFF_LINES = {"merge": merge_line, "members": member_import_line, "reports": reports_line}
# Lines that build a database of their own: the bench's is not prepared for them alone.
OWN_DATABASE_LINES = frozenset({"reports"})
# Lines of pages under load besides the public ones: ``--only cadre`` / ``national`` (bench/cadre.py).
LOAD_LINES = frozenset({"cadre", "national"})


def cadre_targets(data_set: str, accounts: tuple[cadre.Account, ...]) -> list[Target]:
    """The cadre pages of each account, with the cadre lines' targets and connections."""
    return [
        Target(
            name,
            path,
            data_set=data_set,
            account=account.username,
            headers=account.headers,
            connections=cadre.CONNECTIONS,
            min_share=cadre.MIN_SHARE_OF_BARE,
            max_p95_ms=cadre.MAX_P95_MS,
        )
        for account in accounts
        for name, path in account.pages
    ]


def national_search_targets(search: str, account: cadre.Account) -> list[Target]:
    """The public search over the national data set: the stored page an anonymous visitor gets and
    the page a logged-in cadre gets again (kept for the session), both held to the p95; and, for
    information, the search computed on each request (the session's cookie alone, without the CSRF
    cookie a page is kept for: the cost of a search nobody made before)."""
    path = cadre.search_path(search, cadre.NATIONAL_SEARCH_QUERY)
    common = {"data_set": cadre.NATIONAL_DATA, "connections": cadre.CONNECTIONS, "min_share": 0.0}
    logged_in = {"account": account.username, "max_p95_ms": cadre.MAX_P95_MS, **common}
    return [
        Target("search (stored public page)", path, max_p95_ms=cadre.MAX_P95_MS, **common),
        Target("search (logged in, kept for the session)", path, headers=account.headers, **logged_in),
        Target(
            "search (computed each time)",
            path,
            headers=account.session_headers,
            no_target="no target: measured for information",
            **logged_in,
        ),
    ]


def national_pairs(
    env: dict[str, str], args: argparse.Namespace, setup: WorkerSetup
) -> tuple[list[Pair], int]:
    """The national database (loaded unless reused), its own two gunicorns, the cadre pages of its
    two accounts and the public search; the pairs and the number of activities."""
    national = cadre.national_env(env, reuse=args.reuse_database)
    logged_in = cadre.log_in(national, cadre.NATIONAL_ACCOUNTS)
    targets = cadre_targets(cadre.NATIONAL_DATA, logged_in.accounts)
    targets += national_search_targets(logged_in.search, logged_in.accounts[0])
    portal = Server("national-portal", "lagi_portal.settings", national, setup)
    bare = Server("national-bare", "bench.settings_bare", national, setup)
    with running(portal, bare, ready_paths={"national-portal": "/healthz"}):
        sessions = {portal.session, bare.session}
        pairs = [measure_pair(target, portal, bare, args, sessions) for target in targets]
    return pairs, logged_in.activities


@dataclass(frozen=True)
class Selection:
    """Which lines a run makes, from ``--only`` (every line when it names none)."""

    wanted: frozenset[str]
    public: bool  # the cached public pages
    cadre: bool  # the cadre pages on the demo data
    national: bool  # the cadre pages and the search on the national data set
    one_off: tuple[str, ...]

    @property
    def under_load(self) -> bool:
        return self.public or self.cadre or self.national

    @property
    def bench_database(self) -> bool:
        """Whether the bench's own database is used (not only the lines' own ones)."""
        return self.public or self.cadre or any(name not in OWN_DATABASE_LINES for name in self.one_off)


def select(only: list[str] | None, *, postgresql: bool) -> Selection:
    wanted = frozenset(only or ())
    return Selection(
        wanted=wanted,
        public=not wanted or any(name not in ONE_OFF_LINES and name not in LOAD_LINES for name in wanted),
        cadre=not wanted or "cadre" in wanted,
        national="national" in wanted or (not wanted and postgresql),
        one_off=tuple(name for name in ONE_OFF_LINES if not wanted or name in wanted),
    )


def run(args: argparse.Namespace) -> int:
    database_url = os.environ.get("BENCH_DATABASE_URL")
    postgresql = reports.is_postgresql(database_url or "")
    chosen = select(args.only, postgresql=postgresql)
    if chosen.under_load and shutil.which("wrk") is None:
        raise BenchError("wrk is not installed: apt-get install wrk")
    if not database_url:
        database_url = sqlite_url("bench.sqlite3")
        if args.fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (VAR_DIR / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    args.database_url = database_url
    if "reports" in chosen.wanted and not postgresql:
        raise BenchError(reports.POSTGRESQL_ONLY)
    if "national" in chosen.wanted and not postgresql:
        raise BenchError(cadre.POSTGRESQL_ONLY)
    env = production_env(database_url)
    if args.reuse_database:
        say("Database: used as it is (--reuse-database)")
    elif chosen.bench_database:
        prepare_database(env, activities=args.activities)
    one_off = [ONE_OFF_LINES[name](env, args) for name in chosen.one_off]
    if not chosen.wanted and not postgresql:
        one_off.append((cadre.NOT_ON_SQLITE, True))
    one_off_text = "\n".join(text for text, _passed in one_off)
    one_off_pass = all(passed for _text, passed in one_off)
    if not chosen.under_load:
        say(one_off_text)
        return 0 if one_off_pass else 1

    setup = WorkerSetup(workers=args.workers, threads=args.threads)
    measured = Measured()
    if chosen.public or chosen.cadre:
        bench_database_pairs(env, args, setup, chosen, measured)
    if chosen.national:
        national, measured.national_activities = national_pairs(env, args, setup)
        measured.cadre += national

    sections = []
    all_pass = one_off_pass
    if measured.public:
        text, passed = table(measured.public, measured.portal_stack)
        all_pass = all_pass and passed
        sections.append(public_header(args, setup, database_url, measured.published) + text)
    if measured.cadre:
        text, passed = table(measured.cadre)
        all_pass = all_pass and passed
        sections.append(cadre_header(args, setup, database_url, measured) + text)
    report = "\n\n".join(sections) + f"\n{busy_note(measured.public + measured.cadre)}"
    report += f"\n{one_off_text}\n" if one_off_text else ""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "bench-result.md").write_text(report)
    say("")
    say(report)
    say(f"(also written to {(VAR_DIR / 'bench-result.md').relative_to(BASE_DIR)})")
    say("All targets met." if all_pass else "Some targets are missed.")
    return 0 if all_pass else 1


@dataclass
class Measured:
    """The pairs of a run, by table, and what their headers say about the data."""

    public: list[Pair] = field(default_factory=list)
    cadre: list[Pair] = field(default_factory=list)
    portal_stack: Measure | None = None
    published: int = 0
    demo_activities: int = 0
    national_activities: int = 0


def bench_database_pairs(
    env: dict[str, str], args: argparse.Namespace, setup: WorkerSetup, chosen: Selection, measured: Measured
) -> None:
    """The public pages and the demo data's cadre pages, on the bench's database and servers."""
    pages = shell_json(env, PAGES_SCRIPT)
    measured.published = pages["published"]
    targets = public_targets(pages, chosen.wanted) if chosen.public else []
    if chosen.cadre:
        logged_in = cadre.log_in(env, cadre.DEMO_ACCOUNTS)
        measured.demo_activities = logged_in.activities
        targets += cadre_targets(cadre.DEMO_DATA, logged_in.accounts)
    portal = Server("portal", "lagi_portal.settings", env, setup)
    bare = Server("bare", "bench.settings_bare", env, setup)
    # The reference row of the public pages' table: the bare view through the portal's middleware.
    reference = []
    if chosen.public:
        reference.append(Server("bare-portal-middleware", "bench.settings_bare_portal", env, setup))
    with running(portal, bare, *reference, ready_paths={"portal": "/healthz"}):
        sessions = {server.session for server in (portal, bare, *reference)}
        for target in targets:
            pair = measure_pair(target, portal, bare, args, sessions)
            (measured.cadre if target.data_set else measured.public).append(pair)
        for bare_portal in reference:
            say("the bare view through the portal's middleware, for reference")
            measured.portal_stack = measure(bare_portal, "/", args, sessions)


def public_header(args: argparse.Namespace, setup: WorkerSetup, database_url: str, published: int) -> str:
    return (
        f"Measured {datetime.date.today():%d/%m/%Y} on {machine()}; gunicorn {setup}; "
        f"{database_label(database_url)} with {published:,} published activities; "
        f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s on {LOOPBACK}. "
        f"Targets: each page >= {MIN_SHARE_OF_BARE:.0%} of the requests/s of a bare view on Django's "
        f"default middleware stack, p95 <= {MAX_P95_MS:.0f} ms.\n\n"
    )


def public_targets(pages: dict, wanted: set[str]) -> list[Target]:
    """The cached public pages (those of ``wanted`` when it names any)."""
    search_path = f"{pages['search']}?q={SEARCH_QUERY.replace(' ', '+')}"
    targets = [
        Target("home", pages["home"]),
        Target("activity list", pages["list"]),
        Target("activity page", pages["activity"]),
        Target("search", search_path),
    ]
    return [t for t in targets if t.name in wanted] if wanted else targets


def cadre_header(args: argparse.Namespace, setup: WorkerSetup, database_url: str, measured: Measured) -> str:
    """What the cadre lines' table was measured on, and their targets."""
    data = []
    if measured.demo_activities:
        data.append(f"the demo data ({measured.demo_activities:,} activities)")
    if measured.national_activities:
        data.append(f"the national data set ({measured.national_activities:,} activities)")
    return (
        f"Cadre pages, logged in with a fresh session, measured {datetime.date.today():%d/%m/%Y} "
        f"on {machine()}; "
        f"gunicorn {setup}; {database_label(database_url)}, {' and '.join(data)}; "
        f"wrk -t{args.wrk_threads} -c{cadre.CONNECTIONS} -d{args.duration}s on {LOOPBACK}. "
        f"Targets: each cadre page >= {cadre.MIN_SHARE_OF_BARE:.0%} of the requests/s of the bare view on "
        f"Django's default middleware stack and p95 < {cadre.MAX_P95_MS:.0f} ms; the public search over the "
        f"national data set p95 < {cadre.MAX_P95_MS:.0f} ms.\n\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BenchError as error:
        say(f"make bench: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
