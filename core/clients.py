"""Who the client is: its address, read through the trusted-proxy rule, and nothing it claims.

One rule for every place that records or counts a client (the rate limits of the concern form,
login throttling, the audit log): ``REMOTE_ADDR``, unless ``TRUSTED_PROXY_COUNT`` says the portal
runs behind that many reverse proxies, each of which appends the address it received the request
from to ``X-Forwarded-For``; the client is then the entry that many places from the end. Entries
before it are whatever the client sent, and are never trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# No usable address (a Unix socket and no proxy header): such clients share one address.
UNKNOWN = "0.0.0.0"


def client_ip(request: HttpRequest) -> str:
    """The client's address, normalised (``::ffff:1.2.3.4`` stays as Python writes it)."""
    candidates = [request.META.get("REMOTE_ADDR", "")]
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidates.insert(0, forwarded[-proxies])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return UNKNOWN


def user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:255]
