"""Who may download the files of an article (cover, photos, documents) before and after it is
published; and the YouTube video of an activity: its player on the page and the check of the link."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from activities.models import Activity
from articles.media import can_serve
from articles.models import ArticleAttachment, ArticlePhoto
from articles.services import NewDocument, NewPhoto, create_article, publish_article, update_article_media

from .test_articles_common import PHUOC_HOI, jpeg_upload, new_article, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


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
