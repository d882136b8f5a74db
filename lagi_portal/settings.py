"""The one settings module of the portal.

Everything that differs between a laptop, CI and production is read from environment
variables, parsed strictly: a value that cannot be understood stops the start-up instead
of being guessed.

A ``.env`` file at the project root (or the file named by ``ENV_FILE``) is read first, when
it exists: ``make install`` and ``make run`` write one with ``DEBUG=1``, so that the commands
typed by hand in a development checkout (``manage.py shell``, ``createsuperuser``...) run in
development mode too. A variable set in the environment always wins over the file, so
production (no ``.env``, or ``DEBUG=0`` in its environment) still requires a ``SECRET_KEY``.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_ENV_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def read_env_file(path: Path) -> dict[str, str]:
    """The variables of an env file: ``NAME=value`` lines, ``#`` comments and blank lines.

    Values are taken as written (no quotes, no ``export``, no expansion); anything else stops
    the start-up, with the line number but not the line, which may hold a secret.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(f"{path} cannot be read as UTF-8 text: {exc}") from exc
    variables: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = _ENV_LINE.fullmatch(line)
        if match is None:
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value or a # comment")
        name, value = match[1], match[2].strip()
        if name in variables:
            raise ImproperlyConfigured(f"{path}, line {number}: {name} is set twice")
        variables[name] = value
    return variables


def _load_env_file() -> None:
    """Set the variables of ``.env`` (or of ``ENV_FILE``) that the environment does not set."""
    named = os.environ.get("ENV_FILE", "").strip()
    path = Path(named) if named else BASE_DIR / ".env"
    if not path.exists():
        if named:
            raise ImproperlyConfigured(f"ENV_FILE names a file that does not exist: {named}")
        return
    for name, value in read_env_file(path).items():
        os.environ.setdefault(name, value)


