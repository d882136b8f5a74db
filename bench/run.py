"""``make bench``: requests/s and p95 latency of the public pages against a bare Django view.

    python -m bench.run [--activities 100000] [--workers 2] [--threads 1] [--duration 15]

1. Prepares its own database (SQLite in var/bench/, or PostgreSQL when BENCH_DATABASE_URL is
   set): migrate, seed_demo, grow_demo up to the wanted number of published activities, the
   search index, collectstatic.
2. Starts two gunicorns with the production settings on loopback ports, side by side: the portal,
   and the same settings with a URLconf of one bare view (bench/settings_bare.py).
3. For each page, warms up, then runs ``wrk -t2 -c16 -d15s --latency`` and reads requests/s and
   the 95th percentile latency (bench/latency.lua).
4. Prints a table with each page's share of the bare view's requests/s and PASS/FAIL against the
   targets (at least 60 % of the bare view, p95 at most 50 ms). Exit status 1 when a target is
   missed, 2 when the run itself could not be made. The servers are stopped in every case.
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
from dataclasses import dataclass
from pathlib import Path

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

MIN_SHARE_OF_BARE = 0.60
MAX_P95_MS = 50.0
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
    name: str
    path: str
    is_bare: bool = False


@dataclass(frozen=True)
class Measure:
    target: Target
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def wrk(url: str, *, seconds: int, connections: int, threads: int, latency: bool) -> str:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    for header in REQUEST_HEADERS:
        command += ["-H", header]
    if latency:
        command += ["--latency", "-s", str(LATENCY_SCRIPT)]
    # Bounded: wrk stops after its duration; the timeout only guards against a hung run.
    result = subprocess.run(command + [url], capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    return result.stdout


def parse_wrk(target: Target, output: str) -> Measure:
    def number(pattern: str) -> float:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise BenchError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return float(match.group(1))

    return Measure(
        target=target,
        requests_per_second=number(r"^Requests/sec:\s+([\d.]+)"),
        p50_ms=number(r"^bench-p50-us (\d+)") / 1000,
        p95_ms=number(r"^bench-p95-us (\d+)") / 1000,
        p99_ms=number(r"^bench-p99-us (\d+)") / 1000,
        requests=int(number(r"^bench-requests (\d+)")),
        non_2xx=int(number(r"^bench-non2xx (\d+)")),
        socket_errors=int(number(r"^bench-socket-errors (\d+)")),
    )


def verdict(measure: Measure, bare_rps: float) -> tuple[bool, str]:
    if measure.target.is_bare:
        return True, "reference (mean of both runs)"
    problems = []
    share = measure.requests_per_second / bare_rps
    if share < MIN_SHARE_OF_BARE:
        problems.append(f"rps {share:.0%} < {MIN_SHARE_OF_BARE:.0%}")
    if measure.p95_ms > MAX_P95_MS:
        problems.append(f"p95 > {MAX_P95_MS:.0f} ms")
    if measure.non_2xx:
        problems.append(f"{measure.non_2xx} non-2xx")
    if measure.socket_errors:
        problems.append(f"{measure.socket_errors} socket errors")
    return (not problems), ("PASS" if not problems else "FAIL: " + ", ".join(problems))


def table(measures: list[Measure]) -> tuple[str, bool]:
    bare_runs = [m.requests_per_second for m in measures if m.target.is_bare]
    bare_rps = sum(bare_runs) / len(bare_runs)
    lines = [
        "| page | path | requests/s | share of bare | p50 (ms) | p95 (ms) | p99 (ms) | result |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    all_pass = True
    for measure in measures:
        passed, text = verdict(measure, bare_rps)
        all_pass = all_pass and passed
        share = measure.requests_per_second / bare_rps
        lines.append(
            f"| {measure.target.name} | `{measure.target.path}` | {measure.requests_per_second:,.0f} | "
            f"{share:.0%} | {measure.p50_ms:.1f} | {measure.p95_ms:.1f} | {measure.p99_ms:.1f} | {text} |"
        )
    return "\n".join(lines), all_pass


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = match.group(1).strip() if match else ""
    return f"{os.cpu_count()} cores{f' ({model})' if model else ''}, {platform.system()} {platform.release()}"


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


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
    parser.add_argument("--fresh", action="store_true", help="start from a new SQLite database")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed: apt-get install wrk")
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if not database_url:
        database_url = sqlite_url("bench.sqlite3")
        if args.fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                (VAR_DIR / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    env = production_env(database_url)
    prepare_database(env, activities=args.activities)
    pages = shell_json(env, PAGES_SCRIPT)
    search_path = f"{pages['search']}?q={SEARCH_QUERY.replace(' ', '+')}"
    targets = [
        Target("home", pages["home"]),
        Target("activity list", pages["list"]),
        Target("activity page", pages["activity"]),
        Target("search", search_path),
    ]
    if args.only:
        targets = [t for t in targets if t.name in args.only]
    # The bare view first and last: its mean is the reference, and the two show the drift.
    targets = [
        Target("bare view (first)", "/", is_bare=True),
        *targets,
        Target("bare view (last)", "/", is_bare=True),
    ]

    load_before = load_average()
    if load_before > 0.5:
        say(f"Warning: load average {load_before:.2f} before the run; other work skews the figures.")
    setup = WorkerSetup(workers=args.workers, threads=args.threads)
    portal = Server("portal", "lagi_portal.settings", env, setup)
    bare = Server("bare", "bench.settings_bare", env, setup)
    measures: list[Measure] = []
    with running(portal, bare, ready_paths={"portal": "/healthz"}):
        for target in targets:
            server = bare if target.is_bare else portal
            url = server.base_url + target.path
            status = http_status(url)
            if status != 200:
                raise BenchError(f"{target.name}: GET {target.path} answered {status}, not 200")
            say(f"{target.name}: {target.path} — warm-up {args.warmup} s, then {args.duration} s")
            load = {"connections": args.connections, "threads": args.wrk_threads}
            wrk(url, seconds=args.warmup, latency=False, **load)
            output = wrk(url, seconds=args.duration, latency=True, **load)
            measures.append(parse_wrk(target, output))

    text, all_pass = table(measures)
    header = (
        f"Measured {datetime.date.today():%d/%m/%Y} on {machine()}; gunicorn {setup}; "
        f"{database_label(database_url)} with {pages['published']:,} published activities; "
        f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s on {LOOPBACK}. "
        f"Targets: each page >= {MIN_SHARE_OF_BARE:.0%} of the bare view's requests/s, "
        f"p95 <= {MAX_P95_MS:.0f} ms."
    )
    load_note = f"Load average (1 min) before the run: {load_before:.2f}."
    report = f"{header}\n{load_note}\n\n{text}\n"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "bench-result.md").write_text(report)
    say("")
    say(report)
    say(f"(also written to {(VAR_DIR / 'bench-result.md').relative_to(BASE_DIR)})")
    say("All targets met." if all_pass else "Some targets are missed.")
    return 0 if all_pass else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BenchError as error:
        say(f"make bench: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
