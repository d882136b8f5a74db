"""Articles' content helpers: Markdown sanitisation, web addresses, YouTube links, PDF checks."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from articles.documents import check_pdf
from articles.markdown import render_markdown
from articles.slugs import slug_from_title, strip_diacritics, unique_slug
from core.video import YouTubeURLField, embed_url, safe_youtube_id, youtube_id

from .test_articles_common import PDF, pdf_upload

# --- Markdown ------------------------------------------------------------------------------


def test_allowed_markup_is_kept():
    html = render_markdown(
        "## Tiêu đề\n\nĐoạn **đậm** và *nghiêng* với `mã`.\n\n- một\n- hai\n\n1. a\n2. b\n\n"
        "> trích dẫn\n\n```\nkhối mã\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        '[Cổng thông tin](https://example.vn/trang "Tiêu đề")'
    )
    for fragment in (
        "<h2>Tiêu đề</h2>",
        "<strong>đậm</strong>",
        "<em>nghiêng</em>",
        "<code>mã</code>",
        "<ul>",
        "<ol>",
        "<li>một</li>",
        "<blockquote>",
        "<pre><code>khối mã",
        "<table>",
        "<th>a</th>",
        "<td>1</td>",
        'href="https://example.vn/trang"',
        'title="Tiêu đề"',
    ):
        assert fragment in html, fragment


def test_links_get_noopener_nofollow():
    html = render_markdown("[a](https://example.vn)")
    assert 'rel="noopener nofollow"' in html


def test_headings_move_down_so_the_title_stays_the_only_h1():
    html = render_markdown("# Một\n\n## Hai\n\n###### Sáu")
    assert "<h1" not in html
    assert "<h2>Một</h2>" in html and "<h3>Hai</h3>" in html and "<h4>Sáu</h4>" in html


def test_script_tags_are_removed_with_their_content():
    html = render_markdown(
        "Xin chào <script>alert('x')</script>\n\n<script src=https://evil.test/x.js></script>"
    )
    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "Xin chào" in html


def test_style_and_iframes_are_removed():
    html = render_markdown(
        '<style>body{display:none}</style>\n\n<iframe src="https://evil.test/">x</iframe>\n\n'
        '<object data="x.swf"></object><embed src="y">'
    )
    lowered = html.lower()
    for tag in ("<style", "<iframe", "<object", "<embed", "display:none", "evil.test"):
        assert tag not in lowered


def test_event_handler_attributes_are_removed():
    html = render_markdown(
        '<img src="/media/articles/photos/a.jpg" onerror="alert(1)" alt="ảnh">\n\n'
        '<a href="https://example.vn" onclick="alert(2)" onmouseover="alert(3)">x</a>\n\n'
        '<p onload="alert(4)" style="color:red">y</p>'
    )
    assert "onerror" not in html and "onclick" not in html and "onmouseover" not in html
    assert "onload" not in html and "style=" not in html and "alert" not in html
    assert '<img src="/media/articles/photos/a.jpg" alt="ảnh">' in html


def test_javascript_links_are_neutralised():
    html = render_markdown(
        '[bấm](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">b</a> '
        '<a href="data:text/html;base64,PHNjcmlwdD4=">c</a> <a href=" javascript:alert(3)">d</a>'
    )
    assert "javascript" not in html.lower()
    assert "data:" not in html
    assert "bấm" in html


def test_images_only_from_this_sites_uploads():
    html = render_markdown(
        "![ảnh của trang](/media/articles/photos/a.jpg)\n\n"
        "![ảnh bên ngoài](https://tracker.test/pixel.gif)\n\n"
        "![giao thức tương đối](//tracker.test/p.gif)\n\n"
        '<img src="https://tracker.test/x.gif" alt="ngoài">'
    )
    assert 'src="/media/articles/photos/a.jpg"' in html
    assert "tracker.test" not in html
    assert html.count("<img") == 1


def test_disallowed_tags_keep_their_text():
    html = render_markdown("<div><form action=/x><input name=a>Nội dung</form></div>")
    assert "<div" not in html and "<form" not in html and "<input" not in html
    assert "Nội dung" in html


def test_the_template_filter_renders_sanitised_html():
    template = Template("{% load article_tags %}{{ body|markdown }}")
    html = template.render(Context({"body": "**a** <script>x()</script>"}))
    assert html == "<p><strong>a</strong> </p>"


# --- Web addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ngày hội Đại đoàn kết toàn dân tộc", "ngay-hoi-dai-doan-ket-toan-dan-toc"),
        ("Phường Phước Hội", "phuong-phuoc-hoi"),
        ("ĐOÀN TNCS HỒ CHÍ MINH", "doan-tncs-ho-chi-minh"),
        ("Sắp xếp từ ngày 1/7/2025: hỏi – đáp", "sap-xep-tu-ngay-1-7-2025-hoi-dap"),
        ("Mô hình “Dân vận khéo”!", "mo-hinh-dan-van-kheo"),
        ("“”!!", "bai-viet"),
    ],
)
def test_slug_from_a_vietnamese_title(title, slug):
    assert slug_from_title(title) == slug


def test_decomposed_marks_give_the_same_slug():
    import unicodedata

    title = "Phước Hội đón Tết"
    assert (
        slug_from_title(unicodedata.normalize("NFD", title)) == slug_from_title(title) == "phuoc-hoi-don-tet"
    )


def test_strip_diacritics_turns_d_with_stroke_into_d():
    assert strip_diacritics("Đoàn đại biểu") == "Doan dai bieu"


def test_a_long_title_is_cut_at_a_word_boundary():
    slug = slug_from_title("Tuyên truyền " * 40)
    assert len(slug) <= 192
    assert ("tuyen-truyen-" * 40).startswith(slug + "-")


def test_unique_slug_adds_a_number_when_taken():
    taken = {"tin-moi", "tin-moi-2"}
    assert unique_slug("Tin mới", taken=taken.__contains__) == "tin-moi-3"
    assert unique_slug("Tin khác", taken=taken.__contains__) == "tin-khac"


# --- YouTube -------------------------------------------------------------------------------

VIDEO = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={VIDEO}",
        f"https://youtube.com/watch?v={VIDEO}&t=42s",
        f"http://m.youtube.com/watch?feature=share&v={VIDEO}",
        f"https://youtu.be/{VIDEO}",
        f"https://youtu.be/{VIDEO}?si=abc",
        f"https://www.youtube.com/shorts/{VIDEO}",
        f"https://www.youtube.com/embed/{VIDEO}",
        f"https://www.youtube-nocookie.com/embed/{VIDEO}",
        f"  https://www.youtube.com/watch?v={VIDEO}  ",
    ],
)
def test_youtube_links_give_the_video_id(url):
    assert youtube_id(url) == VIDEO


@pytest.mark.parametrize(
    "url",
    [
        f"https://vimeo.com/{VIDEO}",
        f"https://www.youtube.com.evil.test/watch?v={VIDEO}",
        f"https://evil.test/youtube.com/watch?v={VIDEO}",
        f"https://notyoutube.com/watch?v={VIDEO}",
        f"ftp://www.youtube.com/watch?v={VIDEO}",
        f"javascript://www.youtube.com/watch?v={VIDEO}",
        f"https://user@www.youtube.com/watch?v={VIDEO}",
        "https://www.youtube.com/channel/UC123",
        f"https://www.youtube-nocookie.com/shorts/{VIDEO}",
        "not a link",
    ],
)
def test_other_hosts_and_pages_are_rejected(url):
    with pytest.raises(ValidationError) as error:
        youtube_id(url)
    assert error.value.code == "not_youtube"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQx",
        "https://www.youtube.com/watch?v=dQw4w9W%3CXcQ",
        "https://www.youtube.com/watch",
        f"https://www.youtube.com/watch?v={VIDEO}&v=abcdefghijk",
        "https://youtu.be/",
        'https://youtu.be/dQw4w9WgXc"',
        "https://www.youtube.com/shorts/<script>abc",
    ],
)
def test_a_bad_video_id_is_rejected(url):
    with pytest.raises(ValidationError) as error:
        youtube_id(url)
    assert error.value.code == "bad_id"


def test_the_error_messages_are_translated():
    with pytest.raises(ValidationError) as error:
        youtube_id("https://vimeo.com/1")
    with translation.override("en"):
        assert error.value.messages[0].startswith("Enter a link to a YouTube video")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        YouTubeURLField(required=False).clean("https://vimeo.com/1")
    with translation.override("en"):
        assert error.value.messages[0].startswith("Enter a link to a YouTube video")


def test_the_form_field_assumes_https():
    assert YouTubeURLField(required=False).clean(f"youtu.be/{VIDEO}") == f"https://youtu.be/{VIDEO}"


def test_safe_id_and_embed_url():
    assert safe_youtube_id("") == "" and safe_youtube_id("https://evil.test/") == ""
    assert embed_url(VIDEO).startswith(f"https://www.youtube-nocookie.com/embed/{VIDEO}")


def test_the_video_include_makes_no_request_to_youtube_before_the_click():
    html = Template('{% include "articles/_video.html" with video_id=v video_title="T" %}').render(
        Context({"v": VIDEO})
    )
    assert "<iframe" not in html
    assert "i.ytimg.com" not in html and "<img" not in html
    assert f'href="https://www.youtube.com/watch?v={VIDEO}"' in html
    assert f'data-video-embed="https://www.youtube-nocookie.com/embed/{VIDEO}' in html
    assert "articles/video.js" in html


def test_the_video_include_shows_nothing_without_an_id():
    assert Template('{% include "articles/_video.html" with video_id="" %}').render(Context()).strip() == ""


# --- PDF documents -------------------------------------------------------------------------


def test_a_pdf_is_accepted():
    check_pdf(pdf_upload(data=PDF))


def test_a_file_named_pdf_that_is_not_one_is_rejected():
    with pytest.raises(ValidationError) as error:
        check_pdf(pdf_upload(data=b"<html><script>alert(1)</script></html>"))
    assert error.value.code == "not_a_pdf"


def test_the_signature_must_be_at_the_start():
    with pytest.raises(ValidationError):
        check_pdf(pdf_upload(data=b"junk%PDF-1.4"))


def test_an_empty_file_is_rejected():
    with pytest.raises(ValidationError) as error:
        check_pdf(pdf_upload(data=b""))
    assert error.value.code == "empty"


def test_a_big_pdf_is_rejected_with_its_size(settings):
    settings.ARTICLE_DOCUMENT_MAX_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as error:
        check_pdf(pdf_upload(data=PDF + b"0" * 2000))
    assert error.value.code == "too_big"
    assert "The document is too big" in error.value.messages[0]
    assert "the limit is 1" in error.value.messages[0]
