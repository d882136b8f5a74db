"""Abuse protection of the residents' concern pages: who the client is, and how often it may ask.

The counters are django-ratelimit's, kept in a database cache table (made by
``createcachetable``, which ``migrate`` runs) so that every gunicorn worker and every server
share them without a cache server. Django's database cache increments by reading the value
and writing it back, which two workers can interleave, and its ``add`` reports any database
error (a busy SQLite file too) as "already there"; ``AtomicDatabaseCache`` makes both safe.
"""

from __future__ import annotations

import base64
import datetime
import pickle
from dataclasses import dataclass

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import IntegrityError, connections, router, transaction
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.timezone import now as tz_now
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import get_usage

from core.clients import client_ip

__all__ = ["AtomicDatabaseCache", "client_ip"]


class AtomicDatabaseCache(DatabaseCache):
    """Django's database cache whose ``add`` and ``incr`` are safe across processes and servers.

    Each starts its transaction with a write, which takes the lock before anything is read (the
    database's write lock on SQLite, a row lock on PostgreSQL); a concurrent ``add`` or ``incr``
    of the same key waits for it and then sees what it wrote. ``add`` also removes the entries
    that have expired, so the table holds only live counters; it returns False only when the key
    is there already.
    """

    def _sql(self, connection) -> dict[str, str]:
        quote = connection.ops.quote_name
        return {
            "table": quote(self._table),
            "key": quote("cache_key"),
            "value": quote("value"),
            "expires": quote("expires"),
        }

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        sql = self._sql(connection)
        now = tz_now().replace(microsecond=0)
        expires = (
            datetime.datetime.max
            if timeout is None
            else datetime.datetime.fromtimestamp(timeout, tz=datetime.UTC).replace(microsecond=0)
        )
        try:
            with transaction.atomic(using=db), connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM {table} WHERE {expires} <= %s".format(**sql),
                    [connection.ops.adapt_datetimefield_value(now)],
                )
                cursor.execute(
                    "INSERT INTO {table} ({key}, {value}, {expires}) VALUES (%s, %s, %s)".format(**sql),
                    [key, self._encode(value), connection.ops.adapt_datetimefield_value(expires)],
                )
        except IntegrityError:
            return False
        return True

    def incr(self, key, delta: int = 1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        sql = self._sql(connection)
        now = connection.ops.adapt_datetimefield_value(tz_now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE {table} SET {expires} = {expires} WHERE {key} = %s AND {expires} > %s".format(**sql),
                [key, now],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute("SELECT {value} FROM {table} WHERE {key} = %s".format(**sql), [key])
            (stored,) = cursor.fetchone()
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(stored).encode())) + delta
            cursor.execute(
                "UPDATE {table} SET {value} = %s WHERE {key} = %s".format(**sql), [self._encode(value), key]
            )
        return value


def _everyone(group: str, request: HttpRequest) -> str:
    return "everyone"


@dataclass(frozen=True)
class Limit:
    """One rate limit: its counter's name, the setting with its rate and whom it counts."""

    group: str
    rate_setting: str
    per_client: bool
    message: Promise

    @property
    def rate(self) -> str:
        return getattr(settings, self.rate_setting)

    @property
    def allowed(self) -> int:
        return int(self.rate.split("/", 1)[0])


@dataclass(frozen=True)
class Refusal:
    """A request over a limit: which one, and in how many seconds its window ends."""

    limit: Limit
    seconds_left: int

    @property
    def minutes_left(self) -> int:
        return max(1, -(-self.seconds_left // 60))

    @property
    def message(self) -> str:
        return str(self.limit.message) % {"count": self.limit.allowed, "minutes": self.minutes_left}


FORM_POSTS = Limit(
    "concerns.public.form-posts",
    "CONCERN_FORM_POST_RATE",
    per_client=True,
    message=_(
        "The form was sent too many times from your connection (at most %(count)d times an hour). "
        "Please try again in about %(minutes)d minutes."
    ),
)
SUBMISSIONS_PER_CLIENT = Limit(
    "concerns.public.submissions",
    "CONCERN_SUBMISSION_RATE",
    per_client=True,
    message=_(
        "At most %(count)d concerns can be sent from one connection in an hour. Please try again in "
        "about %(minutes)d minutes, or contact the Front committee of your ward or commune."
    ),
)
SUBMISSIONS_TOTAL = Limit(
    "concerns.public.submissions-total",
    "CONCERN_SUBMISSION_TOTAL_RATE",
    per_client=False,
    message=_(
        "The portal has received very many concerns in the last hour (%(count)d) and accepts no more "
        "for now. Please try again in about %(minutes)d minutes, or contact the Front committee of "
        "your ward or commune."
    ),
)
LOOKUPS = Limit(
    "concerns.public.lookups",
    "CONCERN_LOOKUP_RATE",
    per_client=True,
    message=_(
        "Too many tracking codes were looked up from your connection (at most %(count)d an hour). "
        "Please try again in about %(minutes)d minutes."
    ),
)


def count(request: HttpRequest, limit: Limit) -> Refusal | None:
    """Count this request against ``limit``; a ``Refusal`` when it goes over."""
    usage = get_usage(
        request,
        group=limit.group,
        key="ip" if limit.per_client else _everyone,
        rate=limit.rate,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return Refusal(limit, max(0, usage["time_left"]))


def count_submission(request: HttpRequest) -> Refusal | None:
    """Count an accepted submission: first against the client's limit, then against everyone's.

    A client over its own limit is not counted against everyone's, so that one client
    cannot use up the portal's hourly cap.
    """
    return count(request, SUBMISSIONS_PER_CLIENT) or count(request, SUBMISSIONS_TOTAL)
