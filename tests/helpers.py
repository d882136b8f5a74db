"""Plain helpers shared across the test modules (the fixtures they share live in tests/conftest.py).

Demo objects looked up by what the demo data calls them, request headers, messages as the pages
show them, the public pages' addresses and checks, and the count of a page's queries. Helpers of
one family of modules live next to it: tests/test_activities_common.py,
tests/test_articles_common.py, tests/cadre_common.py, tests/concerns_common.py,
tests/concerns_public_common.py.
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from activities.models import Activity, Visibility
from organizations.models import AdministrativeUnit, Organization
from tests.factories import ActivityFactory

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
VIETNAMESE = {"HTTP_ACCEPT_LANGUAGE": "vi"}


# --- demo objects -------------------------------------------------------------------------------


def unit(code: str) -> AdministrativeUnit:
    """The unit with this code: ``LD-PPHUOCHOI`` (today's Phường Phước Hội), ``LG-PH`` (the
    Phường Phước Hội that ended on 30/06/2025), ``LD-PPHUOCHOI-KP01`` (one of its quarters)."""
    return AdministrativeUnit.objects.get(code=code)


def la_gi_womens_union() -> Organization:
    """The Women's Union of Phường La Gi: the cadre_women scope."""
    return Organization.objects.get(name="Hội Liên hiệp Phụ nữ phường La Gi", unit__code="LD-PLAGI")


def published_activity(**kwargs) -> Activity:
    """A factory activity, published now."""
    return ActivityFactory(visibility=Visibility.PUBLISHED, published_at=timezone.now(), **kwargs)


# --- pages --------------------------------------------------------------------------------------


def vi(message: str) -> str:
    """A message as the (Vietnamese) pages show it, translated or not yet."""
    with translation.override("vi"):
        return escape(gettext(message))


def count_queries(client, url: str) -> int:
    """How many queries the client's GET of ``url`` makes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# --- the residents' site ------------------------------------------------------------------------


def unit_url(unit: AdministrativeUnit) -> str:
    return reverse("public:unit_detail", args=[unit.pk])


def organization_url(organization: Organization) -> str:
    return reverse("public:organization_detail", args=[organization.pk])


def activity_url(activity: Activity) -> str:
    """The public page of an activity."""
    return reverse("portal:activity_detail", args=[activity.pk])


def linked_activity_ids(html: str) -> set[int]:
    """The activities whose public pages ``html`` links to."""
    return {int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', html)}


def assert_one_h1_and_title(html: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert re.search(r"<title>\s*\S", html)
