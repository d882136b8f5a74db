"""The audit log's context: who acts, from which client address.

django-auditlog's ``AuditlogMiddleware`` records the request's user and client address on every
entry, but its ``set_actor`` (which the services call, so that entries written outside a request
name their actor too) starts a context of its own without an address, and leaves it in place
after it ends. ``set_actor`` here keeps the request's address and port, and puts the request's
context back when it ends. ``AuditlogMiddleware`` here reads the address through the
trusted-proxy rule (``core.clients.client_ip``), not the first ``X-Forwarded-For`` value a
client may write itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from auditlog.context import auditlog_value
from auditlog.context import set_actor as auditlog_set_actor
from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from auditlog.signals import accessed
from django.conf import settings

from .clients import client_ip


@contextlib.contextmanager
def set_actor(actor) -> Iterator[None]:
    """Entries written inside name ``actor``, with the client address of the current request."""
    outer = auditlog_value.get(None)
    address = outer.get("remote_addr") if outer else None
    port = outer.get("remote_port") if outer else None
    try:
        with auditlog_set_actor(actor, remote_addr=address, remote_port=port):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


@contextlib.contextmanager
def without_client_address() -> Iterator[None]:
    """Entries written inside name no actor and no client address (a resident's public form: the
    portal keeps no address of a resident beyond the hashed, expiring rate-limit counters)."""
    outer = auditlog_value.get(None)
    try:
        with auditlog_set_actor(None, remote_addr=None, remote_port=None):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def log_access(user, instance) -> None:
    """An "accessed" entry: ``user`` was shown ``instance``'s confidential data (from this address)."""
    with set_actor(user):
        accessed.send(sender=type(instance), instance=instance)


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """auditlog's middleware, with the client address read through the trusted-proxy rule."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request) -> int | None:
        # The port a client claims in a header is not worth recording.
        return None
