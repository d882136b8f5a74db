"""A throwaway PostgreSQL cluster for the operations tests, started and stopped by the test itself.

Made with the distribution's binaries (``initdb``, ``pg_ctl`` from /usr/lib/postgresql/<n>/bin) in
a temporary folder, listening on a free loopback port, so that a test can stop the database under
a running portal without touching the machine's shared PostgreSQL server. PostgreSQL refuses to
run as root: as root the binaries run as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.servers import free_port

POSTGRES_USER = "postgres"


def binaries() -> Path | None:
    """The newest /usr/lib/postgresql/<n>/bin that has initdb and pg_ctl, or None."""
    found = [
        path.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if (path.parent / "pg_ctl").is_file() and path.parent.parent.name.isdigit()
    ]
    return max(found, key=lambda p: int(p.parent.name), default=None)


def missing_reason() -> str:
    """Why a throwaway cluster cannot be made here ("" when it can)."""
    if binaries() is None:
        return "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin): apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(POSTGRES_USER)
        except KeyError:
            return "running as root without a postgres user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root without runuser to start PostgreSQL as the postgres user"
    return ""


class ThrowawayCluster:
    def __init__(self) -> None:
        self.bin = binaries()
        assert self.bin is not None, missing_reason()
        self.base = Path(tempfile.mkdtemp(prefix="lagi-ops-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            user = pwd.getpwnam(POSTGRES_USER)
            os.chown(self.base, user.pw_uid, user.pw_gid)

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_root:
            command = ["runuser", "-u", POSTGRES_USER, "--", *command]
        result = subprocess.run(command, cwd=self.base, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(
                f"{tool} {' '.join(args)} failed:\n{result.stdout}{result.stderr}\n{self.log_tail()}"
            )

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        return ""

    def init(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            POSTGRES_USER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.base}'",
            # A test database: speed over durability against a power cut (a process stopped by the
            # tests still loses nothing it committed).
            "fsync": "off",
            "max_connections": "100",
        }
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (clients disconnected) or ``immediate`` (as after a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str) -> str:
        return f"postgres://{POSTGRES_USER}@127.0.0.1:{self.port}/{database}"

    def sql(self, *statements: str, database: str = "postgres") -> list[tuple]:
        """Run statements with autocommit; the rows of the last one."""
        import psycopg2

        connection = psycopg2.connect(host="127.0.0.1", port=self.port, user=POSTGRES_USER, dbname=database)
        connection.autocommit = True
        rows: list[tuple] = []
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    rows = cursor.fetchall() if cursor.description else []
        finally:
            connection.close()
        return rows

    def create_database(self, name: str, *, template: str | None = None) -> str:
        suffix = f' TEMPLATE "{template}"' if template else ""
        # The checkpoint: a copy of a template (PostgreSQL 15's WAL_LOG copy) leaves the sequences'
        # next values unlogged until the next checkpoint, so a crash before it (``stop("immediate")``)
        # would take a sequence back and the next insert would take an id already committed.
        self.sql(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"{suffix}',
            "CHECKPOINT",
        )
        return self.url(name)

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            if self.is_running():
                self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)
