"""``make soak``: the portal under twice the load it can serve, for a while, and what it left behind.

    python -m bench.soak [--duration 600] [--workers 2] [--max-in-flight 48] [--database-url URL]

1. Prepares a database of its own (SQLite in var/bench/soak.sqlite3, new each run; or PostgreSQL
   with ``SOAK_DATABASE_URL``/``--database-url``, a database that exists): migrate, seed_demo,
   collectstatic. Starts gunicorn with the production settings on loopback (as ``make bench``),
   behind no proxy but trusting one (``TRUSTED_PROXY_COUNT=1``), so that each simulated resident
   has an address of its own (``X-Forwarded-For``) and the residents' rate limits apply to each.
2. The mix, one action at a time: anonymous visitors reading public pages (cached and not: list
   pages, searches, units), cadres logging in (again every few actions) and reading their work
   area, cadres logging a doorstep visit with a concern, residents sending the public concern form.
   Each saved form (a redirect) is an acknowledged write, remembered by the marker in its text.
3. Measures the saturation: the same mix, closed loop, with 1, 2, 4, 8... clients in turn, until the
   throughput stops growing; the highest throughput is the saturation.
4. Sends the mix at twice that rate for ``--duration`` seconds, open loop: the actions are started
   on a fixed schedule, at most ``--max-in-flight`` at once (an action due while all are busy is
   not sent and is counted as shed by the client), so the request loop is bounded in time and in
   connections, and talks to loopback only. When the server answers more than the saturation over
   30 seconds (a shared machine that got quieter), the saturation is raised to that, so the load
   stays about twice what the server can serve.
5. Checks: no 5xx other than deliberate 503s (database unavailable) and 429s (rate limits); every
   acknowledged write is in the database afterwards (counted against the client's log), and each
   visit's concern has its activity and its first timeline step; the resident memory of each
   gunicorn worker grew by at most ``--max-growth-mb`` between the end of the measurement of the
   saturation and the end, and no worker was replaced. Prints the figures, writes them to
   var/bench/soak-result.md; exit status 1 when a check fails, 2 when the run could not be made.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import os
import platform
import queue
import random
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.client import Browser, FormUnavailable
from bench.procs import children, rss_mb
from bench.servers import (
    VAR_DIR,
    BenchError,
    Server,
    WorkerSetup,
    manage,
    production_env,
    running,
    say,
    shell_json,
    sqlite_url,
)

DEMO_PASSWORD = "lagi-demo-2025"
# Cadres with a read-write scope over Phường Phước Hội, where they log their visits.
CADRES = ("cadre_ward", "cadre_area")
# A cadre logs in again after this many actions (a new session, as the next morning). A login costs
# about as much CPU as 40 cached pages (the password hash, on purpose).
ACTIONS_PER_LOGIN = 40
# Cadre sessions (browsers) shared by the cadre actions, each logged in before the measurements.
CADRE_SESSIONS = 8
# The share of each kind of action in the mix (they add up to 1).
MIX = (("anonymous", 0.70), ("cadre_read", 0.17), ("visit", 0.07), ("public_concern", 0.06))
# The saturation is looked for up to at least this many clients (more than the workers).
MIN_CLIENTS = 4
SEARCHES = ("phuoc hoi", "nha dai doan ket", "hoi phu nu", "tan hai", "giam sat", "hoa giai", "lagi", "xyz")

SETUP_SCRIPT = """
import json
from activities.models import Activity
from articles.models import Article
from organizations.models import AdministrativeUnit

