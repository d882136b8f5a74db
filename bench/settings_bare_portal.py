"""The same bare view through the portal's own middleware: reported beside the baseline, so the
cost of the portal's middleware alone is visible (the earlier baseline of ``make bench``)."""

from lagi_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bare"
