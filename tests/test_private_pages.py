"""The work area's page store (core/private_pages.py, organizations/pagestore.py).

A cadre's dashboard, work log, inbox, concern page and organization list are rendered once and
served again to the same session until a write in the cadre's part of the structure, a change of
the session, a new day or the time limit; what must happen on each showing still happens.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concerns.models import Concern
from concerns.services.public import receive_public_concern
from core import caching, private_pages
from core.caching import public_content_changed
from core.private_pages import SHARED, work_changed
from core.sudo import AUTHENTICATED_AT
from organizations.models import Scope
from organizations.pagestore import ANY, read_areas, top_units_covering, written_areas
from organizations.scoping import scope_for
from tests.conftest import DEMO_PASSWORD
from tests.factories import ScopeFactory, UnitFactory
from tests.helpers import unit
from tests.test_concerns_views_pages import create_data

pytestmark = [pytest.mark.django_db, pytest.mark.private_pages]

# A page served from the store reads the session and the user (the account's areas are known while
# none of their versions moved: organizations/pagestore.py).
SERVED_QUERIES = 2
PUBLIC_DESCRIPTION = "STORE-PUBLIC nước thải chảy ra đường"
STORED_PAGES = ["cadre:dashboard", "activities:list", "concerns:inbox", "cadre:organization_list"]


def rendered(client: Client, path: str) -> bool:
    """Whether the page was rendered (it read more than a served page reads)."""
    with CaptureQueriesContext(connection) as counted:
        assert client.get(path).status_code == 200
    return len(counted) > SERVED_QUERIES


def logged_in(demo_user, username: str) -> Client:
    client = Client()
    client.force_login(demo_user(username))
    # The first page gives the session its CSRF cookie: a page is kept only for a request with one.
    client.get(reverse("cadre:dashboard"))
    return client


@pytest.fixture
def ward(demo_user) -> Client:
    return logged_in(demo_user, "cadre_ward")


@pytest.mark.parametrize("name", STORED_PAGES)
def test_a_page_seen_again_is_served_from_the_store(ward, name, django_assert_num_queries):
    first = ward.get(reverse(name))
    with django_assert_num_queries(SERVED_QUERIES):
        again = ward.get(reverse(name))
    assert again.status_code == 200
    assert again.content == first.content
    assert "private" in again["Cache-Control"]


def test_the_page_of_a_concern_logs_each_showing(ward, own_concern, django_assert_num_queries):
    path = reverse("concerns:detail", args=[own_concern.pk])
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(own_concern.pk))
    first = ward.get(path)
    assert accesses.count() == 1
    # The session, the user and the "accessed" entry.
    with django_assert_num_queries(SERVED_QUERIES + 1):
        again = ward.get(path)
    assert without_form_keys(again.content) == without_form_keys(first.content)
    assert accesses.count() == 2
    assert accesses.latest("pk").actor.username == "cadre_ward"


def without_form_keys(content: bytes) -> bytes:
    return re.sub(rb'name="form_key" value="[0-9a-f-]{36}"', b"", content)


def form_keys(content: bytes) -> list[bytes]:
    return re.findall(rb'name="form_key" value="([0-9a-f-]{36})"', content)


def test_every_showing_gets_fresh_form_keys(ward, own_concern):
    path = reverse("concerns:detail", args=[own_concern.pk])
    first, again, third = (form_keys(ward.get(path).content) for _ in range(3))
    assert first and len(first) == len(again) == len(third)
    assert not set(first) & set(again) and not set(again) & set(third)


def test_a_write_in_the_same_province_shows_at_once(ward, demo_user, django_capture_on_commit_callbacks):
    ward.get(reverse("concerns:inbox"))
    province_cadre = logged_in(demo_user, "cadre_area")
    with django_capture_on_commit_callbacks(execute=True):
        response = province_cadre.post(reverse("concerns:create"), create_data(summary="STORE-NEW đèn đường"))
    assert response.status_code == 302
    assert "STORE-NEW đèn đường" in ward.get(reverse("concerns:inbox")).content.decode()


def test_the_writers_own_session_sees_its_write_at_once(ward, demo_user):
    ward.get(reverse("concerns:inbox"))
    response = ward.post(reverse("concerns:create"), create_data(summary="STORE-OWN cống nghẹt"))
    assert response.status_code == 302
    # The redirect's message is shown once, then the inbox is rendered again with the concern.
    ward.get(response["Location"])
    assert "STORE-OWN cống nghẹt" in ward.get(reverse("concerns:inbox")).content.decode()


def test_a_write_in_another_province_leaves_the_page_in_the_store(
    ward, django_assert_num_queries, django_capture_on_commit_callbacks
):
    elsewhere = UnitFactory(kind="province")
    writer = ScopeFactory(unit=elsewhere, access="write").user
    other = Client()
    other.force_login(writer)
    ward.get(reverse("concerns:inbox"))
    with django_capture_on_commit_callbacks(execute=True) as moved:
        assert other.post(reverse("concerns:create"), {}).status_code == 200  # refused: nothing saved
    assert moved  # the other province's areas moved on
    with django_assert_num_queries(SERVED_QUERIES):
        ward.get(reverse("concerns:inbox"))


def test_an_administrators_write_renders_every_page_anew(ward, demo_user, django_capture_on_commit_callbacks):
    ward.get(reverse("concerns:inbox"))
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(demo_user, "admin").post(reverse("concerns:create"), {})
    assert rendered(ward, reverse("concerns:inbox"))


def test_a_residents_concern_reaches_the_wards_inbox_at_once(ward, django_capture_on_commit_callbacks):
    ward.get(reverse("concerns:inbox"))
    with django_capture_on_commit_callbacks(execute=True):
        receive_public_concern(
            unit=unit("LD-PPHUOCHOI"),
            category="environment",
            description="STORE-PUBLIC nước thải chảy ra đường",
        )
    concern = Concern.objects.get(detail=PUBLIC_DESCRIPTION)
    assert concern.tracking_code in ward.get(reverse("concerns:inbox")).content.decode()


def test_a_change_nobody_announced_shows_after_the_time_limit(ward, own_concern, settings, monkeypatch):
    path = reverse("concerns:inbox")
    ward.get(path)
    Concern.objects.filter(pk=own_concern.pk).update(summary="STORE-QUIET đổi thầm")
    assert "STORE-QUIET" not in ward.get(path).content.decode()
    now = private_pages._pages._clock()
    monkeypatch.setattr(private_pages._pages, "_clock", lambda: now + settings.PRIVATE_PAGE_SECONDS + 1)
    assert "STORE-QUIET" in ward.get(path).content.decode()


def test_a_command_that_changes_data_announces_it(ward, own_concern, django_capture_on_commit_callbacks):
    path = reverse("concerns:inbox")
    ward.get(path)
    Concern.objects.filter(pk=own_concern.pk).update(summary="STORE-COMMAND đã xoá")
    with django_capture_on_commit_callbacks(execute=True):
        work_changed()  # what erase_expired_contact_data and restore call when they changed something
    assert "STORE-COMMAND" in ward.get(path).content.decode()


def test_a_new_day_renders_the_page_anew(ward, monkeypatch, django_assert_num_queries):
    path = reverse("concerns:inbox")
    ward.get(path)
    monkeypatch.setattr(caching._today, "isoformat", lambda: (datetime.date(2030, 1, 1)).isoformat())
    assert rendered(ward, path)


def test_each_session_and_each_query_has_its_own_page(ward, demo_user):
    path = reverse("concerns:inbox")
    mine = ward.get(path).content
    other_session = logged_in(demo_user, "cadre_ward")
    other = other_session.get(path).content
    # The same account's other session renders its own page (its own CSRF tokens).
    assert (
        re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', other)
        != re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', mine)
        or b"csrfmiddlewaretoken" not in mine
    )
    assert ward.get(path, {"status": "received"}).content != mine


def test_a_page_with_a_message_is_neither_kept_nor_served(ward):
    response = ward.post(reverse("concerns:create"), create_data(summary="STORE-MSG"), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert shown and all(message in response.content.decode() for message in shown)
    # The same page again: the message was shown once and is not served from the store.
    assert rendered(ward, response.redirect_chain[-1][0])
    again = ward.get(response.redirect_chain[-1][0]).content.decode()
    assert not any(message in again for message in shown)


def test_a_visitor_is_never_served_a_stored_page(ward, client):
    ward.get(reverse("concerns:inbox"))
    response = client.get(reverse("concerns:inbox"))
    assert response.status_code == 302


def test_the_store_is_off_with_no_time_limit(ward, settings, django_assert_num_queries):
    settings.PRIVATE_PAGE_SECONDS = 0
    ward.get(reverse("concerns:inbox"))
    assert rendered(ward, reverse("concerns:inbox"))


# --- the areas -------------------------------------------------------------------------------------


def test_a_cadre_reads_and_writes_the_top_units_above_its_scope(demo_user):
    ward_cadre, province_cadre = demo_user("cadre_ward"), demo_user("cadre_area")
    ward_areas = read_areas(scope_for(ward_cadre))
    assert f"top:{unit('LD').pk}" in ward_areas
    assert set(ward_areas) <= set(read_areas(scope_for(province_cadre)))
    assert set(written_areas(ward_cadre)) - {ANY} <= set(read_areas(scope_for(province_cadre)))
    # A read-only account writes nothing; an administrator's write is everybody's.
    assert written_areas(demo_user("cadre_viewer")) == ()
    assert written_areas(demo_user("admin")) == (SHARED,)
    assert read_areas(scope_for(demo_user("admin"))) == (ANY,)


def test_an_organizations_scope_reads_the_top_units_of_its_organizations(demo_user):
    women = demo_user("cadre_women")
    assert top_units_covering((), scope_for(women).root_org_ids)
    assert set(read_areas(scope_for(women))) <= set(read_areas(scope_for(demo_user("cadre_area"))))


def test_a_unit_of_its_own_is_its_own_area():
    alone = UnitFactory(kind="province")
    below = UnitFactory(kind="ward", parent=alone)
    assert top_units_covering((below.pk,), ()) == [alone.pk]
    assert top_units_covering((), ()) == []


# --- public pages for a logged-in user -------------------------------------------------------------


def test_a_logged_in_users_public_page_is_kept_for_the_session_until_public_content_changes(
    ward, django_assert_num_queries, django_capture_on_commit_callbacks
):
    path = reverse("portal:search") + "?q=thăm"
    first = ward.get(path)
    with django_assert_num_queries(SERVED_QUERIES):
        again = ward.get(path)
    assert again.content == first.content and "private" in again["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        public_content_changed()
    assert rendered(ward, path)


def test_a_login_moves_nothing_on(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as moved:
        response = client.post(reverse("login"), {"username": "cadre_ward", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    assert not moved


def test_a_scope_taken_away_by_the_staff_shows_at_once(
    ward, demo_user, own_concern, django_capture_on_commit_callbacks
):
    path = reverse("concerns:inbox")
    assert "OWN-SUMMARY" in ward.get(path).content.decode()
    staff = logged_in(demo_user, "admin")
    session = staff.session
    session[AUTHENTICATED_AT] = int(time.time())  # sudo mode, as after the password
    session.save()
    for scope in Scope.objects.filter(user=demo_user("cadre_ward")):
        with django_capture_on_commit_callbacks(execute=True):
            assert staff.post(reverse("accounts:scope_remove", args=[scope.pk])).status_code == 302
    assert "OWN-SUMMARY" not in ward.get(path).content.decode()


def test_a_request_without_a_csrf_cookie_is_never_kept(demo_user):
    client = Client()
    client.force_login(demo_user("cadre_ward"))
    path = reverse("concerns:inbox")
    for _ in range(2):
        client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        assert rendered(client, path)
