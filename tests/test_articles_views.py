"""Article screens: cadre list, write, preview, publish, media; public list and page; file access."""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from articles.media import can_serve
from articles.models import Article, ArticleAttachment, ArticleKind, ArticlePhoto, ArticleStatus
from articles.services import NewDocument, NewPhoto, create_article, publish_article, update_article_media
from core import search
from demo import articles as demo

from .test_articles_common import (
    LA_GI,
    PHUOC_HOI,
    front,
    jpeg_upload,
    new_article,
    pdf_upload,
    stored_article,
    womens_union,
)

pytestmark = pytest.mark.django_db

LIST = reverse("articles_cadre:list")
CREATE = reverse("articles_cadre:create")
PUBLIC_LIST = reverse("articles:list")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ward_draft(demo_user) -> Article:
    return create_article(
        actor=demo_user("cadre_ward"),
        article=new_article(title="Bản nháp của phường Phước Hội", body="Nội dung <script>alert(1)</script>"),
    )


@pytest.fixture
def women_draft(demo_user) -> Article:
    return create_article(
        actor=demo_user("cadre_women"),
        article=new_article(womens_union(), title="Bản nháp của Hội Phụ nữ La Gi"),
    )


def url(name: str, article: Article) -> str:
    return reverse(f"articles_cadre:{name}", args=[article.pk])


def form_data(**overrides) -> dict:
    data = {
        "kind": ArticleKind.NEWS,
        "title": "Phước Hội ra quân Ngày Chủ nhật xanh",
        "summary": "Đoàn viên, hội viên cùng người dân làm sạch đường phố.",
        "body": "Sáng Chủ nhật, **hơn 300 người** đã tham gia.",
        "organization": front().pk,
        "unit": "",
        "video_url": "",
        "cover_caption": "",
        "names_people": "",
        "consent_note": "",
    }
    data.update(overrides)
    return data


