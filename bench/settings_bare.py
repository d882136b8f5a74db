"""The portal's settings with a URLconf of one bare view: the baseline of ``make bench``.

Same apps, middleware, database and cache as the portal, so the difference between a page and
this view is what the page itself costs.
"""

from lagi_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bare"
