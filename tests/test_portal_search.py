"""The public search: normalization, matching without diacritics or case, the index kept up to
date by the services, odd queries, and the PostgreSQL trigram index (SQLite path too)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Visibility
from activities.services import update_activity
from core import search
from core.models import SearchEntry
from organizations.models import AdministrativeUnit, Organization
from organizations.services import save_organization
from tests.factories import ActivityFactory, OrganizationFactory, UnitFactory
from tests.helpers import ENGLISH

pytestmark = pytest.mark.django_db


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def publish(activity: Activity) -> Activity:
    activity.visibility = Visibility.PUBLISHED
    activity.published_at = timezone.now()
    activity.save()
    search.index(activity)
    return activity


def result_titles(response) -> list[str]:
    html = response.content.decode()
    block = html.split('id="search-results"', 1)[1] if 'id="search-results"' in html else ""
    return re.findall(r'<h2 class="h6 mb-1"><a href="[^"]*">([^<]*)</a>', block)


def result_urls(response) -> list[str]:
    return re.findall(r'<h2 class="h6 mb-1"><a href="([^"]*)">', response.content.decode())


@pytest.fixture
def index():
    """The index of the demo data (units, organizations, published activities)."""
    search.rebuild()


# --- normalization ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phước Hội", "phuoc hoi"),
        (nfd("Phước Hội"), "phuoc hoi"),
        ("PHƯỚC  HỘI\n", "phuoc hoi"),
        ("Dân vận khéo", "dan van kheo"),
        ("Đoàn TNCS Hồ Chí Minh", "doan tncs ho chi minh"),
        (nfd("ĐOÀN thanh niên"), "doan thanh nien"),
        ("Quỹ “Vì người nghèo” 100%", "quy “vi nguoi ngheo” 100%"),
    ],
)
def test_normalize_strips_marks_maps_d_and_folds_case(text, expected):
    assert search.normalize(text) == expected


def test_query_is_cut_to_a_sane_length_and_a_few_words():
    query, terms = search.query_terms("ab " * 300)
    assert len(query) <= search.MAX_QUERY_LENGTH
    assert terms == ["ab"]
    _query, terms = search.query_terms(" ".join(f"w{n}" for n in range(20)))
    assert len(terms) == search.MAX_TERMS


# --- finding the demo data ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["phuoc hoi", "Phước Hội", nfd("Phước Hội"), "PHUOC HOI", "  phuoc   hoi "])
def test_phuoc_hoi_finds_the_ward_however_it_is_typed(client, index, typed):
    response = client.get(reverse("portal:search"), {"q": typed})

    assert response.status_code == 200
    titles = result_titles(response)
    assert "Phường Phước Hội" in titles
    # The exact phrase comes before entries that only contain both words apart.
    first = SearchEntry.objects.get(url=result_urls(response)[0])
    assert "phuoc hoi" in first.normalized


def test_phuoc_hoi_finds_organizations_and_published_activities(client, index):
    response = client.get(reverse("portal:search"), {"q": "phuoc hoi", "type": "organization"})
    titles = result_titles(response)
    assert "Hội Nông dân phường Phước Hội" in titles
    assert all(
        SearchEntry.objects.get(url=url).result_type == "organization" for url in result_urls(response)
    )

    published = Activity.objects.published().filter(unit__name="Phường Phước Hội").order_by("-date").first()
    assert published is not None, "the demo data has published activities in Phước Hội"
    response = client.get(reverse("portal:search"), {"q": "phuoc hoi", "type": "activity"})
    assert response.status_code == 200
    assert SearchEntry.objects.filter(result_type="activity", object_id=published.pk).exists()


@pytest.mark.parametrize("typed", ["dan van kheo", "Dân vận khéo", nfd("DÂN VẬN KHÉO"), "DAN VAN KHEO"])
def test_dan_van_kheo_finds_the_movement(client, typed):
    unit = UnitFactory(name="Phường Thử")
    activity = publish(
        ActivityFactory(unit=unit, summary="Tuyên dương mô hình “Dân vận khéo” tiêu biểu của phường.")
    )
    other = publish(ActivityFactory(unit=unit, summary="Sinh hoạt chi hội định kỳ."))

    response = client.get(reverse("portal:search"), {"q": typed})

    urls = result_urls(response)
    assert reverse("portal:activity_detail", args=[activity.pk]) in urls
    assert reverse("portal:activity_detail", args=[other.pk]) not in urls


def test_results_are_labelled_by_type_and_can_be_narrowed(client, index):
    response = client.get(reverse("portal:search"), {"q": "phuoc hoi"}, **ENGLISH)
    html = response.content.decode()
    for label in ("Unit", "Organization"):
        assert f'<span class="badge text-bg-light border">{label}</span>' in html
    assert "type=unit" in html

    response = client.get(reverse("portal:search"), {"q": "phuoc hoi", "type": "unit"}, **ENGLISH)
    assert {SearchEntry.objects.get(url=url).result_type for url in result_urls(response)} == {"unit"}


def test_results_are_paginated(client, index):
    response = client.get(reverse("portal:search"), {"q": "hoi"})
    assert response.context["page"].paginator.num_pages > 1
    assert len(result_urls(response)) == 20
    second = client.get(reverse("portal:search"), {"q": "hoi", "page": 2})
    assert set(result_urls(second)).isdisjoint(result_urls(response))


def test_the_index_holds_no_confidential_text(index):
    from demo import activities as activities_demo
    from demo import concerns as concerns_demo

    markers = activities_demo.CONFIDENTIAL_MARKERS + concerns_demo.CONFIDENTIAL_MARKERS
    for marker in markers:
        assert not SearchEntry.objects.filter(normalized__contains=search.normalize(marker)).exists(), marker
        assert not SearchEntry.objects.filter(title__contains=marker).exists(), marker
        assert not SearchEntry.objects.filter(summary__contains=marker).exists(), marker
    internal = Activity.objects.exclude(pk__in=Activity.objects.published().values("pk"))
    assert internal.exists()
    assert not SearchEntry.objects.filter(
        result_type="activity", object_id__in=internal.values("pk")
    ).exists()


# --- odd queries --------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_an_empty_query_shows_a_friendly_page_without_results(client, index, query):
    response = client.get(reverse("portal:search"), {"q": query}, **ENGLISH)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-results"' not in html
    assert "Type a few words" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


def test_no_parameter_at_all_is_the_empty_search(client):
    response = client.get(reverse("portal:search"))
    assert response.status_code == 200
    assert not response.context["searched"]


def test_a_500_character_query_is_cut_and_answers(client, index):
    response = client.get(reverse("portal:search"), {"q": "phước hội " + "x" * 490})

    assert response.status_code == 200
    assert len(response.context["query"]) == search.MAX_QUERY_LENGTH
    assert len(response.context["results"].query) <= search.MAX_QUERY_LENGTH


def test_a_query_with_many_words_answers(client, index):
    response = client.get(reverse("portal:search"), {"q": " ".join(["phuoc", "hoi"] * 100)})
    assert response.status_code == 200
    assert "Phường Phước Hội" in result_titles(response)


@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "a%b", "_o"])
def test_like_wildcards_match_only_themselves(client, index, wildcard):
    unit = UnitFactory(name="Xã Thử Ký Tự")
    literal = publish(ActivityFactory(unit=unit, summary=f"Hoàn thành 100% kế hoạch, mã a%b_o_{wildcard}."))

    response = client.get(reverse("portal:search"), {"q": wildcard})

    assert response.status_code == 200
    urls = result_urls(response)
    assert reverse("portal:activity_detail", args=[literal.pk]) in urls
    total = response.context["results"].total
    assert total == SearchEntry.objects.filter(normalized__contains=wildcard).count()
    assert total < SearchEntry.objects.count() / 10


def test_html_in_the_query_is_escaped(client, index):
    response = client.get(reverse("portal:search"), {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;" in response.content


# --- the index kept up to date --------------------------------------------------------------


def test_publishing_and_unpublishing_through_the_service_updates_the_index(
    client, demo_user, django_capture_on_commit_callbacks
):
    admin = demo_user("admin")
    activity = ActivityFactory(summary="Hội thi nấu ăn Xuân Ấm Áp ở khu phố Mười Chín.")
    organizations = list(activity.organizations.all())

    def found() -> bool:
        response = client.get(reverse("portal:search"), {"q": "xuan am ap"})
        return reverse("portal:activity_detail", args=[activity.pk]) in result_urls(response)

    assert not found()

    activity.visibility = Visibility.PUBLISHED
    # The cached results page is dropped once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        update_activity(actor=admin, activity=activity, organizations=organizations)
    assert SearchEntry.objects.filter(result_type="activity", object_id=activity.pk).exists()
    assert found()

    activity.summary = "Hội thi nấu ăn Tết Sum Vầy ở khu phố Mười Chín."
    update_activity(actor=admin, activity=activity, organizations=organizations)
    entry = SearchEntry.objects.get(result_type="activity", object_id=activity.pk)
    assert "tet sum vay" in entry.normalized and "xuan am ap" not in entry.normalized

    activity.visibility = Visibility.INTERNAL
    update_activity(actor=admin, activity=activity, organizations=organizations)
    assert not SearchEntry.objects.filter(result_type="activity", object_id=activity.pk).exists()


def test_an_internal_activity_is_never_indexed(demo_user):
    activity = ActivityFactory(summary="Việc nội bộ chưa công bố Bí Mật Quốc Thái.")
    assert search.index(activity) is None
    assert not SearchEntry.objects.filter(result_type="activity", object_id=activity.pk).exists()
    search.rebuild([Activity])
    assert not SearchEntry.objects.filter(normalized__contains="bi mat quoc thai").exists()


def test_saving_an_organization_through_the_service_updates_the_index(demo_user):
    organization = Organization.objects.get(name="Hội Nông dân phường Phước Hội", unit__code="LD-PPHUOCHOI")
    organization.name = "Hội Nông dân phường Phước Hội (Khởi Nghiệp Xanh)"
    save_organization(actor=demo_user("admin"), organization=organization)

    entry = SearchEntry.objects.get(result_type="organization", object_id=organization.pk)
    assert "khoi nghiep xanh" in entry.normalized
    assert entry.url == reverse("public:organization_detail", args=[organization.pk])


def test_new_organizations_and_units_are_searchable_once_indexed():
    unit = UnitFactory(name="Thôn Xóm Lưới Thử Nghiệm")
    organization = OrganizationFactory(name="Chi hội Phụ nữ thôn Xóm Lưới Thử Nghiệm", unit=unit)
    search.index(unit)
    search.index(organization)
    results = search.search("xom luoi thu nghiem")
    assert {(e.result_type, e.object_id) for e in results.entries} >= {
        ("unit", unit.pk),
        ("organization", organization.pk),
    }
    assert results.counts == {"unit": 1, "organization": 1}


def test_rebuild_search_index_command_indexes_everything_public():
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)

    assert SearchEntry.objects.filter(result_type="unit").count() == AdministrativeUnit.objects.count()
    assert SearchEntry.objects.filter(result_type="organization").count() == Organization.objects.count()
    assert SearchEntry.objects.filter(result_type="activity").count() == Activity.objects.published().count()


def test_an_unregistered_model_cannot_be_indexed():
    from django.contrib.auth.models import Group

    with pytest.raises(LookupError):
        search.index(Group(name="x", pk=1))


# --- the database index ---------------------------------------------------------------------


def _search_indexes() -> dict:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, SearchEntry._meta.db_table)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists only on PostgreSQL")
def test_postgresql_has_a_trigram_index_on_the_normalized_text():
    constraints = _search_indexes()
    assert "portal_search_trgm" in constraints
    assert constraints["portal_search_trgm"]["type"] == "gin"
    assert constraints["portal_search_trgm"]["columns"] == ["normalized"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite path")
def test_other_databases_do_without_the_trigram_index(client):
    assert "portal_search_trgm" not in _search_indexes()
    unit = UnitFactory(name="Khu phố Quỳnh Xuyến Thử")
    search.index(unit)
    assert [e.object_id for e in search.search("quynh xuyen thu").entries] == [unit.pk]
