"""Article services: drafts, publication lifecycle, consent, scope, audit, cache, search, uploads."""

from __future__ import annotations

import io
import random

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from PIL import Image

from articles.models import Article, ArticleKind, ArticlePhoto, ArticleStatus
from articles.services import (
    NewDocument,
    NewPhoto,
    create_article,
    publish_article,
    unpublish_article,
    update_article,
    update_article_media,
)
from core.caching import public_content_version
from core.models import SearchEntry
from demo import articles as demo
from tests.helpers import la_gi_womens_union, unit

from .test_articles_common import (
    LA_GI,
    PHUOC_HOI,
    front,
    jpeg_upload,
    new_article,
    pdf_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def entries(article: Article) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(article).order_by("timestamp", "pk"))


def indexed(article: Article) -> bool:
    return SearchEntry.objects.filter(result_type="article", object_id=article.pk).exists()


# --- Drafts --------------------------------------------------------------------------------


def test_create_saves_a_draft_with_its_address_author_and_audit_entry(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(unit=unit(PHUOC_HOI)))
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT and article.published_at is None
    assert article.slug == "ra-quan-lam-sach-bai-bien-phuoc-hoi"
    assert article.author == ward
    [entry] = entries(article)
    assert entry.action == LogEntry.Action.CREATE and entry.actor == ward


def test_create_ignores_a_status_passed_in(demo_user):
    article = create_article(
        actor=demo_user("cadre_ward"), article=new_article(status=ArticleStatus.PUBLISHED)
    )
    assert article.status == ArticleStatus.DRAFT and not Article.objects.published().filter(pk=article.pk)


def test_the_same_title_gets_a_numbered_address(demo_user):
    ward = demo_user("cadre_ward")
    first = create_article(actor=ward, article=new_article())
    second = create_article(actor=ward, article=new_article())
    assert second.slug == f"{first.slug}-2"


def test_a_missing_field_saves_nothing(demo_user):
    before = Article.objects.count()
    with pytest.raises(ValidationError) as error:
        create_article(actor=demo_user("cadre_ward"), article=new_article(summary="", body=""))
    assert {"summary", "body"} <= set(error.value.message_dict)
    assert Article.objects.count() == before


def test_an_organization_outside_the_scope_is_refused(demo_user):
    with pytest.raises(ValidationError) as error:
        create_article(actor=demo_user("cadre_ward"), article=new_article(la_gi_womens_union()))
    assert "organization" in error.value.message_dict


def test_a_unit_outside_the_scope_is_refused(demo_user):
    with pytest.raises(ValidationError) as error:
        create_article(actor=demo_user("cadre_ward"), article=new_article(unit=unit(LA_GI)))
    assert "unit" in error.value.message_dict


def test_an_organization_cadre_may_write_for_the_units_where_it_works(demo_user):
    article = create_article(
        actor=demo_user("cadre_women"), article=new_article(la_gi_womens_union(), unit=unit(LA_GI))
    )
    assert article.pk is not None


def test_a_read_only_cadre_cannot_write(demo_user):
    with pytest.raises(ValidationError):
        create_article(actor=demo_user("cadre_viewer"), article=new_article())


def test_a_bad_youtube_link_is_refused(demo_user):
    with pytest.raises(ValidationError) as error:
        create_article(actor=demo_user("cadre_ward"), article=new_article(video_url="https://vimeo.com/1"))
    assert "video_url" in error.value.message_dict


