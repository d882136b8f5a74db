"""``make bench``'s cadre lines: the cadre pages under load, logged in, for a ward cadre and a
province-level cadre; on the national data set also the public search.

- ``cadre`` (``--only cadre``): the demo data in the bench's own database, with ``cadre_ward`` (one
  ward) and ``cadre_area`` (the whole demo area, the widest account: a province-level cadre at
  the demo's size).
- ``national`` (``--only national``, PostgreSQL only): a database of its own beside the bench's
  (``<name>_national``), prepared as the bench's is but not grown, then ``grow_national`` (about ten
  minutes: 1,000,000 activities, 200,000 concerns); made again on each run, used as it is with
  ``--reuse-database``. It gets gunicorns of its own (the portal and the bare view). The cadre pages
  for ``national_ward`` and ``national_province``, then the public search over the data set.

Each account gets a fresh session in the database (``force_login`` under the production settings,
which ask no second factor of the bench), sent as its cookie with a CSRF secret, as a browser holds
them after its first page. The pages are then served as a cadre gets them on a second visit: from
the work area's page store (``core/private_pages.py``), kept for the session until a write in its
part of the structure; each worker renders a page once. The pages: the dashboard, the activity
list, the concern inbox, the page of the newest concern the account can see, and the organization
list. Every page must answer 200 to the session before it is timed (a redirect to the login means
the session is wrong). Each is measured as a pair with the bare view, at 8 connections.
Targets: a cadre page at least 10 % of the bare view's requests/s, p95 under 100 ms; the search
p95 under 100 ms, both as an anonymous visitor (the stored public page) and logged in (where the
page cache is skipped, so the search runs on every request).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from bench import reports
from bench.servers import BenchError, manage, prepare_database, say

# A cadre page against the bare view on Django's default middleware stack.
MIN_SHARE_OF_BARE = 0.10
MAX_P95_MS = 100.0
CONNECTIONS = 8
DEMO_DATA = "demo data"
NATIONAL_DATA = "national data set"
# The demo's ward cadre and its widest account (the province-level cadre at the demo's size).
DEMO_ACCOUNTS = ("cadre_ward", "cadre_area")
# The accounts grow_national makes (demo/national.py).
NATIONAL_ACCOUNTS = ("national_ward", "national_province")
# Words of the national set's visit summaries ("Thăm hỏi, động viên hộ gia đình khó khăn"): one
# kind of activity out of eight, so tens of thousands of published activities match.
NATIONAL_SEARCH_QUERY = "thăm hỏi"
POSTGRESQL_ONLY = (
    "the national line needs PostgreSQL (grow_national writes with COPY): "
    "set BENCH_DATABASE_URL=postgres://user@host:5432/lagi_bench; it builds lagi_bench_national beside it"
)
NOT_ON_SQLITE = "national: not measured on SQLite (BENCH_DATABASE_URL=postgres://… measures it)"
SESSIONS_SCRIPT = """
import json
from bench.cadre import sessions
print(json.dumps(sessions({usernames!r})))
"""


@dataclass(frozen=True)
class Account:
    """An account logged in for the bench: its session cookie and the pages measured for it."""

    username: str
    cookie: str
    pages: tuple[tuple[str, str], ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return (f"Cookie: {self.cookie}",)

    @property
    def session_headers(self) -> tuple[str, ...]:
        """The session's cookie alone: a page is then computed on each request, never kept."""
        return (f"Cookie: {self.cookie.split('; ')[0]}",)


@dataclass(frozen=True)
class Sessions:
    accounts: tuple[Account, ...]
    search: str  # the public search's path
    activities: int  # in the database


# --- in the bench's process ----------------------------------------------------------------------


def log_in(env: dict[str, str], usernames: tuple[str, ...]) -> Sessions:
    """Fresh sessions for ``usernames`` in the database of ``env``, and the pages to measure."""
    from bench.servers import shell_json

    say(f"sessions for {', '.join(usernames)}")
    return read_sessions(shell_json(env, SESSIONS_SCRIPT.format(usernames=list(usernames))), usernames)


def read_sessions(output: dict, usernames: tuple[str, ...]) -> Sessions:
    """What the sessions script printed, checked: every account found, with a concern to open."""
    paths = output["paths"]
    accounts = []
    for username in usernames:
        found = output["accounts"].get(username)
        if not found:
            raise BenchError(f"no active account {username} in the database (was its data set loaded?)")
        if found["concern"] is None:
            raise BenchError(f"{username} can see no concern: there is no concern page to measure")
        pages = (
            ("dashboard", paths["dashboard"]),
            ("activity list", paths["activities"]),
            ("concern inbox", paths["concerns"]),
            ("concern page", found["concern"]),
            ("organization list", paths["organizations"]),
        )
        # The cookies a browser holds after its first page: the session and the CSRF secret.
        cookie = f"{output['cookie_name']}={found['session']}; {output['csrf_cookie_name']}={found['csrf']}"
        accounts.append(Account(username, cookie, pages))
    return Sessions(tuple(accounts), search=paths["search"], activities=output["activities"])


def search_path(search: str, query: str) -> str:
    return f"{search}?{urlencode({'q': query})}"


def national_env(env: dict[str, str], *, reuse: bool) -> dict[str, str]:
    """The environment of the national database, made and loaded unless ``reuse`` finds it."""
    url = reports.beside(env["DATABASE_URL"], "_national")
    name = reports.database_name(url)
    national = {**env, "DATABASE_URL": url}
    if reuse and reports.exists(url):
        say(f"national: database {name} used as it is (--reuse-database)")
        return national
    say(f"national: a new database {name}")
    reports.make_again(url)
    prepare_database(national, activities=None)
    say("national: grow_national (1,000,000 activities, 200,000 concerns; about ten minutes)")
    manage(national, "grow_national")
    return national


# --- in manage.py shell, on the database measured -------------------------------------------------


def sessions(usernames: list[str]) -> dict:
    """A new session for each active account of ``usernames`` (None when there is none) and the
    page of the newest concern it can see, with the paths of the other pages measured."""
    from django.conf import settings
    from django.http import HttpRequest
    from django.middleware.csrf import get_token
    from django.test import Client
    from django.urls import reverse

    from activities.models import Activity
    from concerns.models import Concern
    from organizations.models import User

    accounts: dict[str, dict | None] = {}
    for username in usernames:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            accounts[username] = None
            continue
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        visible = Concern.objects.visible_to(user).order_by("-received_on", "-pk")
        newest = visible.values_list("pk", flat=True).first()
        # A CSRF secret as the first page gives it (the cookie holds the secret, the page masks it).
        first_page = HttpRequest()
        get_token(first_page)
        accounts[username] = {
            "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "csrf": first_page.META["CSRF_COOKIE"],
            "concern": None if newest is None else reverse("concerns:detail", args=[newest]),
        }
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
        "accounts": accounts,
        "activities": Activity.objects.count(),
        "paths": {
            "dashboard": reverse("cadre:dashboard"),
            "activities": reverse("activities:list"),
            "concerns": reverse("concerns:inbox"),
            "organizations": reverse("cadre:organization_list"),
            "search": reverse("portal:search"),
        },
    }
