"""A form sent twice saves once (core.idempotency): an article written, published and unpublished, a
resident's consent withdrawn, a position added to an organization. Posted again with its key, each
form is answered with the first result and recorded once; an uploaded photo sent again leaves no
second file behind."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from articles.models import Article
from articles.services import publish_article
from organizations.models import Position
from tests.cadre_common import WOMEN_PHUOC_HOI, current_org
from tests.concerns_common import withdraw_url
from tests.helpers import (
    EITHER_REPEAT,
    CreateForm,
    assert_saved_once,
    either_repeat_of_each,
    post_twice,
)
from tests.test_articles_common import jpeg_upload
from tests.test_articles_views_cadre import form_data
from tests.test_form_keys_social import HOUSE_PHOTO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def position_data() -> dict:
    return {
        "new_full_name": "KEY-POSITION Lê Thị Mới",
        "new_gender": "female",
        "new_birth_year": "1985",
        "title": "vice_chair",
        "start": "2025-10-01",
        "decision_number": "15/QĐ-HPN",
    }


ARTICLE = CreateForm(
    "cadre_ward",
    "articles_cadre:create",
    lambda: form_data(
        title="KEY-ARTICLE Ngày Chủ nhật xanh", cover_upload=jpeg_upload(), cover_caption="Ra quân"
    ),
    Article,
)
FORMS = [
    ARTICLE,
    CreateForm(
        "cadre_ward",
        "cadre:position_create",
        position_data,
        Position,
        lambda: current_org(WOMEN_PHUOC_HOI),
    ),
]


@pytest.mark.parametrize("form, forget_cookie", either_repeat_of_each(FORMS))
def test_each_form_sent_twice_records_once(login_as, form, forget_cookie):
    form.assert_saved_once(login_as, forget_cookie=forget_cookie)


@EITHER_REPEAT
@pytest.mark.parametrize("step", ["publish", "unpublish"])
def test_an_article_published_or_unpublished_twice_changes_once(
    login_as, ward_draft, demo_user, step, forget_cookie
):
    if step == "unpublish":
        publish_article(actor=demo_user("cadre_ward"), article=ward_draft)
    assert_saved_once(
        login_as("cadre_ward"),
        reverse(f"articles_cadre:{step}", args=[ward_draft.pk]),
        {},
        LogEntry.objects.get_for_object(ward_draft),
        forget_cookie=forget_cookie,
    )
    assert Article.objects.get(pk=ward_draft.pk).is_published == (step == "publish")


@EITHER_REPEAT  # nothing is left to erase
def test_consent_withdrawn_twice_is_one_event(login_as, own_concern, forget_cookie):
    assert_saved_once(
        login_as("cadre_ward"),
        withdraw_url(own_concern),
        {"withdraw-confirm": "on", "withdraw-note": ""},
        own_concern.events.all(),
        forget_cookie=forget_cookie,
    )
    own_concern.refresh_from_db()
    assert (own_concern.resident_name, own_concern.resident_phone) == ("", "")


# --- an uploaded photo sent again ----------------------------------------------------------------


@EITHER_REPEAT
@pytest.mark.parametrize("form", [ARTICLE, HOUSE_PHOTO], ids=lambda form: form.url_name)
def test_a_photo_sent_twice_is_stored_once(login_as, media_root, form, forget_cookie):
    post_twice(login_as(form.user), form.url(), form.data(), forget_cookie=forget_cookie)
    files = [path for path in media_root.rglob("*") if path.is_file()]
    assert len(files) == 1, files
