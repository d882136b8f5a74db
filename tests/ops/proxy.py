"""nginx from the distribution, as the reverse proxy in front of two portal nodes.

Started by the test in the foreground (``daemon off``) with a configuration, logs and temporary
files of its own in the test's folder, on a free loopback port; stopped at the end. Each answer
carries ``X-Upstream`` (the node that served it), so a test sees which node it reached.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from bench.client import Browser
from bench.servers import free_port

CONFIG = """\
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 12m;
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None
    )


def missing_reason() -> str:
    if nginx_binary() is None:
        return "nginx not installed: apt-get install nginx-light"
    return ""


@contextlib.contextmanager
def nginx(folder: Path, upstreams: list[int]) -> Iterator[str]:
    """nginx balancing over the loopback ``upstreams`` ports (round robin); yields its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(
        CONFIG.format(
            # As root, nginx's workers would otherwise run as "nobody", who cannot enter the test's folder.
            user="user root;" if os.geteuid() == 0 else "",
            folder=folder,
            port=port,
            servers="\n".join(f"        server 127.0.0.1:{upstream};" for upstream in upstreams),
        )
    )
    command = [nginx_binary(), "-p", str(folder), "-c", str(config), "-e", str(folder / "nginx-error.log")]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE, text=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx stopped at start-up: {process.stderr.read()}")
            try:
                if Browser(base_url, timeout=2).get("/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer within 20 s")
            time.sleep(0.2)
        yield base_url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