activities = list(Activity.objects.published().values_list("pk", flat=True)[:200])
articles = list(Article.objects.published().values_list("slug", flat=True)[:50])
units = list(AdministrativeUnit.objects.values_list("pk", flat=True)[:100])
print(json.dumps({
    "activities": activities, "articles": articles, "units": units,
    "ward": AdministrativeUnit.objects.get(code="LD-PPHUOCHOI").pk,
    "area": AdministrativeUnit.objects.get(code="LD-PPHUOCHOI-KP01").pk,
}))
"""

COUNT_SCRIPT = """
import json
from concerns.models import Concern
rows = Concern.objects.filter(detail__startswith=%r).values_list("detail", "activity_id")
first_steps = Concern.objects.filter(detail__startswith=%r, events__to_status="received")
events = set(first_steps.values_list("detail", flat=True))
print(json.dumps([[detail.split()[0], activity, detail in events] for detail, activity in rows]))
"""


# --- the client side -----------------------------------------------------------------------------


@dataclass
class Tally:
    """What the client saw, shared by every thread."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    errors: collections.Counter = field(default_factory=collections.Counter)
    latencies: list[float] = field(default_factory=list)
    actions: int = 0
    shed: int = 0

    def request(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


class CountingBrowser(Browser):
    """A Browser that tells the mix's current tally about every answer."""

    def __init__(self, mix: Mix, **kwargs) -> None:
        super().__init__(mix.base_url, timeout=30, **kwargs)
        self.mix = mix

    def request(self, method, path, *, body=None, headers=None):
        response = super().request(method, path, body=body, headers=headers)
        self.mix.tally.request(response.status, response.seconds)
        return response


class Mix:
    """The actions of the soak, on one portal, recording into one tally."""

    def __init__(self, base_url: str, places: dict, run: str, rng: random.Random) -> None:
        self.base_url, self.places, self.run, self.rng = base_url, places, run, rng
        # Where the answers are counted (one tally for the saturation, one for the soak).
        self.tally = Tally()
        # The markers of the writes the portal acknowledged (a redirect after the form).
        self.acknowledged: list[str] = []
        self._lock = threading.Lock()
        self._numbers = iter(range(1, 10**9))
        self.cadres: queue.Queue = queue.Queue()
        for index in range(CADRE_SESSIONS):
            self.cadres.put([CountingBrowser(self), CADRES[index % len(CADRES)], 0])

    def log_in_cadres(self) -> None:
        """Every cadre session logs in once before the measurements (then again every few actions)."""
        for entry in list(self.cadres.queue):
            browser, username, _actions = entry
            if not browser.login(username, DEMO_PASSWORD):
                raise BenchError(f"{username} could not log in")
            entry[2] = 1

    @property
    def prefix(self) -> str:
        return f"SOAK-{self.run}-"

    def marker(self, kind: str) -> str:
        with self._lock:
            return f"{self.prefix}{kind}{next(self._numbers):07d}"

    def acknowledge(self, marker: str) -> None:
        with self._lock:
            self.acknowledged.append(marker)

    def pick(self) -> Callable[[], None]:
        draw, total = self.rng.random(), 0.0
        for name, share in MIX:
            total += share
            if draw < total:
                return getattr(self, name)
        return self.anonymous

    def act(self) -> None:
        action = self.pick()
        try:
            action()
        except FormUnavailable as error:
            self.tally.error(f"form page answered {error.status}")
        except (OSError, http.client.HTTPException) as error:
            self.tally.error(type(error).__name__)
        with self.tally.lock:
            self.tally.actions += 1

    # The actions ---------------------------------------------------------------------------

    def anonymous(self) -> None:
        p, rng = self.places, self.rng
        paths = [
            "/",
            "/activities/",
            f"/activities/?page={rng.randint(1, 12)}",
            f"/activities/{rng.choice(p['activities'])}/" if p["activities"] else "/activities/",
            "/articles/",
            f"/articles/{rng.choice(p['articles'])}/" if p["articles"] else "/articles/",
            "/directory/",
            f"/units/{rng.choice(p['units'])}/",
            f"/search/?q={rng.choice(SEARCHES).replace(' ', '+')}",
            "/calendar/",
            "/projects/",
        ]
        CountingBrowser(self).get(rng.choice(paths), **{"Accept-Encoding": "gzip"})

    def _cadre(self, work: Callable[[Browser], None]) -> None:
        entry = self.cadres.get()
        try:
            browser, username, actions = entry
            if actions % ACTIONS_PER_LOGIN == 0:
                browser.cookies.clear()
                if not browser.login(username, DEMO_PASSWORD):
                    self.tally.error("login refused")
                    return
            entry[2] += 1
            work(browser)
        finally:
            self.cadres.put(entry)

    def cadre_read(self) -> None:
        self._cadre(
            lambda browser: browser.get(
                self.rng.choice(("/cadre/", "/cadre/concerns/", "/cadre/activities/"))
            )
        )

    def visit(self) -> None:
        def log_visit(browser: Browser) -> None:
            marker = self.marker("V")
            response = browser.submit(
                "/cadre/concerns/visit/",
                {
                    "residential_area": str(self.places["area"]),
                    "date": datetime.date.today().isoformat(),
                    "households_visited": str(self.rng.randint(1, 9)),
                    "organization": "",
                    "visit_summary": "Thăm hộ gia đình, nắm tình hình dân cư.",
                    "category": "environment",
                    "summary": "Rác thải tồn đọng đầu hẻm.",
                    "detail": f"{marker} Người dân phản ánh rác chưa được thu gom.",
                },
            )
            if response.status == 302:
                self.acknowledge(marker)

        self._cadre(log_visit)

    def public_concern(self) -> None:
        marker = self.marker("P")
        address = f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"
        resident = CountingBrowser(self, headers={"X-Forwarded-For": address})
        response = resident.submit(
            "/concerns/raise/",
            {
                "category": "infrastructure",
                "unit": str(self.places["ward"]),
                "residential_area": str(self.places["area"]),
                "description": f"{marker} Đèn đường trước nhà văn hóa bị hỏng, xin sửa giúp.",
            },
        )
        if response.status == 302:
            self.acknowledge(marker)


# --- load ----------------------------------------------------------------------------------------


def closed_loop(mix: Mix, clients: int, seconds: float) -> float:
    """Requests per second with ``clients`` clients each starting its next action when one ends."""
    start_requests = mix.tally.requests
    deadline = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            mix.act()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return (mix.tally.requests - start_requests) / (time.monotonic() - started)


def saturation(mix: Mix, seconds: float, max_clients: int) -> tuple[float, list[tuple[int, float]]]:
    """The highest throughput of the mix, raising the number of clients until it stops growing."""
    measured: list[tuple[int, float]] = []
    clients = 1
    while clients <= max_clients:
        rate = closed_loop(mix, clients, seconds)
        measured.append((clients, rate))
        say(f"  {clients:3d} clients: {rate:7.1f} requests/s")
        best_before = max((r for _c, r in measured[:-1]), default=0.0)
        if clients >= MIN_CLIENTS and rate < best_before * 1.10:
            break
        clients *= 2
    return max(rate for _clients, rate in measured), measured


@dataclass
class Offer:
    """The load offered: ``overload`` times the saturation, the saturation raised when the server does better.

    On a shared machine the server may answer more during the soak than when the saturation was
    measured (other processes stopped meanwhile); the saturation is then raised to what the server
    answered over the last ``WINDOW`` seconds, so the load stays about ``overload`` times what it can serve.
    """

    saturation: float
    overload: float
    requests_per_action: float
    raised: list[float] = field(default_factory=list)

    WINDOW = 30.0

    @property
    def interval(self) -> float:
        return self.requests_per_action / (self.overload * self.saturation)

    def observe(self, answered_per_second: float) -> None:
        if answered_per_second > self.saturation * 1.05:
            self.saturation = answered_per_second
            self.raised.append(answered_per_second)


def open_loop(mix: Mix, offer: Offer, seconds: float, max_in_flight: int, sample) -> None:
    """Start actions on a fixed schedule; at most ``max_in_flight`` at once, the rest shed."""
    slots = threading.BoundedSemaphore(max_in_flight)
    deadline = time.monotonic() + seconds
    next_at = next_sample = time.monotonic()
    window_start, window_requests = time.monotonic(), mix.tally.requests
    pending: list[threading.Thread] = []

    def run() -> None:
        try:
            mix.act()
        finally:
            slots.release()

    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        if now >= next_sample:
            sample()
            next_sample = now + 5
        if now - window_start >= offer.WINDOW:
            offer.observe((mix.tally.requests - window_requests) / (now - window_start))
            window_start, window_requests = now, mix.tally.requests
        if now < next_at:
            time.sleep(min(next_at - now, 0.05))
            continue
        next_at += offer.interval
        if slots.acquire(blocking=False):
            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            pending.append(thread)
        else:
            with mix.tally.lock:
                mix.tally.shed += 1
        if len(pending) > 4 * max_in_flight:
            pending = [thread for thread in pending if thread.is_alive()]
    for thread in pending:
        thread.join(timeout=60)


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Memory:
    """Resident memory of the workers: after the warm-up, the largest since, at the end."""

    master: int
    first: dict[int, float] = field(default_factory=dict)
    last: dict[int, float] = field(default_factory=dict)
    peak: dict[int, float] = field(default_factory=dict)

    def sample(self) -> None:
        for pid in children(self.master):
            value = rss_mb(pid)
            if value is None:
                continue
            self.first.setdefault(pid, value)
            self.last[pid] = value
            self.peak[pid] = max(self.peak.get(pid, 0.0), value)

    def growth(self) -> dict[int, float]:
        return {pid: self.last[pid] - self.first[pid] for pid in self.first if pid in self.last}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds of load at twice the saturation")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--calibrate", type=float, default=8.0, help="seconds per step of the saturation")
    parser.add_argument(
        "--max-clients", type=int, default=32, help="most clients when measuring the saturation"
    )
    parser.add_argument("--max-in-flight", type=int, default=48, help="most actions under way at once")
    parser.add_argument("--overload", type=float, default=2.0, help="offered load, times the saturation")
    parser.add_argument("--max-growth-mb", type=float, default=64.0, help="allowed memory growth per worker")
    parser.add_argument("--database-url", default=os.environ.get("SOAK_DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=2025)
    return parser.parse_args(argv)


def prepare(args: argparse.Namespace) -> dict[str, str]:
    if args.database_url:
        url = args.database_url
    else:
        path = VAR_DIR / "soak.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        url = sqlite_url("soak.sqlite3")
    env = production_env(url)
    # Cadres log in with their password only: the load is the portal's, not the second factor's.
    env.update(TRUSTED_PROXY_COUNT="1", MEDIA_ROOT=str(VAR_DIR / "soak-media"), TWO_FACTOR_REQUIRED="0")
    say(f"Database: {url.split('@')[-1]}: migrate, seed_demo, collectstatic")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    return env


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        env = prepare(args)
        places = shell_json(env, SETUP_SCRIPT)
        server = Server("soak", "lagi_portal.settings", env, WorkerSetup(args.workers, args.threads))
        run = datetime.datetime.now().strftime("%H%M%S")
        mix = Mix(server.base_url, places, run, random.Random(args.seed))
        with running(server):
            mix.log_in_cadres()
            say("Saturation (the mix, closed loop):")
            rate, steps = saturation(mix, args.calibrate, args.max_clients)
            requests_per_action = mix.tally.requests / max(1, mix.tally.actions)
            offer = Offer(rate, args.overload, requests_per_action)
            target = 1 / offer.interval
            say(
                f"Saturation {rate:.1f} requests/s ({requests_per_action:.2f} requests an action); "
                f"offering {target:.1f} actions/s ({args.overload:g} x) for {args.duration} s, "
                f"at most {args.max_in_flight} at once."
            )
            memory = Memory(server.process.pid)
            memory.sample()
            workers_before = set(children(server.process.pid))
            load = mix.tally = Tally()
            started = time.monotonic()
            open_loop(mix, offer, args.duration, args.max_in_flight, memory.sample)
            elapsed = time.monotonic() - started
            memory.sample()
            workers_after = set(children(server.process.pid))
        saved = {row[0]: row for row in shell_json(env, COUNT_SCRIPT % (mix.prefix, mix.prefix))}
    except BenchError as error:
        say(f"soak: {error}")
        return 2
    return report(args, mix, load, elapsed, offer, steps, saved, memory, workers_before != workers_after)


def steps_best(steps: list[tuple[int, float]]) -> float:
    return max(rate for _clients, rate in steps)


def report(args, mix, load: Tally, elapsed, offer: Offer, steps, saved, memory, replaced: bool) -> int:
    """The figures and the checks; 0 when every check passes."""
    server_errors = {s: n for s, n in load.statuses.items() if s >= 500 and s != 503}
    acknowledged = mix.acknowledged
    missing = [marker for marker in acknowledged if marker not in saved]
    # A visit's concern without its activity, or any concern without its first step, is half-written.
    incomplete = [
        marker
        for marker, (_marker, activity, first_step) in saved.items()
        if not first_step or (marker[len(mix.prefix)] == "V" and activity is None)
    ]
    unacknowledged = len(saved) - (len(acknowledged) - len(missing))
    growth = memory.growth()
    client_errors = sum(load.errors.values())
    checks = {
        "no 5xx other than 503 and 429": not server_errors,
        "every acknowledged write is in the database, complete": not missing and not incomplete,
        f"worker memory grew by at most {args.max_growth_mb:g} MB": bool(growth)
        and max(growth.values()) <= args.max_growth_mb,
        "no worker was replaced": not replaced,
        "client errors under 1 % of the actions": client_errors <= 0.01 * max(1, load.actions),
    }
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(load.statuses.items()))
    ladder = ", ".join(f"{clients}: {measured:.0f}" for clients, measured in steps)
    raised = " → ".join(f"{value:.0f}" for value in offer.raised) + " requests/s" if offer.raised else "no"
    latency = " / ".join(f"{load.percentile(share):.0f}" for share in (0.5, 0.95, 0.99))
    lines = [
        f"Soak run on {datetime.date.today():%d/%m/%Y}, {platform.machine()} {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f} at the end; gunicorn {args.workers} workers "
        f"x {args.threads} threads.",
        "",
        "| figure | value |",
        "|---|--:|",
        f"| saturation (closed loop; clients: requests/s {ladder}) | {steps_best(steps):.0f} requests/s |",
        f"| saturation raised during the soak to what the server answered | {raised} |",
        f"| load at {args.overload:g} x the saturation | {args.duration} s (last answer: {elapsed:.0f} s) |",
        f"| actions done / shed at the bound of {args.max_in_flight} | {load.actions} / {load.shed} |",
        f"| requests answered | {load.requests} ({load.requests / elapsed:.0f}/s) |",
        f"| answers by status | {statuses} |",
        f"| latency p50 / p95 / p99 | {latency} ms |",
        f"| client errors | {client_errors} {dict(load.errors) if load.errors else ''} |",
        f"| writes acknowledged (whole run) / found complete in the database | {len(acknowledged)} / "
        f"{len(acknowledged) - len(missing)} (+{max(0, unacknowledged)} saved, not acknowledged) |",
        "| worker memory after the warm-up → peak → end (MB) | "
        + "; ".join(
            f"{memory.first[p]:.0f} → {memory.peak[p]:.0f} → {memory.last.get(p, 0):.0f}"
            for p in sorted(memory.first)
        )
        + " |",
        "",
        *(f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in checks.items()),
    ]
    text = "\n".join(lines)
    say("\n" + text)
    if missing:
        say(f"Acknowledged but missing: {missing[:20]}")
    (VAR_DIR / "soak-result.md").write_text(text + "\n", encoding="utf-8")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
