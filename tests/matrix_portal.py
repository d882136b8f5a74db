"""Permission-matrix rows for the portal app's URLs (see tests/matrix.py).

The public pages answer 200 to everybody; the language switch redirects everybody back; a media
path that is not a file anybody may see is a 404 for everybody (tests/test_portal_media.py covers
photos by role).
"""

from activities.models import Activity
from organizations.models import Authority
from tests.matrix import PUBLIC, ROLES, Row


def ended_authority_kwargs() -> dict:
    """An authority that has ended: its page stays public, with its record."""
    return {"pk": Authority.objects.filter(valid_to__isnull=False).order_by("pk").first().pk}


def published_activity_kwargs() -> dict:
    return {"pk": Activity.objects.published().order_by("pk").first().pk}


ROWS: dict[str, Row] = {
    "portal:robots": Row(PUBLIC),
    "portal:sitemap": Row(PUBLIC),
    "portal:sitemap_section": Row(PUBLIC, lambda: {"section": "activities"}),
    "portal:activity_list": Row(PUBLIC),
    "portal:activity_detail": Row(PUBLIC, published_activity_kwargs),
    "portal:search": Row(PUBLIC, query="?q=phuoc+hoi"),
    "portal:calendar": Row(PUBLIC),
    "portal:authorities": Row(PUBLIC),
    "portal:authority": Row(PUBLIC, ended_authority_kwargs),
    "portal:calendar_ics": Row(PUBLIC),
    "portal:feed_rss": Row(PUBLIC),
    "portal:feed_atom": Row(PUBLIC),
    "portal:set_language": Row(dict.fromkeys(ROLES, 302), lambda: {"code": "en"}, query="?next=/activities/"),
    "portal:media": Row(dict.fromkeys(ROLES, 404), lambda: {"path": "activities/2026/01/missing.jpg"}),
}
