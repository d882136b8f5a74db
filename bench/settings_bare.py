"""The baseline of ``make bench``: one bare view on Django's default middleware stack.

The stack is the one ``django-admin startproject`` writes, so that a page's share of this view's
requests/s says what the portal costs compared with a plain Django project: its own middleware
(CSP, two factors, session limits, idempotency, audit...) is part of what is measured, not
hidden in the baseline. The database and the cache are the portal's (the bare view uses neither).
"""

from lagi_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bare"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
