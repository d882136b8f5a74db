"""Uploads, media and headers, tried as an attacker would.

Before: a 546 kB 12000 × 12000 PNG was accepted (1.8 GB to decode); a file that only started with
``%PDF-`` was accepted and served inline; public photos were kept 30 days by shared caches, even
after consent was withdrawn; any query string made a new page-cache entry; no
Content-Security-Policy or Permissions-Policy.
"""

from __future__ import annotations

import io
import zlib

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from articles.documents import check_pdf
from articles.models import ArticleAttachment
from articles.services import NewDocument, create_article, publish_article, update_article_media
from core import media
from core.caching import PAGE_KEY_PREFIX
from core.images import process_photo
from tests.test_articles_common import FAKE_PDF, new_article, pdf_upload

pytestmark = pytest.mark.django_db


def huge_png(width: int = 12000, height: int = 12000) -> bytes:
    """A PNG whose header says width × height, with a tiny compressed body (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    row = b"\x00" + b"\x00" * width
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(64)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def test_an_image_over_the_pixel_limit_is_refused_before_it_is_decoded(monkeypatch):
    from PIL import ImageFile

    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: decoded.append(self) or None)
    upload = SimpleUploadedFile("bomb.png", huge_png(), content_type="image/png")
    assert upload.size < 600_000
    with pytest.raises(ValidationError) as error:
        process_photo(upload)
    assert error.value.code == "too_many_pixels"
    assert not decoded


@override_settings(PHOTO_MAX_SOURCE_PIXELS=1_000_000)
def test_the_pixel_limit_is_a_setting():
    buffer = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (1200, 900)).save(buffer, format="PNG")
    with pytest.raises(ValidationError):
        process_photo(SimpleUploadedFile("p.png", buffer.getvalue()))
    buffer = io.BytesIO()
    Image.new("RGB", (1000, 900)).save(buffer, format="PNG")
    assert process_photo(SimpleUploadedFile("p.png", buffer.getvalue())).size > 0


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        check_pdf(pdf_upload(data=FAKE_PDF))
    assert error.value.code == "not_a_pdf"
    check_pdf(pdf_upload())


@pytest.mark.usefixtures("media_root")
def test_a_pdf_is_served_as_a_sandboxed_attachment(demo_user, client):
    ward = demo_user("cadre_ward")
    article = create_article(actor=ward, article=new_article())
    update_article_media(
        actor=ward, article=article, new_documents=[NewDocument(file=pdf_upload(), title="Văn bản")]
    )
    publish_article(actor=ward, article=article)
    document = ArticleAttachment.objects.get(article=article).file
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert media.MEDIA_CSP.startswith("sandbox")


def _page_entries() -> int:
    from django.db import connection

    table = connection.ops.quote_name("portal_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE cache_key LIKE %s", [f"%{PAGE_KEY_PREFIX}%"])
        return cursor.fetchone()[0]


@pytest.mark.parametrize("path", ["/", "/activities/", "/search/"])
def test_junk_query_strings_share_the_clean_pages_cache_entry(path, settings):
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.db.DatabaseCache":
        pytest.skip("counts the rows of the database cache")
    cache.clear()
    client = Client()
    clean = client.get(path)
    assert clean.status_code == 200
    before = _page_entries()
    for n in range(20):
        response = client.get(path, {f"junk{n}": n, "utm_source": "x" * n})
        assert response.status_code == 200 and response.content == clean.content
    assert _page_entries() == before


def test_a_parameter_the_page_reads_still_makes_its_own_entry():
    client = Client()
    everything = client.get("/activities/")
    visits = client.get("/activities/", {"kind": "visit", "junk": "1"})
    assert visits.status_code == 200 and visits.content != everything.content
    assert client.get("/activities/", {"kind": "visit"}).content == visits.content


@pytest.mark.parametrize("role", [None, "cadre_ward"], ids=["public page", "cadre page"])
def test_csp_and_permissions_policy_are_sent(role, login_as, settings):
    settings.DEBUG = False
    client = login_as(role)
    response = client.get("/" if role is None else "/cadre/")
    assert response.status_code == 200
    csp = {part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split("; ")}
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy
    # A second visit, from the page cache, carries them too.
    again = login_as(role).get("/" if role is None else "/cadre/")
    assert again["Content-Security-Policy"] == response["Content-Security-Policy"]


def test_no_template_has_an_inline_script():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    inline = [
        str(path)
        for path in templates.rglob("*.html")
        if re.search(
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", path.read_text()
        )
        or re.search(r"\son[a-z]+=\"", path.read_text())
    ]
    assert not inline, inline
