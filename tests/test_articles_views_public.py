"""The public article pages: the list (published articles only, by kind, 25 a page), an
article's page (sanitised, consented photos only, sharing metadata, nothing confidential), the
cached list refreshed on publication, the search, and pinned query counts."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleKind
from articles.services import NewDocument, NewPhoto, create_article, publish_article, update_article_media
from core import search
from demo import articles as demo
from tests.helpers import count_queries

from .test_articles_common import front, jpeg_upload, make_published, new_article, pdf_upload, stored_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


PUBLIC_LIST = reverse("articles:list")
CONSENT_NOTE = "Phiếu đồng ý số 17 ký ngày 10/11/2025, lưu tại văn phòng Mặt trận phường"


# --- Public pages --------------------------------------------------------------------------


def test_the_public_list_shows_only_published_articles(client, ward_draft, demo_user):
    published = create_article(actor=demo_user("cadre_ward"), article=new_article(title="Tin công khai"))
    publish_article(actor=demo_user("cadre_ward"), article=published)
    html = client.get(PUBLIC_LIST).content.decode()
    assert "Tin công khai" in html and ward_draft.title not in html
    assert reverse("articles:detail", args=[published.slug]) in html


def test_the_public_list_filters_by_kind(client):
    stored_article(title="Tin tức thử", published=True)
    stored_article(title="Câu chuyện thử", kind=ArticleKind.EXEMPLARY_STORY, published=True)
    html = client.get(PUBLIC_LIST, {"kind": ArticleKind.EXEMPLARY_STORY}).content.decode()
    assert "Câu chuyện thử" in html and "Tin tức thử" not in html
    assert client.get(PUBLIC_LIST, {"kind": "nonsense"}).status_code == 200


def test_the_public_list_pages_by_25(client):
    Article.objects.all().delete()
    make_published(36)  # 27 published, 9 drafts
    first = client.get(PUBLIC_LIST)
    assert len(first.context["page"]) == 25 and first.context["page"].paginator.num_pages == 2
    assert len(client.get(PUBLIC_LIST, {"page": 2}).context["page"]) == 2


def test_a_draft_or_unpublished_article_is_a_404_for_the_public(client, ward_draft, login_as):
    assert client.get(reverse("articles:detail", args=[ward_draft.slug])).status_code == 404
    assert login_as("cadre_ward").get(reverse("articles:detail", args=[ward_draft.slug])).status_code == 404
    future = stored_article(published=True)
    future.published_at = timezone.now() + datetime.timedelta(days=1)
    future.save()
    assert client.get(reverse("articles:detail", args=[future.slug])).status_code == 404


def test_the_public_page_shows_the_article(client, demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(
        actor=ward,
        article=new_article(
            title="Ngày hội Đại đoàn kết ở khu phố 2",
            summary="Tóm tắt để chia sẻ.",
            body="## Phần lễ\n\nNội dung **chính**. <img src=x onerror=alert(1)>",
            video_url="https://youtu.be/dQw4w9WgXcQ",
            cover_caption="Bà con dự lễ",
            cover_people_consent=True,
            consent_note=CONSENT_NOTE,
        ),
        cover=jpeg_upload(),
    )
    update_article_media(
        actor=ward,
        article=article,
        new_photos=[
            NewPhoto(file=jpeg_upload(), caption="Ảnh đồng ý", people_consent=True),
            NewPhoto(file=jpeg_upload(), caption="Ảnh không đồng ý"),
        ],
        new_documents=[NewDocument(file=pdf_upload(), title="Chương trình ngày hội")],
    )
    publish_article(actor=ward, article=article)
    article.refresh_from_db()
    response = client.get(reverse("articles:detail", args=[article.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<h2>Phần lễ</h2>" in html and "<strong>chính</strong>" in html
    assert "onerror" not in html
    assert front().name in html and article.published_at.astimezone().strftime("%d/%m/%Y") in html
    assert "Ảnh đồng ý" in html and "Ảnh không đồng ý" not in html
    document = article.attachments.get()
    assert f'href="{document.file.url}"' in html and "Chương trình ngày hội" in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert "<iframe" not in html
    assert article.cover.url in html and 'alt="Bà con dự lễ"' in html
    # How the people in the photos agreed is kept for the cadres and never published.
    assert article.consent_note == CONSENT_NOTE
    assert CONSENT_NOTE not in html and "Phiếu đồng ý số 17" not in html


def meta(html: str, key: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_the_public_page_has_open_graph_and_twitter_meta(client, demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(
        actor=ward,
        article=new_article(title="Tin chia sẻ", summary="Mô tả khi chia sẻ.", cover_people_consent=True),
        cover=jpeg_upload(),
    )
    publish_article(actor=ward, article=article)
    html = client.get(reverse("articles:detail", args=[article.slug]) + "?fbclid=abc").content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Tin chia sẻ" and meta(html, "twitter:title") == "Tin chia sẻ"
    assert meta(html, "og:description") == "Mô tả khi chia sẻ." == meta(html, "twitter:description")
    assert meta(html, "og:url") == f"http://testserver{article.get_absolute_url()}", "no query string"
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in html
    assert meta(html, "og:image") == f"http://testserver{Article.objects.get(pk=article.pk).cover.url}"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "article:published_time")
    assert meta(html, "description") == "Mô tả khi chia sẻ."


def test_without_a_cover_the_first_consented_photo_is_shared(client, demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(title="Tin có ảnh"))
    update_article_media(
        actor=ward, article=article,
        new_photos=[NewPhoto(file=jpeg_upload(), people_consent=False),
                    NewPhoto(file=jpeg_upload(), people_consent=True)],
    )  # fmt: skip
    publish_article(actor=ward, article=article)
    consented = article.photos.get(people_consent=True)
    html = client.get(reverse("articles:detail", args=[article.slug])).content.decode()
    assert meta(html, "og:image") == f"http://testserver{consented.image.url}"
    plain = stored_article(title="Tin không ảnh", published=True)
    html = client.get(reverse("articles:detail", args=[plain.slug])).content.decode()
    assert meta(html, "og:image") is None and meta(html, "twitter:card") == "summary"


def test_publishing_refreshes_the_cached_public_list(client, demo_user, django_capture_on_commit_callbacks):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(title="Tin vừa đăng"))
    assert "Tin vừa đăng" not in client.get(PUBLIC_LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(actor=ward, article=article)
    assert "Tin vừa đăng" in client.get(PUBLIC_LIST).content.decode()


def test_articles_are_found_without_diacritics(client, demo_user, django_capture_on_commit_callbacks):
    demo.seed(random.Random(3))
    search.rebuild([Article])
    html = client.get(reverse("portal:search"), {"q": "dan van kheo"}).content.decode()
    assert "Phường Phước Hội tổng kết phong trào thi đua “Dân vận khéo” năm 2025" in html
    assert "Cựu chiến binh Phan Văn Hùng" in html, "the body is searched too"
    for title in demo.draft_demo_titles():
        html = client.get(reverse("portal:search"), {"q": title}).content.decode()
        assert title not in html.split('id="search-results"')[1]

    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(title="Tiêm chủng mở rộng ở Phước Lộc"))
    with django_capture_on_commit_callbacks(execute=True):
        publish_article(actor=ward, article=article)
    assert "Tiêm chủng mở rộng" in client.get(reverse("portal:search"), {"q": "tiem chung"}).content.decode()


def test_the_demo_drafts_and_consent_notes_never_reach_the_public_pages(client):
    demo.seed(random.Random(3))
    pages = [client.get(PUBLIC_LIST), client.get(PUBLIC_LIST, {"page": 2})]
    pages += [client.get(a.get_absolute_url()) for a in Article.objects.published()]
    for response in pages:
        html = response.content.decode()
        for title in demo.draft_demo_titles():
            assert title not in html
        for marker in demo.CONFIDENTIAL_MARKERS:
            assert marker not in html


# --- Query counts --------------------------------------------------------------------------


def test_public_list_query_count_does_not_grow(client, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    Article.objects.all().delete()
    make_published(5)
    small = count_queries(client, PUBLIC_LIST)
    make_published(495)
    assert count_queries(client, PUBLIC_LIST) == small
    assert count_queries(client, PUBLIC_LIST + "?kind=news&page=3") == small
    # count, page
    with django_assert_num_queries(2):
        client.get(PUBLIC_LIST + "?page=2")


def test_public_page_query_count_does_not_grow(client, demo_user, django_assert_num_queries, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(title="Bài đo truy vấn"))
    update_article_media(
        actor=ward, article=article,
        new_photos=[NewPhoto(file=jpeg_upload(), people_consent=True) for _ in range(3)],
        new_documents=[NewDocument(file=pdf_upload(), title=f"Văn bản {n}") for n in range(2)],
    )  # fmt: skip
    publish_article(actor=ward, article=article)
    path = article.get_absolute_url()
    make_published(5)
    small = count_queries(client, path)
    make_published(495)
    assert count_queries(client, path) == small
    # the article with its organization and unit, its consented photos, its documents
    with django_assert_num_queries(3):
        client.get(path)
