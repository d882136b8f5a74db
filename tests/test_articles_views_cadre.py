"""The cadre's article screens: who may open and change what (404 outside the scope, 403 for
read-only cadres), writing, previewing and publishing an article, its photos and documents, the
cadre's list with its filters and pinned query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from articles.models import Article, ArticleKind, ArticleStatus
from articles.services import NewPhoto, create_article, publish_article, update_article_media
from tests.helpers import count_queries, la_gi_womens_union

from .test_articles_common import LA_GI, front, jpeg_upload, make_published, new_article, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


LIST = reverse("articles_cadre:list")


CREATE = reverse("articles_cadre:create")


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
        form_data(title="", video_url="https://vimeo.com/123", organization=la_gi_womens_union().pk),
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


def test_an_organization_in_la_gi_is_not_in_the_ward_cadres_choices(login_as):
    # The choices, whether the page lists them or a chooser does (organizations/choosers.py).
    form = login_as("cadre_ward").get(CREATE).context["form"]
    offered = set(form.fields["organization"].queryset.values_list("pk", flat=True))
    assert front().pk in offered and front(LA_GI).pk not in offered


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


# --- Query counts --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["cadre_ward", "cadre_women", "admin"])
def test_cadre_list_query_count_does_not_grow(login_as, username):
    client = login_as(username)
    organization = la_gi_womens_union() if username == "cadre_women" else front()
    make_published(5, organization)
    small = count_queries(client, LIST)
    make_published(495, organization)
    assert count_queries(client, LIST) == small
    assert count_queries(client, LIST + "?status=published&page=3") == small


def test_cadre_list_query_count_is_pinned(login_as, django_assert_num_queries):
    client = login_as("cadre_ward")
    make_published(500)
    # session, user, the scope's rows (1), organization choices, count, page
    with django_assert_num_queries(6):
        client.get(LIST)
