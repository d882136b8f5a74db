"""The sitemap: an index of sections, each listing the public pages of its kind (and nothing
that is not public), every address answering 200 to a visitor, a constant number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, Visibility
from activities.services import update_activity
from articles.models import Article
from core import sitemaps
from organizations.models import Authority
from tests.factories import ActivityFactory, UnitFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return [element.text for element in root.findall(".//s:loc", NS)]


def paths(response) -> list[str]:
    """The listed addresses without scheme and host."""
    return [urlsplit(url)._replace(scheme="", netloc="").geturl() for url in locations(response)]


def activity_path(pk: int) -> str:
    return reverse("portal:activity_detail", args=[pk])


def section(client, name: str, page: int | None = None) -> list[str]:
    query = {"p": page} if page else {}
    return paths(client.get(reverse("portal:sitemap_section", args=[name]), query))


def test_the_index_lists_every_section(client):
    listed = locations(client.get(reverse("portal:sitemap")))

    assert listed == [f"http://testserver/sitemap-{name}.xml" for name in sitemaps.sections()]


def test_the_activities_section_lists_published_activities_only(client):
    listed = set(section(client, "activities"))
    published = {activity_path(pk) for pk in Activity.objects.published().values_list("pk", flat=True)}
    internal = Activity.objects.exclude(visibility=Visibility.PUBLISHED).first()

    assert listed == published
    assert activity_path(internal.pk) not in listed


def test_the_articles_section_lists_published_articles_only(client):
    listed = set(section(client, "articles"))

    assert listed == {article.get_absolute_url() for article in Article.objects.published()}
    draft = Article.objects.exclude(pk__in=Article.objects.published()).first()
    assert draft is None or draft.get_absolute_url() not in listed


def test_every_address_answers_a_visitor(client):
    sample = []
    for name in sitemaps.sections():
        listed = section(client, name)
        assert listed, name
        sample += listed[:8]
    for path in sample:
        assert client.get(path).status_code == 200, path


def test_a_long_section_is_cut_into_pages(client, monkeypatch):
    monkeypatch.setattr(sitemaps.PortalSitemap, "limit", 2)
    count = Activity.objects.published().count()

    index = paths(client.get(reverse("portal:sitemap")))
    pages = [path for path in index if path.startswith("/sitemap-activities.xml")]

    assert len(pages) == -(-count // 2)
    assert len(section(client, "activities", 2)) == 2
    beyond = client.get(reverse("portal:sitemap_section", args=["activities"]), {"p": len(pages) + 1})
    assert beyond.status_code == 404


def test_an_unknown_section_is_404(client):
    assert client.get(reverse("portal:sitemap_section", args=["people"])).status_code == 404


def test_the_sitemap_moves_on_with_a_publication(client, demo_user, django_capture_on_commit_callbacks):
    before = set(section(client, "activities"))
    activity = ActivityFactory(unit=UnitFactory(), date=timezone.localdate(), visibility=Visibility.INTERNAL)
    activity.visibility = Visibility.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        update_activity(
            actor=demo_user("admin"), activity=activity, organizations=list(activity.organizations.all())
        )

    assert set(section(client, "activities")) - before == {activity_path(activity.pk)}


@pytest.mark.parametrize("url_name", ["portal:sitemap", "portal:sitemap_section"])
def test_query_counts_do_not_grow_with_the_data(client, settings, url_name):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = reverse(url_name, args=["activities"] if url_name.endswith("section") else [])
    unit = UnitFactory()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    published = {"unit": unit, "visibility": Visibility.PUBLISHED, "published_at": timezone.now()}
    ActivityFactory.create_batch(5, **published)
    small = queries()
    ActivityFactory.create_batch(200, **published)
    assert queries() == small
    # The index: a count per section (the authorities' and the report pages' too) and the latest
    # change of activities, articles and exemplary models; a section: count, page.
    assert small == {"portal:sitemap": 13, "portal:sitemap_section": 2}[url_name]


def test_the_authorities_section_lists_every_authority_of_the_register(client):
    listed = set(section(client, "authorities"))

    assert listed == {authority.get_absolute_url() for authority in Authority.objects.all()}
    assert reverse("portal:authorities") in section(client, "pages")
