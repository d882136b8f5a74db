"""Helpers shared by the article tests: demo organizations, a valid article, uploads, many
published articles at once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from articles.models import Article, ArticleKind, ArticleStatus
from organizations.models import Organization, OrganizationKind
from tests.helpers import la_gi_womens_union

from .test_activities_common import jpeg_bytes

PHUOC_HOI = "LD-PPHUOCHOI"
LA_GI = "LD-PLAGI"


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF (blank pages) that pypdf reads back: the upload check parses the document."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = pdf_bytes()
# Starts like a PDF, and is not one: refused since the check parses the document.
FAKE_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n<html><script>alert(1)</script>"


def front(unit_code: str = PHUOC_HOI) -> Organization:
    """The current Front committee of a new unit."""
    return Organization.objects.get(unit__code=unit_code, kind=OrganizationKind.FRONT_COMMITTEE)


def new_article(organization: Organization | None = None, **fields) -> Article:
    values = {
        "kind": ArticleKind.NEWS,
        "title": "Ra quân làm sạch bãi biển Phước Hội",
        "summary": "Hơn 200 đoàn viên, hội viên cùng người dân làm sạch bãi biển.",
        "body": "Sáng Chủ nhật, **hơn 200 người** đã tham gia.\n\n## Kết quả\n\n- 2 tấn rác",
        "organization": organization or front(),
        "names_people": False,
    }
    values.update(fields)
    return Article(**values)


def stored_article(organization: Organization | None = None, *, published: bool = False, **fields) -> Article:
    """An article saved directly (not through the services), for view tests."""
    article = new_article(organization, **fields)
    article.slug = fields.get("slug") or f"test-{Article.objects.count()}-{timezone.now().timestamp():.0f}"
    if published:
        article.status = ArticleStatus.PUBLISHED
        article.published_at = timezone.now() - datetime.timedelta(hours=1)
    article.save()
    return article


def jpeg_upload(name: str = "anh.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def pdf_upload(name: str = "van-ban.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


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


@pytest.mark.django_db
def test_the_demo_organizations_the_tests_rely_on_exist():
    assert front().unit.code == PHUOC_HOI
    assert front(LA_GI).valid_to is None
    assert la_gi_womens_union().parent is None
