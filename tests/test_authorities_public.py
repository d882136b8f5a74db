"""The public pages of the register (portal/views_authorities.py): the authorities of today by unit
with their answer rates, an authority's page with its figures per year and the bodies it took over
from, counts only (no resident, no concern's text), cached, and the same queries at 5 and 500
concerns."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from concerns.models import Concern
from core import caching
from organizations.models import Authority, AuthorityKind
from organizations.services_authorities import save_authority
from oversight.answer_rates import answer_rates
from oversight.models import Recommendation
from tests.factories import AuthorityFactory, UnitFactory
from tests.helpers import assert_one_h1_and_title

pytestmark = pytest.mark.django_db

K = AuthorityKind


@pytest.fixture(autouse=True)
def local_cache(settings):
    """A cache of this test's own, so that only the pages' queries are counted."""
    backend = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "authorities"}}
    empty_caches()
    yield
    empty_caches()


def empty_caches():
    cache.clear()
    caching.forget_local_cache()


def page(client, url: str) -> str:
    with translation.override("en"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert_one_h1_and_title(html)
    return html


def ph_committee() -> Authority:
    return Authority.objects.current().get(unit__code="LD-PPHUOCHOI", kind=K.PEOPLES_COMMITTEE)


def test_the_list_shows_today_s_authorities_by_unit_with_this_year_s_answer_rate(client):
    html = page(client, reverse("portal:authorities"))

    committee = ph_committee()
    assert f'href="{committee.get_absolute_url()}"' in html
    assert "Phường Phước Hội" in html and "Tỉnh Lâm Đồng" in html
    assert "Ủy ban nhân dân thị xã La Gi" not in html  # ended on 30/06/2025
    assert html.count("table-responsive") >= 3
    figures = answer_rates([committee.pk], [timezone.localdate().year]).get(
        (committee.pk, timezone.localdate().year)
    )
    if figures is not None:
        assert f"{figures.answered} of {figures.sent}" in html


def test_an_authority_s_page_shows_its_figures_per_year_and_where_it_came_from(client):
    committee = ph_committee()

    html = page(client, committee.get_absolute_url())

    assert "<h1>Ủy ban nhân dân phường Phước Hội</h1>" in html
    assert "Took over from" in html
    for old in committee.replaced.all():
        assert f'href="{old.get_absolute_url()}"' in html
    assert "30 days after it is sent" in html
    rates = answer_rates([committee.pk])
    assert rates, "the demo forwards concerns to the new ward's People's Committee"
    for figures in rates.values():
        assert f'<th scope="row">{figures.year}</th>' in html


def test_an_old_authority_s_page_links_the_one_that_replaced_it(client):
    old = Authority.objects.get(unit__code="LG-PL", kind=K.PEOPLES_COMMITTEE)

    html = page(client, old.get_absolute_url())

    assert "No longer exists" in html and "Replaced by" in html
    assert f'href="{ph_committee().get_absolute_url()}"' in html


def test_an_authority_with_nothing_sent_says_so(client):
    idle = AuthorityFactory(name="Bộ Thử", kind=K.OTHER)

    html = page(client, idle.get_absolute_url())

    assert "Nothing has been sent to this authority yet." in html
    assert client.get(reverse("portal:authority", args=[idle.pk + 10_000])).status_code == 404


def test_no_resident_and_no_concern_text_is_shown(client):
    committee = ph_committee()
    concerns = Concern.objects.filter(authority=committee).exclude(resident_name="")[:20]
    assert concerns

    html = page(client, committee.get_absolute_url()) + page(client, reverse("portal:authorities"))

    for concern in concerns:
        for value in (concern.resident_name, concern.resident_phone, concern.summary, concern.answer):
            assert not value or value not in html


def test_the_project_page_links_the_authority_a_recommendation_was_sent_to(client):
    recommendation = Recommendation.objects.public().filter(authority__isnull=False).first()
    project_url = reverse("oversight_public:project_detail", args=[recommendation.session.project_id])

    html = page(client, project_url)

    assert f'href="{recommendation.authority.get_absolute_url()}"' in html


# --- queries and the cache ------------------------------------------------------------------------


@pytest.fixture
def lone_authority():
    unit = UnitFactory(name="Phường Thử Nghiệm", valid_from=datetime.date(2020, 1, 1))
    return AuthorityFactory(name="Ủy ban nhân dân phường Thử Nghiệm", unit=unit)


def forward(authority: Authority, count: int) -> None:
    today = timezone.localdate()
    Concern.objects.bulk_create(
        Concern(
            tracking_code=f"X{authority.pk:04d}{n:05d}",
            source="other",
            unit=authority.unit,
            category="infrastructure",
            summary=f"Kiến nghị {n}",
            received_on=today - datetime.timedelta(days=n % 300 + 2),
            status="answered" if n % 3 else "forwarded",
            authority=authority,
            forwarded_on=today - datetime.timedelta(days=n % 300 + 1),
            due_date=today - datetime.timedelta(days=n % 300 + 1) + datetime.timedelta(days=30),
            answered_on=today - datetime.timedelta(days=n % 300) if n % 3 else None,
        )
        for n in range(count)
    )


# list: the authorities of today with their units, the counts with the delays.
# detail: the authority with its unit and successor, those it took over from, the counts with the delays.
EXPECTED = {"authorities": 2, "authority": 3}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_counts_are_the_same_at_5_and_500_concerns(
    client, lone_authority, django_assert_num_queries, name
):
    url = reverse(f"portal:{name}", args=[lone_authority.pk] if name == "authority" else [])
    forward(lone_authority, 5)
    with django_assert_num_queries(EXPECTED[name]):
        small = client.get(url)
    Concern.objects.filter(authority=lone_authority).delete()
    forward(lone_authority, 500)
    empty_caches()
    with django_assert_num_queries(EXPECTED[name]):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert sum(figures.sent for figures in answer_rates([lone_authority.pk]).values()) == 500


def test_a_visitor_gets_the_page_from_the_cache_and_a_change_of_the_register_at_once(
    client, demo_user, lone_authority, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = lone_authority.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200

    lone_authority.name = "Ủy ban nhân dân phường Thử Nghiệm Mới"
    with django_capture_on_commit_callbacks(execute=True):
        save_authority(actor=demo_user("admin"), authority=lone_authority)

    assert "Thử Nghiệm Mới" in client.get(url).content.decode()


def test_an_answer_shows_once_the_cached_page_expires(client, settings, lone_authority):
    """An answer is not a publication: the page follows within ``PUBLIC_PAGE_CACHE_SECONDS``."""
    assert settings.PUBLIC_PAGE_CACHE_SECONDS <= 600
    forward(lone_authority, 3)  # two answered, one forwarded
    url = lone_authority.get_absolute_url()
    with translation.override("en"):
        assert "66.7%" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    Concern.objects.filter(authority=lone_authority, answered_on__isnull=True).update(
        answered_on=timezone.localdate(), status="answered"
    )

    empty_caches()  # what the cache's lifetime does

    with translation.override("en"):
        assert "100%" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