# --- Cadre screens: access -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["preview", "edit", "media"])
def test_anonymous_is_sent_to_the_login(client, ward_draft, name):
    response = client.get(url(name, ward_draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_ward_cadre_cannot_see_another_scopes_draft(login_as, women_draft, ward_draft):
    client = login_as("cadre_ward")
    for name in ("preview", "edit", "media"):
        assert client.get(url(name, women_draft)).status_code == 404
    for name in ("publish", "unpublish"):
        assert client.post(url(name, women_draft)).status_code == 404
    listing = client.get(LIST).content.decode()
    assert ward_draft.title in listing and women_draft.title not in listing
    assert Article.objects.get(pk=women_draft.pk).status == ArticleStatus.DRAFT


def test_the_womens_union_cadre_sees_only_its_organizations_articles(login_as, women_draft, ward_draft):
    client = login_as("cadre_women")
    listing = client.get(LIST).content.decode()
    assert women_draft.title in listing and ward_draft.title not in listing
    assert client.get(url("preview", ward_draft)).status_code == 404


def test_a_read_only_cadre_sees_but_cannot_change(login_as, ward_draft):
    client = login_as("cadre_viewer")
    preview = client.get(url("preview", ward_draft))
    assert preview.status_code == 200
    assert url("publish", ward_draft) not in preview.content.decode()
    assert client.get(CREATE).status_code == 403
    assert client.get(url("edit", ward_draft)).status_code == 403
    assert client.post(url("publish", ward_draft)).status_code == 403
    assert Article.objects.get(pk=ward_draft.pk).status == ArticleStatus.DRAFT


def test_publish_needs_a_post(login_as, ward_draft):
    assert login_as("cadre_ward").get(url("publish", ward_draft)).status_code == 405


# --- Cadre screens: writing ----------------------------------------------------------------


def test_create_a_draft(login_as, demo_user):
    client = login_as("cadre_ward")
    form = client.get(CREATE).content.decode()
    assert 'name="title"' in form and 'enctype="multipart/form-data"' in form
    response = client.post(CREATE, form_data(cover_upload=jpeg_upload(), cover_caption="Ra quân"))
    article = Article.objects.get(title="Phước Hội ra quân Ngày Chủ nhật xanh")
    assert response.status_code == 302 and response["Location"] == url("preview", article)
    assert article.status == ArticleStatus.DRAFT and article.author == demo_user("cadre_ward")
    assert article.slug == "phuoc-hoi-ra-quan-ngay-chu-nhat-xanh" and article.cover


def test_invalid_input_shows_errors_next_to_the_fields_and_saves_nothing(login_as):
    client = login_as("cadre_ward")
    before = Article.objects.count()
    response = client.post(
        CREATE,
        form_data(title="", video_url="https://vimeo.com/123", organization=womens_union().pk),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200 and Article.objects.count() == before
    html = response.content.decode()
    for field in ("title", "video_url", "organization"):
        assert re.search(rf'id="id_{field}"[^>]*is-invalid|is-invalid[^>]*id="id_{field}"', html), field


def test_a_cover_that_is_not_an_image_is_an_error_on_its_field(login_as):
    client = login_as("cadre_ward")
    response = client.post(CREATE, form_data(cover_upload=pdf_upload("anh.jpg")))
    assert response.status_code == 200
    assert "cover_upload" in response.context["form"].errors
    assert not Article.objects.filter(title="Phước Hội ra quân Ngày Chủ nhật xanh").exists()


def test_edit_an_article(login_as, ward_draft):
    client = login_as("cadre_ward")
    assert client.get(url("edit", ward_draft)).status_code == 200
    response = client.post(url("edit", ward_draft), form_data(title="Tiêu đề đã sửa"))
    assert response.status_code == 302
    assert Article.objects.get(pk=ward_draft.pk).title == "Tiêu đề đã sửa"


def test_publish_and_unpublish_from_the_preview(login_as, ward_draft, client):
    cadre = login_as("cadre_ward")
    preview = cadre.get(url("preview", ward_draft)).content.decode()
    assert url("publish", ward_draft) in preview and 'name="robots" content="noindex"' in preview
    response = cadre.post(url("publish", ward_draft), follow=True)
    assert response.redirect_chain[-1][0] == url("preview", ward_draft)
    assert Article.objects.get(pk=ward_draft.pk).is_published
    assert url("unpublish", ward_draft) in response.content.decode()
    cadre.post(url("unpublish", ward_draft))
    assert not Article.objects.get(pk=ward_draft.pk).is_published


def test_a_story_without_consent_is_not_published_and_the_cadre_is_told_why(login_as, demo_user):
    article = create_article(
        actor=demo_user("cadre_ward"),
        article=new_article(kind=ArticleKind.EXEMPLARY_STORY, names_people=True, title="Chú Ba hiến đất"),
    )
    client = login_as("cadre_ward")
    response = client.post(url("publish", article), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert not Article.objects.get(pk=article.pk).is_published
    assert "agreed to publication" in response.content.decode()


def test_the_preview_shows_the_sanitised_article_without_unconsented_photos(login_as, demo_user, ward_draft):
    update_article_media(
        actor=demo_user("cadre_ward"),
        article=ward_draft,
        new_photos=[
            NewPhoto(file=jpeg_upload(), caption="Có đồng ý", people_consent=True),
            NewPhoto(file=jpeg_upload(), caption="Không đồng ý"),
        ],
    )
    html = login_as("cadre_ward").get(url("preview", ward_draft)).content.decode()
    assert "<script>alert" not in html
    assert "Có đồng ý" in html and "Không đồng ý" not in html
    assert html.count("<h1") == 1


def test_the_media_screen_adds_photos_and_documents(login_as, ward_draft):
    client = login_as("cadre_ward")
    page = url("media", ward_draft)
    assert client.get(page).status_code == 200
    data = {
        "photo-TOTAL_FORMS": "0", "photo-INITIAL_FORMS": "0",
        "document-TOTAL_FORMS": "0", "document-INITIAL_FORMS": "0",
        "photos": [jpeg_upload()], "photo_caption": "Ra quân", "photo_consent": "on",
        "document": pdf_upload(), "document_title": "Kế hoạch ra quân",
    }  # fmt: skip
    response = client.post(page, data)
    assert response.status_code == 302
    assert ward_draft.photos.get().people_consent
    assert ward_draft.attachments.get().title == "Kế hoạch ra quân"


def test_the_media_screen_refuses_a_file_that_is_not_a_pdf(login_as, ward_draft):
    client = login_as("cadre_ward")
    data = {
        "photo-TOTAL_FORMS": "0", "photo-INITIAL_FORMS": "0",
        "document-TOTAL_FORMS": "0", "document-INITIAL_FORMS": "0",
        "document": pdf_upload("gia.pdf", b"<html>not a pdf</html>"), "document_title": "Giả",
    }  # fmt: skip
    response = client.post(url("media", ward_draft), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Attach a PDF document." in response.context["new_media"].errors["document"]
    assert not ward_draft.attachments.exists()


def test_the_cadre_list_filters(login_as, ward_draft, demo_user):
    published = create_article(actor=demo_user("cadre_ward"), article=new_article(title="Tin đã đăng"))
    publish_article(actor=demo_user("cadre_ward"), article=published)
    client = login_as("cadre_ward")
    drafts = client.get(LIST, {"status": "draft"}).content.decode()
    assert ward_draft.title in drafts and "Tin đã đăng" not in drafts
    stories = client.get(LIST, {"kind": ArticleKind.EXEMPLARY_STORY}).content.decode()
    assert ward_draft.title not in stories
    by_org = client.get(LIST, {"organization": front().pk}).content.decode()
    assert ward_draft.title in by_org


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
    assert html.count("<h1") == 1 and "<h3>Phần lễ</h3>" in html and "<strong>chính</strong>" in html
    assert "onerror" not in html
    assert front().name in html and article.published_at.astimezone().strftime("%d/%m/%Y") in html
    assert "Ảnh đồng ý" in html and "Ảnh không đồng ý" not in html
    document = article.attachments.get()
    assert f'href="{document.file.url}"' in html and "Chương trình ngày hội" in html
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert "<iframe" not in html
    assert article.cover.url in html and 'alt="Bà con dự lễ"' in html
    assert article.consent_note == "" or article.consent_note not in html


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


def make_published(count: int, organization=None) -> None:
    organization = organization or front()
    now = timezone.now()
    start = Article.objects.count()
    Article.objects.bulk_create(
        [
            Article(
                kind=ArticleKind.values[n % 3],
                title=f"Bài thử {start + n}",
                slug=f"bai-thu-{start + n}",
                summary="Tóm tắt.",
                body="Nội dung.",
                organization=organization,
                status=ArticleStatus.PUBLISHED if n % 4 else ArticleStatus.DRAFT,
                published_at=now - datetime.timedelta(minutes=n + 1) if n % 4 else None,
            )
            for n in range(count)
        ]
    )


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


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


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_women", "admin"])
def test_cadre_list_query_count_does_not_grow(login_as, username):
    client = login_as(username)
    organization = womens_union() if username == "cadre_women" else front()
    make_published(5, organization)
    small = count_queries(client, LIST)
    make_published(495, organization)
    assert count_queries(client, LIST) == small
    assert count_queries(client, LIST + "?status=published&page=3") == small


def test_cadre_list_query_count_is_pinned(login_as, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_published(500)
    # session, user, scope (3), organization choices, count, page
    with django_assert_num_queries(8):
        client.get(LIST)


# --- Files ---------------------------------------------------------------------------------


def test_who_may_download_the_files_of_an_article(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(cover_people_consent=True), cover=jpeg_upload())
    update_article_media(
        actor=ward, article=article,
        new_photos=[NewPhoto(file=jpeg_upload(), people_consent=True), NewPhoto(file=jpeg_upload())],
        new_documents=[NewDocument(file=pdf_upload(), title="Văn bản")],
    )  # fmt: skip
    article.refresh_from_db()
    consented = ArticlePhoto.objects.get(article=article, people_consent=True).image.name
    unconsented = ArticlePhoto.objects.get(article=article, people_consent=False).image.name
    document = ArticleAttachment.objects.get(article=article).file.name
    cover = article.cover.name
    anonymous, women, viewer = AnonymousUser(), demo_user("cadre_women"), demo_user("cadre_viewer")

    for path in (cover, consented, unconsented, document):  # a draft: cadres in scope only
        assert not can_serve(anonymous, path) and not can_serve(women, path)
        assert can_serve(ward, path) and can_serve(viewer, path)

    publish_article(actor=ward, article=article)
    for path in (cover, consented, document):
        assert can_serve(anonymous, path) and can_serve(women, path)
    assert not can_serve(anonymous, unconsented) and not can_serve(women, unconsented)
    assert can_serve(ward, unconsented)

    assert not can_serve(ward, "articles/photos/../../secret.txt")
    assert not can_serve(ward, "articles/photos/2026/01/missing.jpg")
    assert not can_serve(ward, "activities/2026/01/x.jpg")


# --- The video on activities ---------------------------------------------------------------


def test_the_activity_page_shows_its_video(login_as):
    activity = Activity.objects.filter(unit__code=PHUOC_HOI).order_by("pk").first()
    activity.video_url = "https://www.youtube.com/shorts/dQw4w9WgXcQ"
    activity.save()
    html = login_as("cadre_ward").get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert 'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert "<iframe" not in html


def test_an_activity_without_video_shows_no_player(login_as):
    activity = Activity.objects.filter(unit__code=PHUOC_HOI, video_url="").order_by("pk").first()
    html = login_as("cadre_ward").get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "data-video-embed" not in html and "articles/video.js" not in html


@pytest.mark.parametrize(
    ("link", "valid"),
    [("https://youtu.be/dQw4w9WgXcQ", True), ("youtube.com/watch?v=dQw4w9WgXcQ", True),
     ("https://vimeo.com/76979871", False), ("https://youtu.be/short", False)],
)  # fmt: skip
def test_the_activity_form_validates_the_video_link(demo_user, link, valid):
    from activities.forms import ActivityForm

    form = ActivityForm({"video_url": link}, instance=Activity(kind="other"), user=demo_user("cadre_ward"))
    form.is_valid()
    assert ("video_url" not in form.errors) is valid


def test_an_organization_in_la_gi_is_not_in_the_ward_cadres_choices(login_as):
    html = login_as("cadre_ward").get(CREATE).content.decode()
    assert front().name in html and f'value="{front(LA_GI).pk}"' not in html