_load_env_file()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (compared in lower case); anything else stops the start-up."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {list(choices)}, got {raw!r}")
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (for development, set DEBUG=1 in the environment "
            "or in .env, which make install and make run write)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Production switches. Each is on by default when DEBUG is off, and can be turned off
# explicitly (e.g. behind a TLS-terminating proxy on a private network).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
# What a page may load and run: only the portal's own scripts (no inline script, no eval), styles
# (inline style attributes allowed: no script runs from them), images (and Bootstrap's data:
# icons), and a YouTube video in privacy-enhanced mode when a reader asks for it. No plugin, no
# frame around the portal, forms only to the portal. The page cache stores pages without the
# header, which the middleware adds to each response; no page needs a nonce (no inline script).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The browser features no page of the portal uses (core/headers.py).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self", '"https://www.youtube-nocookie.com"'],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "django_ratelimit",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    # The project's apps, lowest layer first: each imports only the apps above it in this list
    # (tests/test_layers.py); the residents' site (portal) ties them together, demo sits on top.
    "core",
    "organizations",
    "members",
    "activities",
    "articles",
    "concerns",
    "oversight",
    "social",
    "reports",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response.
    "core.headers.ContentSecurityPolicyMiddleware",
    "core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A stored public page for a visitor without a session is answered here, before the rest.
    "core.caching.CachedPagesFirstMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits.
    "core.sessions.SessionLimitsMiddleware",
    # The verified second factor of the session (django-otp), and holding to it those who need it.
    "django_otp.middleware.OTPMiddleware",
    "organizations.twofactor.SecondFactorMiddleware",
    # Then the password change an administrator asked for.
    "core.sessions.PasswordChangeRequiredMiddleware",
    # A logged-in account's form post: the work-area pages it may change are rendered anew.
    "organizations.pagestore.WritesMovePagesOnMiddleware",
    # After the session, the user and the messages: a repeated form is answered with a message.
    "core.idempotency.FormKeyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # auditlog's, with the client address read through the trusted-proxy rule (core.clients).
    "core.audit.AuditlogMiddleware",
    # Answers a locked-out login attempt (django-axes; after the views, as its documentation asks).
    "axes.middleware.AxesMiddleware",
    # Innermost, so that it sees a view's exception first: a database that cannot be reached is a
    # translated 503 page, not a server error (core/outage.py; lagi_portal/urls.py sets handler500).
    "core.outage.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "lagi_portal.urls"
WSGI_APPLICATION = "lagi_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query whose estimated cost is high (a scope's count over a
    # province) and spends 50-100 ms doing so on each request: a cost for reporting servers, not for
    # short page queries. Off unless DB_JIT=1.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=on" if env_bool("DB_JIT", False) else "-c jit=off"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes checks every login (both login pages) before the password is: it counts failures
# per account and client together, and per client, and refuses further attempts for a cool-off
# time once either reaches the limit. Nobody can lock a cadre out of their own client for good,
# nor at all from another client. Failures, logins, logouts and lockouts (who, when, client
# address, user agent) are kept in axes' tables, read in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Sessions end after this many seconds without a request, and this many after the login whatever
# happens (core/sessions.py); "log out everywhere" ends all of an account's sessions at once.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_MAX_AGE_SECONDS = env_int("SESSION_MAX_AGE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_SECONDS
# Two-factor authentication (django-otp's TOTP and recovery-code devices, set up on
# django-two-factor-auth's pages): required of staff and of every account that may change
# anything when on, which it is by default without DEBUG (organizations/twofactor.py). `make run`
# (DEBUG on) leaves it off so that the demo logins work with their password alone.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "La Gi portal")
TWO_FACTOR_PATCH_ADMIN = False
# A page that needs a verified second factor sends a session without one to the second step of
# the login (not to the login, which would send a logged-in account straight back).
OTP_LOGIN_URL = "otp_verify"
# Sudo mode: how long a login or a re-authentication counts before an action that matters most
# (accounts, scopes, units, switching off the second factor) asks for the password again.
SUDO_SECONDS = env_int("SUDO_SECONDS", 15 * 60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cadre:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates are shown and typed as dd/mm/yyyy in both languages (see organizations/formats).
FORMAT_MODULE_PATH = ["lagi_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("PLAIN_STATIC_STORAGE", DEBUG)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")

# Backups of the database and the uploaded files (`manage.py backup` / `restore`, core/backup.py):
# where they are written, how many are kept, and where pg_dump / pg_restore are when they are not
# on the PATH (default: the PATH, then the newest /usr/lib/postgresql/*/bin).
BACKUP_ROOT = Path(os.environ.get("BACKUP_ROOT") or BASE_DIR / "var" / "backups")
BACKUP_KEEP = env_int("BACKUP_KEEP", 7)
PG_BIN_DIR = os.environ.get("PG_BIN_DIR", "").strip()

# Cache: whole public pages for anonymous visitors (portal/caching.py) and the public-content
# version that invalidates them. It must be shared by every gunicorn worker, so that they agree
# on the version: by default a table in the database (created by the portal's migrations);
# CACHE_BACKEND=file keeps it in files under CACHE_LOCATION (default var/cache) instead, which
# suits one machine; CACHE_BACKEND=locmem (one process only) and dummy (no cache) are for
# experiments.
_CACHE_BACKENDS = {
    "database": ("django.core.cache.backends.db.DatabaseCache", "portal_cache"),
    "file": ("django.core.cache.backends.filebased.FileBasedCache", str(BASE_DIR / "var" / "cache")),
    "locmem": ("django.core.cache.backends.locmem.LocMemCache", "portal"),
    "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
}
_cache_backend = os.environ.get("CACHE_BACKEND", "database").strip().lower() or "database"
if _cache_backend not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(
        f"CACHE_BACKEND must be one of {sorted(_CACHE_BACKENDS)}, got {_cache_backend!r}"
    )
CACHES = {
    "default": {
        "BACKEND": _CACHE_BACKENDS[_cache_backend][0],
        "LOCATION": os.environ.get("CACHE_LOCATION") or _CACHE_BACKENDS[_cache_backend][1],
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000), "CULL_FREQUENCY": 4},
    }
}
# How long an anonymous visitor's page may be served from the cache at most. Any change of public
# content invalidates it at once; this bounds how stale figures that change without a publication
# (e.g. concerns answered this year) can be.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 600)
# A cadre's work-area page is kept for the session that saw it in the worker's own memory
# (core/private_pages.py), until a write in the cadre's part of the structure, and at most this
# long: what bounds a change nobody announced (0 turns the store off). At most this many pages a worker.
PRIVATE_PAGE_SECONDS = env_int("PRIVATE_PAGE_SECONDS", 300)
PRIVATE_PAGES_MAX = env_int("PRIVATE_PAGES_MAX", 500)
# What a write makes stale: the top units of the cadre's scope (organizations/pagestore.py).
PRIVATE_PAGE_AREAS = "organizations.pagestore.request_areas"

