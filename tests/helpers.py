"""Plain helpers shared across the test modules (the fixtures they share live in tests/conftest.py).

Demo objects looked up by what the demo data calls them, request headers, messages as the pages
show them, the public pages' addresses and checks, the count of a page's queries, and a form sent
twice with its one-time key (core.idempotency). Helpers of one family of modules live next to it:
tests/test_activities_common.py, tests/test_articles_common.py, tests/cadre_common.py,
tests/concerns_common.py, tests/concerns_public_common.py.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import NamedTuple

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import Model, QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from activities.models import Activity, Visibility
from core.idempotency import COOKIE_NAME, FIELD_NAME
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


# --- a form sent twice (core.idempotency) --------------------------------------------------------

REPEATS = {False: "same-browser", True: "answer-lost"}


# Sent again from the same browser (its cookie knows the form), or after the first answer was lost
# (only the server's record of the key does; a view that refuses the identical form, a unique value
# being taken now, is answered with the first result too): ``forget_cookie``.
EITHER_REPEAT = pytest.mark.parametrize(
    "forget_cookie", [pytest.param(False, id=REPEATS[False]), pytest.param(True, id=REPEATS[True])]
)


def post_twice(client: Client, url: str, data: dict, *, forget_cookie: bool = False):
    """Post the same form twice with one key, as a second tap or a resend would (an uploaded file is
    sent again whole)."""
    data = data | {FIELD_NAME: str(uuid.uuid4())}
    first = client.post(url, _rewound(data))
    if forget_cookie:
        # The first answer never reached the phone: the server alone must recognise the form.
        client.cookies.pop(COOKIE_NAME, None)
    second = client.post(url, _rewound(data))
    return first, second


def _rewound(data: dict) -> dict:
    """The form's data with its files read again from their start (the test client reads them to the end)."""
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return data


def assert_answered_with_the_first_result(first, second) -> None:
    assert first.status_code == 302, first.content.decode()[:1500]
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    notes = [str(message) for message in get_messages(second.wsgi_request)]
    assert any("already been saved" in note or "đã được lưu" in note for note in notes), notes


def assert_saved_once(client: Client, url: str, data: dict, rows: QuerySet, *, forget_cookie: bool = False):
    """The form posted twice with one key adds one row to ``rows`` (the records, or the events of a
    record); the second post is answered with the first result. Returns the first answer."""
    before = rows.count()
    first, second = post_twice(client, url, data, forget_cookie=forget_cookie)
    assert_answered_with_the_first_result(first, second)
    assert rows.count() == before + 1
    return first


class CreateForm(NamedTuple):
    """A form that records something: who sends it, its URL's name, a valid payload, the model of what
    it records, and the object whose page it is on (a group's figures, a board's member), if any."""

    user: str
    url_name: str
    data: Callable[[], dict]
    model: type[Model]
    of: Callable[[], Model] | None = None

    def url(self) -> str:
        return reverse(self.url_name, args=[self.of().pk] if self.of else [])

    def assert_saved_once(self, login_as, *, forget_cookie: bool = False):
        rows = self.model._default_manager.all()
        return assert_saved_once(
            login_as(self.user), self.url(), self.data(), rows, forget_cookie=forget_cookie
        )


def either_repeat_of_each(forms: list[CreateForm]) -> list:
    """Parameters ``form, forget_cookie``: each form, sent again from the same browser and after its
    first answer was lost."""
    return [
        pytest.param(form, forget_cookie, id=f"{form.url_name}-{REPEATS[forget_cookie]}")
        for form in forms
        for forget_cookie in REPEATS
    ]
