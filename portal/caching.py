"""Cached public pages, invalidated when public content changes.

Anonymous visitors get whole pages from the cache, per language. Every cache key carries
the current public-content version; anything that publishes, changes or unpublishes
something a public page shows calls ``public_content_changed()``, which moves the version
on so every cached page is rebuilt at its next visit. Logged-in users are never served a
cached page.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "portal:public-content-version"


def public_content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def public_content_changed() -> None:
    """Invalidate every cached public page once the current transaction commits."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))
