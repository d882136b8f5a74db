"""A form sent twice saves once.

Cadres work on phones on weak networks: a tap that seems to do nothing is tapped again, and a
browser sends a form again after a timeout or on "resend". Every form that creates or changes
something carries a one-time key (``{% form_key %}`` next to ``{% csrf_token %}``, a fresh key
each time the form is shown). ``FormKeyMiddleware`` runs the view of a POST that carries a key
in one transaction; when the view succeeds (it redirects), the key is recorded with where it led
(``FormSubmission``) in the same transaction. The same form sent again is answered with the first
result (the same redirect, and a message that it was already saved), never a second record:

- a repeat from the same browser is recognised from a signed cookie that the first answer set,
  without a query;
- any other repeat (the first answer never arrived, two requests at once, a phone's queue sent
  twice) is caught by the key's primary key: the second transaction finds the key taken, rolls
  back everything it wrote, and answers with the first result.

So a form post costs one query more (the key's insert). A form shown again after a mistake gets a
new key, and a step that may rightly be repeated (forwarding a concern again to another
authority) is a new form with a new key: only the identical resubmission is absorbed. Keys are
kept ``FORM_KEY_DAYS`` (``manage.py clean_form_keys`` removes older ones).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD_NAME = "form_key"
COOKIE_NAME = "lagi_saved_forms"
# The keys of the last forms a browser saved, remembered in its cookie.
COOKIE_KEYS = 20
_SALT = "core.idempotency"


def new_key() -> str:
    return str(uuid.uuid4())


def submitted_key(request: HttpRequest) -> uuid.UUID | None:
    """The form's key, or None when the POST carries none (or not a well-formed one)."""
    raw = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _remembered(request: HttpRequest) -> dict[str, str]:
    """Key → result URL of the forms this browser saved last (from the signed cookie)."""
    value = request.COOKIES.get(COOKIE_NAME)
    if not value:
        return {}
    try:
        pairs = signing.loads(value, salt=_SALT, max_age=settings.FORM_KEY_DAYS * 24 * 3600)
    except signing.BadSignature:
        return {}
    return dict(pairs) if isinstance(pairs, list) else {}


def _remember(request: HttpRequest, response: HttpResponse, key: uuid.UUID, url: str) -> None:
    pairs = [(k, v) for k, v in _remembered(request).items() if k != str(key)][-(COOKIE_KEYS - 1) :]
    pairs.append((str(key), url))
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(pairs, salt=_SALT, compress=True),
        max_age=settings.FORM_KEY_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _is_saved(response: HttpResponse) -> bool:
    """A form view that saved something answers with a redirect (post/redirect/get)."""
    return response.status_code in (301, 302, 303) and bool(response.get("Location"))


def _already_saved(request: HttpRequest, url: str) -> HttpResponse:
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "/"
    messages.info(request, _("This form had already been saved; it was not saved a second time."))
    return HttpResponseRedirect(url)


class _Undo:
    """What a view changes besides the database, taken back when its transaction is undone: the
    messages it queued and its changes to the session (both are saved after the response)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        storage = getattr(request, "_messages", None)
        self.queued = list(getattr(storage, "_queued_messages", []))

    def __call__(self) -> None:
        storage = getattr(self.request, "_messages", None)
        if storage is not None and hasattr(storage, "_queued_messages"):
            storage._queued_messages = list(self.queued)
        session = getattr(self.request, "session", None)
        if session is not None and session.modified:
            # Read again from where the first request left it.
            self.request.session = session.__class__(session.session_key)


class _KeyTaken(Exception):
    """The key was recorded meanwhile by another request: undo this one."""


class FormKeyMiddleware:
    """Absorbs repeated submissions of a form (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = submitted_key(request)
        if key is None:
            return self.get_response(request)
        url = _remembered(request).get(str(key))
        if url is not None:
            return _already_saved(request, url)
        user = request.user if request.user.is_authenticated else None
        if request.FILES and FormSubmission.objects.filter(key=key).exists():
            # A repeated upload is answered before the view runs: its files would otherwise be
            # stored again, and a rolled-back transaction does not take a stored file back.
            return self._answer_repeat(request, key, user)
        undo = _Undo(request)
        # One transaction for the view and the key. Inside an outer transaction already (a test, a
        # caller's atomic block) it is a savepoint, so that undoing a repeat undoes only the repeat.
        try:
            with transaction.atomic(savepoint=connection.in_atomic_block):
                response = self.get_response(request)
                if _is_saved(response):
                    if not _record(key, user, response["Location"]):
                        raise _KeyTaken
                    _remember(request, response, key, response["Location"])
                elif not connection.needs_rollback and FormSubmission.objects.filter(key=key).exists():
                    # The view refused the repeat of a form that was saved (the group code is
                    # taken now, by the first submission): the answer is the first result, not an
                    # error. A query more, on refused posts only; none after a view whose
                    # transaction broke (the database gone during an outage: it saved nothing and
                    # answered with the 503 page, and any query would fail with a server error).
                    raise _KeyTaken
                return response
        except _KeyTaken:
            undo()
        return self._answer_repeat(request, key, user)

    @staticmethod
    def _answer_repeat(request: HttpRequest, key: uuid.UUID, user) -> HttpResponse:
        first = FormSubmission.objects.filter(key=key).first()
        if first is None or first.user_id != (user.pk if user else None):
            # Not this account's form: nothing to answer with.
            return HttpResponseBadRequest(_("This form cannot be sent again. Please open it anew."))
        return _already_saved(request, first.result_url)


def _record(key: uuid.UUID, user, url: str) -> bool:
    """Insert the key with its result; False when the key is taken (one statement, no error)."""
    table = connection.ops.quote_name(FormSubmission._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("key", "user_id", "result_url", "created_at"))
    key_value = FormSubmission._meta.get_field("key").get_db_prep_value(key, connection)
    created = FormSubmission._meta.get_field("created_at").get_db_prep_value(
        FormSubmission._meta.get_field("created_at").default(), connection
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [key_value, user.pk if user else None, url[:500], created],
        )
        return cursor.rowcount == 1
