"""What ``make bench`` and ``make audit`` share: production settings on loopback, the database,
gunicorn servers that are always stopped at the end.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var" / "bench"
BIN_DIR = Path(sys.executable).parent
# Load is only ever sent to this machine.
LOOPBACK = "127.0.0.1"


class BenchError(Exception):
    """A step failed; the message says which and what to do."""


def say(message: str) -> None:
    print(message, flush=True)


def production_env(database_url: str) -> dict[str, str]:
    """The production settings (DEBUG off, a random SECRET_KEY) for plain HTTP on loopback.

    The HTTPS switches (SSL redirect, secure cookies, HSTS) are off because nothing here speaks
    TLS, and the demo accounts log in with their password alone (no authenticator app drives the
    load); everything else is as in production.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=LOOPBACK,
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        SECURE_HSTS_PRELOAD="0",
        PLAIN_STATIC_STORAGE="0",
        TWO_FACTOR_REQUIRED="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    """Run ``manage.py`` with the given environment; stop with its output when it fails."""
    command = [sys.executable, str(BASE_DIR / "manage.py"), *args]
    result = subprocess.run(command, env=env, cwd=BASE_DIR, text=True, capture_output=True)
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    if not capture and result.stdout.strip():
        say(result.stdout.rstrip())
    return result.stdout


def shell_json(env: dict[str, str], script: str) -> dict:
    """Run a script in ``manage.py shell`` and read the JSON it prints last."""
    output = manage(env, "shell", "--no-imports", "-c", script, capture=True)
    return json.loads(output.strip().splitlines()[-1])


def has_command(env: dict[str, str], name: str) -> bool:
    return name in manage(env, "help", "--commands", capture=True).split()


def prepare_database(env: dict[str, str], *, activities: int | None) -> None:
    """Migrate, load the demo data, grow it (when ``activities`` is given), collect static files."""
    say("Database: migrate, seed_demo" + (f", grow_demo --activities {activities}" if activities else ""))
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable", "-v", "0")
    manage(env, "seed_demo", "-v", "0")
    if activities:
        manage(env, "grow_demo", "--activities", str(activities))
    if has_command(env, "rebuild_search_index"):
        say("Search index: rebuild_search_index")
        manage(env, "rebuild_search_index")
    else:
        say("Search index: no rebuild_search_index command in this version, nothing to rebuild")
    manage(env, "collectstatic", "--noinput", "-v", "0")


def sqlite_url(name: str) -> str:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{VAR_DIR / name}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Report a redirect's own status instead of following it."""

    def redirect_request(self, *args, **kwargs) -> None:
        return None


def http_status(
    url: str, timeout: float = 10.0, *, headers: dict[str, str] | None = None, follow_redirects: bool = True
) -> int:
    """The status of a GET (without following a redirect when ``follow_redirects`` is off: a page
    behind the login then answers 302, not the login page's 200)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **(headers or {})})
    opener = urllib.request.build_opener() if follow_redirects else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass(frozen=True)
class WorkerSetup:
    workers: int = 2
    threads: int = 1

    def __str__(self) -> str:
        if self.threads > 1:
            return f"{self.workers} workers x {self.threads} threads (gthread)"
        return f"{self.workers} sync workers"

    def gunicorn_args(self) -> list[str]:
        args = ["--workers", str(self.workers)]
        if self.threads > 1:
            args += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return args


@dataclass
class Server:
    """gunicorn serving ``lagi_portal.wsgi`` with a settings module, on a loopback port."""

    name: str
    settings_module: str
    env: dict[str, str]
    setup: WorkerSetup
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def session(self) -> int:
        """The session id of the master and its workers (the master started a new session)."""
        assert self.process is not None, "not started"
        return self.process.pid

    @property
    def log_path(self) -> Path:
        return VAR_DIR / f"gunicorn-{self.name}.log"

    def start(self) -> None:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        command = [
            str(BIN_DIR / "gunicorn"),
            "lagi_portal.wsgi",
            "--bind",
            f"{LOOPBACK}:{self.port}",
            *self.setup.gunicorn_args(),
            "--error-logfile",
            str(self.log_path),
            "--log-level",
            "warning",
        ]
        if Path("/dev/shm").is_dir():
            command += ["--worker-tmp-dir", "/dev/shm"]
        env = {**self.env, "DJANGO_SETTINGS_MODULE": self.settings_module}
        # A session of its own, so that stopping it stops every worker.
        self.process = subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True)

    def wait_ready(self, path: str = "/", timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise BenchError(f"gunicorn ({self.name}) stopped at start-up; see {self.log_path}")
            try:
                if http_status(self.base_url + path, timeout=2) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn ({self.name}) did not answer 200 on {path} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


@contextlib.contextmanager
def running(*servers: Server, ready_paths: dict[str, str] | None = None) -> Iterator[None]:
    """Start the servers, wait until they answer, and stop them all whatever happens."""

    def stop_on_signal(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop_on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready((ready_paths or {}).get(server.name, "/"))
            say(f"gunicorn {server.name}: {server.base_url} ({server.setup}), log in {server.log_path}")
        yield
    finally:
        for server in servers:
            server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        say("Servers stopped.")
