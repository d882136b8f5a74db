"""Articles published, unpublished, added and deleted in the admin go through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles import services as article_services
from articles.models import Article, ArticleKind, ArticleStatus
from core.models import SearchEntry
from tests.admin_services.common import (
    LogEntry,
    admin_url,
    change_form_data,
    latest_entry,
    search_entry,
)
from tests.factories import (
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


# --- articles ---------------------------------------------------------------------------


def test_an_article_unpublished_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_article
):
    detail = published_article.get_absolute_url()
    listing = reverse("articles:list")
    assert detail in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 200
    assert search_entry(published_article) is not None
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, status=ArticleStatus.DRAFT))

    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT
    assert search_entry(published_article) is None
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    entry = latest_entry(Article, published_article.pk, LogEntry.Action.UPDATE)
    assert entry.actor == staff_user
    assert "status" in entry.changes_dict


def test_an_article_published_in_the_admin_appears_at_once(
    staff, visitor, staff_user, commit, published_article
):
    with commit():
        article_services.unpublish_article(actor=staff_user, article=published_article)
    detail = published_article.get_absolute_url()
    assert visitor.get(detail).status_code == 404
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        staff.post(url, change_form_data(staff, url, status=ArticleStatus.PUBLISHED))

    assert visitor.get(detail).status_code == 200
    assert search_entry(published_article) is not None


def test_consent_withdrawn_and_the_story_unpublished_in_one_admin_save(
    staff, visitor, staff_user, commit, published_article
):
    with commit():
        published_article.kind = ArticleKind.EXEMPLARY_STORY
        published_article.people_consent = True
        article_services.update_article(actor=staff_user, article=published_article)
    url = admin_url(Article, "change", published_article.pk)
    data = change_form_data(staff, url, status=ArticleStatus.DRAFT)
    assert data.pop("people_consent") == "on"

    with commit():
        response = staff.post(url, data)

    assert response.status_code == 302
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT and not published_article.people_consent
    assert visitor.get(published_article.get_absolute_url()).status_code == 404


def test_publishing_a_story_without_consent_is_refused_on_the_admin_form(
    staff, staff_user, commit, published_article
):
    with commit():
        article_services.unpublish_article(actor=staff_user, article=published_article)
        published_article.refresh_from_db()
        published_article.kind = ArticleKind.EXEMPLARY_STORY
        article_services.update_article(actor=staff_user, article=published_article)
    url = admin_url(Article, "change", published_article.pk)

    with commit():
        response = staff.post(url, change_form_data(staff, url, status=ArticleStatus.PUBLISHED))

    assert response.status_code == 200
    assert "people_consent" in response.context["adminform"].form.errors
    published_article.refresh_from_db()
    assert published_article.status == ArticleStatus.DRAFT
    assert search_entry(published_article) is None


def test_an_article_deleted_in_the_admin_leaves_the_search_and_the_public_pages(
    staff, visitor, staff_user, commit, published_article
):
    pk, detail, listing = published_article.pk, published_article.get_absolute_url(), reverse("articles:list")
    assert detail in visitor.get(listing).content.decode()

    with commit():
        response = staff.post(admin_url(Article, "delete", pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    assert not SearchEntry.objects.filter(content_type__model="article", object_id=pk).exists()
    assert detail not in visitor.get(listing).content.decode()
    assert visitor.get(detail).status_code == 404
    assert latest_entry(Article, pk, LogEntry.Action.DELETE).actor == staff_user


def test_an_article_added_in_the_admin_is_a_draft_written_by_the_staff_member(staff, staff_user, commit):
    organization = OrganizationFactory()
    data = change_form_data(
        staff,
        admin_url(Article, "add"),
        kind=ArticleKind.NEWS,
        title="Test bài mới",
        summary="Test tóm tắt.",
        body="Test nội dung.",
        organization=str(organization.pk),
    )

    with commit():
        response = staff.post(admin_url(Article, "add"), data)

    assert response.status_code == 302
    article = Article.objects.get(title="Test bài mới")
    assert article.status == ArticleStatus.DRAFT and article.author == staff_user
    assert article.slug
    assert latest_entry(Article, article.pk, LogEntry.Action.CREATE).actor == staff_user
