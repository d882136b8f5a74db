"""``make audit``: Lighthouse scores of the public pages, mobile settings, at least 95 each.

    python -m bench.audit [--min-score 95]

Starts gunicorn with the production settings (DEBUG off, hashed and compressed static files
served by WhiteNoise) on a new demo database of its own (var/bench/audit.sqlite3: migrate,
seed_demo), then runs Lighthouse (node_modules, from package.json: ``npm ci``) with Debian's
Chromium on the home page, the activity list and an activity page. Prints the performance,
accessibility, best-practices and SEO scores and, for a category under the minimum, the audits
that lost points. Reports are kept in var/bench/lighthouse-*.report.{html,json}. Exit status
1 when a score is under the minimum, 2 when the audit could not be made.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from bench.servers import (
    BASE_DIR,
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

CHROME_PATH = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
LIGHTHOUSE = BASE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(
    (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
    )
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")

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
    "home": path("public:home") or "/",
    "activity-list": path("portal:activity_list") or "/activities/",
    "activity": path("portal:activity_detail", newest) or f"/activities/{newest}/",
}))
"""


def lighthouse(url: str, name: str, attempts: int = 3) -> dict:
    """Run Lighthouse on a URL, again when Chromium fails to record the page load (it happens)."""
    for attempt in range(1, attempts + 1):
        try:
            return lighthouse_once(url, name)
        except BenchError as error:
            if attempt == attempts:
                raise
            say(f"  {str(error).splitlines()[-1]} — trying again")
    raise AssertionError("unreachable")


def lighthouse_once(url: str, name: str) -> dict:
    """Run Lighthouse (mobile, the default form factor) on a URL and return its JSON report."""
    output_base = VAR_DIR / f"lighthouse-{name}"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output=html",
        f"--output-path={output_base}",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROME_PATH)}
    result = subprocess.run(command, env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=300)
    report_path = Path(f"{output_base}.report.json")
    if result.returncode != 0 or not report_path.exists():
        raise BenchError(f"lighthouse failed on {url}:\n{result.stdout}{result.stderr}")
    report = json.loads(report_path.read_text())
    if report.get("runtimeError"):
        raise BenchError(f"lighthouse could not load {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, int]:
    return {category: round((report["categories"][category]["score"] or 0) * 100) for category in CATEGORIES}


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that did not pass, heaviest first."""
    audits = report["audits"]
    lines = []
    refs = sorted(report["categories"][category]["auditRefs"], key=lambda ref: -ref.get("weight", 0))
    for ref in refs:
        audit = audits[ref["id"]]
        if audit.get("scoreDisplayMode") in ("notApplicable", "informative", "manual"):
            continue
        score = audit.get("score")
        if score is None or score >= 0.9:
            continue
        value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        weight = ref.get("weight", 0)
        lines.append(f"    - {ref['id']}: score {score:.2f}, weight {weight}{value} — {audit['title']}")
    return lines


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-score", type=int, default=95)
    parser.add_argument("--only", nargs="*", help="audit only these pages (home, activity-list, activity)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> int:
    if not CHROME_PATH.exists():
        raise BenchError(f"Chromium not found at {CHROME_PATH}: apt-get install chromium")
    if not LIGHTHOUSE.exists():
        raise BenchError("Lighthouse is not installed: npm ci (make audit does it when npm is there)")
    # A new demo database each time: a few seconds, and always the current migrations.
    for suffix in ("", "-wal", "-shm", "-journal"):
        (VAR_DIR / f"audit.sqlite3{suffix}").unlink(missing_ok=True)
    env = production_env(sqlite_url("audit.sqlite3"))
    prepare_database(env, activities=None)
    pages = shell_json(env, PAGES_SCRIPT)
    if args.only:
        pages = {name: path for name, path in pages.items() if name in args.only}

    server = Server("audit", "lagi_portal.settings", env, WorkerSetup(workers=2))
    results: dict[str, dict[str, int]] = {}
    details: list[str] = []
    with running(server, ready_paths={"audit": "/healthz"}):
        for name, path in pages.items():
            url = server.base_url + path
            status = http_status(url)
            if status != 200:
                raise BenchError(f"{name}: GET {path} answered {status}, not 200")
            say(f"Lighthouse: {name} {path}")
            report = lighthouse(url, name)
            results[name] = scores(report)
            for category, score in results[name].items():
                if score < args.min_score:
                    details.append(f"  {name}, {category} {score}:")
                    details.extend(lost_points(report, category))

    width = max(len(name) for name in results)
    say("")
    say(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for name, row in results.items():
        say(f"{name:<{width}}  " + "  ".join(f"{row[c]:>14}" for c in CATEGORIES))
    say(f"(reports: {(VAR_DIR / 'lighthouse-*.report.html').relative_to(BASE_DIR)})")
    if details:
        say(f"\nUnder {args.min_score}:")
        say("\n".join(details))
        return 1
    say(f"Every score is at least {args.min_score}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except BenchError as error:
        say(f"make audit: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
