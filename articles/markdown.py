"""Article bodies: Markdown rendered to HTML, then sanitised.

Cadres write Markdown; ``markdown`` turns it into HTML and ``nh3`` keeps only a safe set of
tags and attributes: no script, style or iframe, no ``on*`` handlers, no ``javascript:``
links. Images are kept only when they point at this site's own uploads (``MEDIA_URL``), so
an article never makes a reader's browser call another server. Headings are moved down one
level: the article's title is the page's only ``<h1>``.
"""

from __future__ import annotations

import re

import markdown as markdown_lib
import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a",
        "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "img",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Tags removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template"})
LINK_REL = "noopener nofollow"
EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

# nh3's output is normalised: text never contains a raw "<" and attribute values are
# always double-quoted with quotes escaped, so these patterns only ever match real tags.
_IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+="[^"]*")*)\s*/?>')
_HEADING = re.compile(r"<(/?)h([1-6])>")


def _media_prefix() -> str:
    return settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/" + settings.MEDIA_URL


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        prefix = _media_prefix()
        if not value.startswith(prefix) or value.startswith("//") or ".." in value:
            return None
    if tag in ("th", "td") and attribute == "align" and value not in ("left", "right", "center"):
        return None
    return value


def _drop_images_without_source(match: re.Match) -> str:
    return match.group(0) if ' src="' in match.group(1) else ""


def _demote_heading(match: re.Match) -> str:
    level = min(int(match.group(2)) + 1, 4)
    return f"<{match.group(1)}h{level}>"


def sanitize_html(html: str) -> str:
    """Keep only the allowed markup of ``html`` (the second line of defence, and for raw HTML)."""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
    )
    cleaned = _IMG_TAG.sub(_drop_images_without_source, cleaned)
    return _HEADING.sub(_demote_heading, cleaned)


def render_markdown(text: str) -> SafeString:
    """The sanitised HTML of a Markdown ``text``, safe to put in a page."""
    html = markdown_lib.markdown(
        text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised just above