# --- Rate limits of the residents' concern form and status page (concerns/ratelimits.py) ---
# django-ratelimit counts requests in a cache table of their own (created with the others by
# `createcachetable`, which `migrate` runs), shared by every gunicorn worker and server, whose
# increments are atomic. django-ratelimit warns (W001) about every backend it does not list by
# name; this one is Django's database cache with an atomic add and increment, tested with
# concurrent processes in tests/test_concerns_public.py.
CACHES["ratelimit"] = {"BACKEND": "concerns.ratelimits.AtomicDatabaseCache", "LOCATION": "ratelimit_cache"}
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "core.clients.client_ip"
# models.W040: SQLite keeps an index without its covering columns (concerns' days to answer, read
# from the index alone on PostgreSQL); the embedded database answers the same queries from the table.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "models.W040"]
# The client is REMOTE_ADDR, unless the portal runs behind this many reverse proxies that append
# the address they received the request from to X-Forwarded-For (e.g. 1 behind one nginx).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
CONCERN_SUBMISSION_RATE = f"{env_int('CONCERN_SUBMISSIONS_PER_CLIENT_PER_HOUR', 5)}/h"
CONCERN_SUBMISSION_TOTAL_RATE = f"{env_int('CONCERN_SUBMISSIONS_PER_HOUR', 200)}/h"
CONCERN_FORM_POST_RATE = f"{env_int('CONCERN_FORM_POSTS_PER_CLIENT_PER_HOUR', 20)}/h"
CONCERN_LOOKUP_RATE = f"{env_int('CONCERN_LOOKUPS_PER_CLIENT_PER_HOUR', 30)}/h"
# The whole body of a concern form post (2,000 characters of Vietnamese, percent-encoded, fit).
CONCERN_FORM_MAX_BODY_BYTES = env_int("CONCERN_FORM_MAX_BODY_BYTES", 32 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's widget templates, but a text's limit shown by a counter, never cut by the browser.
FORM_RENDERER = "core.forms.FormRenderer"
# Up to this many options a unit, organization, person or authority field renders its whole
# <select>; above it, only the chosen options and a searchable chooser (organizations/choosers.py).
CHOOSER_THRESHOLD = 100

# Audit log: every create, change and delete of the domain models is recorded with its
# actor, old and new values; entries cannot be changed or deleted through the portal.
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Hot-spot warning: this many unresolved concerns of one category in one residential area
# (or one unit) within this many days flag the place on the cadre dashboard.
HOTSPOT_THRESHOLD = env_int("HOTSPOT_THRESHOLD", 5)
HOTSPOT_WINDOW_DAYS = env_int("HOTSPOT_WINDOW_DAYS", 90)

# Where the reports' months end (reports/periods.py): "calendar" (the 1st to the last day) or "15th"
# (from the 15th of the month before to the 14th, as Decree 09/2019/NĐ-CP closes reports: the year
# 2026 is then 15/12/2025–14/12/2026).
REPORT_PERIOD_CUTOFF = env_choice("REPORT_PERIOD_CUTOFF", "calendar", ("calendar", "15th"))
# A report sent to the level above is due this many days after its period ends (reports/submissions.py);
# sent later, it is marked late.
REPORT_DUE_DAYS = env_int("REPORT_DUE_DAYS", 5)
if REPORT_DUE_DAYS < 0:
    raise ImproperlyConfigured(f"REPORT_DUE_DAYS cannot be negative, got {REPORT_DUE_DAYS}")

# Personal data retention: the residents' names and phones, and the client addresses in the audit
# log, of concerns closed longer than this are erased by `manage.py erase_expired_contact_data`
# (run daily from cron; concerns/services/retention.py).
CONCERN_CONTACT_RETENTION_DAYS = env_int("CONCERN_CONTACT_RETENTION_DAYS", 365)

# How long the one-time key of a saved form is kept, so that the same form sent again within that
# time is not saved twice (core.idempotency; `manage.py clean_form_keys` removes older keys).
FORM_KEY_DAYS = env_int("FORM_KEY_DAYS", 7)

# Uploaded photos are resized to fit this many pixels on the longer side.
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 1600)
PHOTO_MAX_UPLOAD_BYTES = env_int("PHOTO_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Uploaded images with more pixels than this are refused before they are decoded.
PHOTO_MAX_SOURCE_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # While the database is down every request would log a stack trace: one line each instead.
    "filters": {"outage": {"()": "core.outage.OutageLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["outage"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