def test_update_follows_the_title_until_published_then_keeps_the_address(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    article.title = "Tiêu đề mới"
    update_article(actor=ward, article=article)
    assert Article.objects.get(pk=article.pk).slug == "tieu-de-moi"
    publish_article(actor=ward, article=article)
    article = Article.objects.get(pk=article.pk)
    article.title = "Tiêu đề khác hẳn"
    update_article(actor=ward, article=article)
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Tiêu đề khác hẳn" and stored.slug == "tieu-de-moi"
    assert stored.status == ArticleStatus.PUBLISHED


def test_update_cannot_change_the_status(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    article.status = ArticleStatus.PUBLISHED
    update_article(actor=ward, article=article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


def test_another_scope_cannot_update_publish_or_unpublish(demo_user):
    article = create_article(actor=demo_user("cadre_ward"), article=new_article())
    women = demo_user("cadre_women")
    for service in (update_article, publish_article, unpublish_article):
        with pytest.raises(ValidationError):
            service(actor=women, article=article)
    with pytest.raises(ValidationError):
        publish_article(actor=demo_user("cadre_viewer"), article=article)
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


# --- Publication ---------------------------------------------------------------------------


def test_publish_and_unpublish_lifecycle(demo_user, django_capture_on_commit_callbacks):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    assert not indexed(article)
    version = public_content_version()

    with django_capture_on_commit_callbacks(execute=True):
        publish_article(actor=ward, article=article)
    published = Article.objects.get(pk=article.pk)
    assert published.status == ArticleStatus.PUBLISHED and published.published_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert public_content_version() != version
    assert indexed(article)

    version = public_content_version()
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_article(actor=ward, article=article)
    unpublished = Article.objects.get(pk=article.pk)
    assert unpublished.status == ArticleStatus.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert public_content_version() != version
    assert not indexed(article)

    with django_capture_on_commit_callbacks(execute=True):
        publish_article(actor=ward, article=article)
    assert Article.objects.get(pk=article.pk).published_at == published.published_at

    create, publish, unpublish, republish = entries(article)
    assert create.action == LogEntry.Action.CREATE
    for entry, change in ((publish, ["draft", "published"]), (unpublish, ["published", "draft"])):
        assert entry.action == LogEntry.Action.UPDATE and entry.actor == ward
        assert entry.changes_dict["status"] == change
    assert republish.changes_dict["status"] == ["draft", "published"]


def test_changing_a_published_article_invalidates_the_public_pages(
    demo_user, django_capture_on_commit_callbacks
):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    version = public_content_version()
    with django_capture_on_commit_callbacks(execute=True):
        article.summary = "Bản nháp sửa lại."
        update_article(actor=ward, article=article)
    assert public_content_version() == version, "a draft is not public: nothing to invalidate"

    with django_capture_on_commit_callbacks(execute=True):
        publish_article(actor=ward, article=article)
    version = public_content_version()
    article = Article.objects.get(pk=article.pk)
    with django_capture_on_commit_callbacks(execute=True):
        article.summary = "Tóm tắt mới có từ khóa đặc biệt."
        update_article(actor=ward, article=article)
    assert public_content_version() != version
    assert (
        "tu khoa dac biet" in SearchEntry.objects.get(result_type="article", object_id=article.pk).normalized
    )


def test_publishing_twice_changes_nothing(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    publish_article(actor=ward, article=article)
    count = len(entries(article))
    publish_article(actor=ward, article=article)
    assert len(entries(article)) == count


# --- Consent -------------------------------------------------------------------------------


def story(**fields) -> Article:
    fields.setdefault("names_people", True)
    return new_article(kind=ArticleKind.EXEMPLARY_STORY, title="Bà Tư với mô hình nuôi heo đất", **fields)


def test_an_exemplary_story_naming_people_needs_their_consent(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=story())
    with pytest.raises(ValidationError) as error:
        publish_article(actor=ward, article=article)
    assert "people_consent" in error.value.message_dict
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT

    article.people_consent = True
    article.consent_note = "Phiếu đồng ý ngày 10/11/2025"
    update_article(actor=ward, article=article)
    publish_article(actor=ward, article=article)
    assert Article.objects.get(pk=article.pk).is_published


def test_a_story_that_names_nobody_and_news_need_no_consent(demo_user):
    ward = demo_user("cadre_ward")
    publish_article(actor=ward, article=create_article(actor=ward, article=story(names_people=False)))
    news = create_article(actor=ward, article=new_article(names_people=True, title="Tin có tên"))
    publish_article(actor=ward, article=news)
    assert Article.objects.published().filter(pk=news.pk).exists()


def test_consent_cannot_be_withdrawn_while_published(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=story(people_consent=True))
    publish_article(actor=ward, article=article)
    article = Article.objects.get(pk=article.pk)
    article.people_consent = False
    with pytest.raises(ValidationError) as error:
        update_article(actor=ward, article=article)
    assert "people_consent" in error.value.message_dict
    assert Article.objects.get(pk=article.pk).people_consent


# --- Cover, photos, documents --------------------------------------------------------------


def test_the_cover_is_stripped_of_exif_and_needs_consent_to_publish(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(), cover=jpeg_upload(gps=True))
    article.refresh_from_db()
    assert article.cover.name.startswith("articles/covers/") and article.cover_width == 64
    with article.cover.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()
    with pytest.raises(ValidationError) as error:
        publish_article(actor=ward, article=article)
    assert "cover_people_consent" in error.value.message_dict
    article.cover_people_consent = True
    update_article(actor=ward, article=article)
    publish_article(actor=ward, article=article)


def test_a_cover_that_is_not_an_image_saves_nothing(demo_user):
    before = Article.objects.count()
    with pytest.raises(ValidationError) as error:
        create_article(actor=demo_user("cadre_ward"), article=new_article(), cover=pdf_upload("x.jpg"))
    assert "cover" in error.value.message_dict
    assert Article.objects.count() == before


def test_replacing_and_removing_the_cover_deletes_the_old_file(
    demo_user, media_root, django_capture_on_commit_callbacks
):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article(), cover=jpeg_upload())
    first = media_root / article.cover.name
    with django_capture_on_commit_callbacks(execute=True):
        update_article(actor=ward, article=article, cover=jpeg_upload())
    second = media_root / Article.objects.get(pk=article.pk).cover.name
    assert not first.exists() and second.exists()
    with django_capture_on_commit_callbacks(execute=True):
        update_article(actor=ward, article=Article.objects.get(pk=article.pk), remove_cover=True)
    assert not second.exists() and not Article.objects.get(pk=article.pk).cover


def test_photos_and_documents_are_added_changed_and_removed(
    demo_user, media_root, django_capture_on_commit_callbacks
):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    update_article_media(
        actor=ward,
        article=article,
        new_photos=[
            NewPhoto(file=jpeg_upload(gps=True), caption="Ra quân", people_consent=True),
            NewPhoto(file=jpeg_upload(), caption="Chưa đồng ý"),
        ],
        new_documents=[NewDocument(file=pdf_upload(), title="Kế hoạch số 12")],
    )
    first, second = article.photos.order_by("pk")
    [document] = article.attachments.all()
    assert document.title == "Kế hoạch số 12" and document.file.name.endswith(".pdf")
    assert "van-ban" not in document.file.name, "the uploader's file name is not kept"
    assert document.size == len(pdf_upload().read())
    assert list(ArticlePhoto.objects.filter(article=article).public()) == [first]
    with first.image.open("rb") as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()

    second.people_consent = True
    with django_capture_on_commit_callbacks(execute=True):
        update_article_media(actor=ward, article=article, kept_photos=[second], kept_documents=[])
    assert list(article.photos.all()) == [second] and article.photos.get().people_consent
    assert not (media_root / first.image.name).exists()
    assert not (media_root / document.file.name).exists()
    assert not article.attachments.exists()


def test_a_file_that_is_not_a_pdf_saves_nothing(demo_user, media_root):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    with pytest.raises(ValidationError) as error:
        update_article_media(
            actor=ward,
            article=article,
            new_photos=[NewPhoto(file=jpeg_upload())],
            new_documents=[NewDocument(file=pdf_upload(data=b"MZ\x90\x00 not a pdf"), title="Tài liệu")],
        )
    assert "documents" in error.value.message_dict
    assert not article.photos.exists() and not article.attachments.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_a_photo_of_another_article_cannot_be_kept(demo_user):
    ward = demo_user("cadre_ward")
    one = create_article(actor=ward, article=new_article())
    other = create_article(actor=ward, article=new_article())
    update_article_media(actor=ward, article=other, new_photos=[NewPhoto(file=jpeg_upload())])
    with pytest.raises(ValidationError):
        update_article_media(actor=ward, article=one, kept_photos=list(other.photos.all()))


def test_media_changes_are_audited(demo_user):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    update_article_media(actor=ward, article=article, new_photos=[NewPhoto(file=jpeg_upload())])
    photo = article.photos.get()
    [entry] = LogEntry.objects.get_for_object(photo)
    assert entry.actor == ward and entry.action == LogEntry.Action.CREATE


# --- Demo data -----------------------------------------------------------------------------


def test_the_demo_articles_are_seeded_once_and_follow_the_rules():
    Article.objects.filter(is_demo=True).delete()
    created = demo.seed(random.Random(1))
    assert created == len(demo.ARTICLES) >= 12
    assert demo.seed(random.Random(1)) == 0
    articles = Article.objects.filter(is_demo=True)
    assert articles.filter(status=ArticleStatus.DRAFT).count() >= 3
    assert set(articles.values_list("kind", flat=True)) == set(ArticleKind.values)
    for article in articles.select_related("organization"):
        article.full_clean()
        assert article.organization.valid_to is None, "demo articles belong to current organizations"
    stories = articles.filter(
        kind=ArticleKind.EXEMPLARY_STORY, names_people=True, status=ArticleStatus.PUBLISHED
    )
    assert stories.exists() and not stories.filter(people_consent=False).exists()
    assert all(demo.CONSENT_NOTE_MARKER in s.consent_note for s in stories)
    assert articles.filter(organization=la_gi_womens_union()).exists()
    assert articles.filter(organization=front(PHUOC_HOI), status=ArticleStatus.DRAFT).exists()
