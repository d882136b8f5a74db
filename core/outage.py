"""While the database is unreachable: a friendly, translated 503 page instead of a server error.

When PostgreSQL is down (a restart, a failover, a full disk), every query raises Django's
``OperationalError`` or ``InterfaceError``. Two hooks turn those into ``templates/503.html`` with
``Retry-After``, never a 500 or a stack trace:

- ``DatabaseUnavailableMiddleware.process_exception``: an error raised by a view (the usual case);
- ``server_error``, the project's ``handler500``: an error raised outside the view (the session
  saved by its middleware, a transaction committed by a middleware around the view), which Django
  turns into a server error.

The page renders without the database (no context processor, no user, no query). A form sent
during the outage is refused: its transaction never commits, so nothing of it is saved, and the
page says so and shows the text the visitor typed (never a password or a token) to copy, in case
the browser's Back button does not bring the form back filled in. Django opens a new connection at
the next request (``CONN_HEALTH_CHECKS``), so the portal recovers by itself once the database
answers again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("core.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds after which a browser or a monitor may try again.
RETRY_AFTER_SECONDS = 30
# Fields whose values never appear on the page (secrets, tokens, the honeypot).
_HIDDEN_FIELDS = frozenset({"csrfmiddlewaretoken", "form_key", "website", "next"})
_MAX_TYPED_VALUES = 20
_MAX_TYPED_LENGTH = 5000


def typed_text(request: HttpRequest) -> list[str]:
    """The text a visitor typed into the form they sent, to show back to them.

    Skips passwords, tokens, the honeypot, ticked boxes and short numbers (the chosen option of a
    list), which a visitor does not need to copy.
    """
    if request.method != "POST":
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # a body that cannot be read (too large, already consumed): nothing to show
        return []
    values: list[str] = []
    for name, field_values in items:
        if name in _HIDDEN_FIELDS or "password" in name.lower():
            continue
        for value in field_values:
            value = value.strip()
            if not value or value == "on" or (value.isdigit() and len(value) <= 6):
                continue
            values.append(value[:_MAX_TYPED_LENGTH])
    return values[:_MAX_TYPED_VALUES]


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without touching the database."""
    html = render_to_string(
        "503.html",
        {"form_sent": request.method == "POST", "typed": typed_text(request)},
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request: HttpRequest, error: BaseException) -> None:
    # One line per request, no stack trace: an outage is an operating condition, not a bug.
    logger.warning("Database unavailable, answered 503 to %s %s: %s", request.method, request.path, error)


class DatabaseUnavailableMiddleware:
    """Answers a view's database connection error with the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            _log(request, exception)
            return unavailable_response(request)
        return None


class OutageLogFilter(logging.Filter):
    """Logs a database outage in one line: drops the stack trace Django attaches to the 503 it logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], DATABASE_ERRORS):
            record.exc_info = None
            record.exc_text = None
        return True


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page when the error was the database's, else Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        _log(request, error)
        return unavailable_response(request)
    return defaults.server_error(request)
