"""Article bodies: Markdown rendered to HTML, then sanitised.

Cadres write Markdown; ``markdown`` turns it into HTML and ``nh3`` keeps only a safe set of
tags and attributes: no script, style or iframe, no ``on*`` handlers, no ``javascript:``
links. Images are kept only when they point at this site's own uploads (``MEDIA_URL``), so
an article never makes a reader's browser call another server.

Headings are renumbered to sit under the page's ``<h1>`` (the article's title, the page's only
one), following the outline the author wrote rather than the number of ``#``: the highest level
written in the body becomes ``<h2>``, a heading under another is one level below it, and levels
never skip. So ``#`` gives ``<h2>`` and ``##`` under it ``<h3>``; a body whose headings are all
``##`` (or all ``###``) gives ``<h2>``; ``#`` followed by ``###`` gives ``<h2>`` then ``<h3>``;
a heading deeper than ``<h6>`` stays ``<h6>``. Precisely: a heading closes every open heading
written at its level or deeper, and is rendered one level below the innermost one still open
(``<h2>`` when none is).
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
# The body's headings sit under the page's <h1>, from <h2> down to at most <h6>.
FIRST_HEADING_LEVEL = 2
LAST_HEADING_LEVEL = 6

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


def _renumber_headings(html: str) -> str:
    """``html`` with its headings renumbered under the page's ``<h1>`` (see the module docstring).

    Headings never nest in nh3's output, so a closing tag belongs to the last opening one.
    """
    # (written level, rendered level) of the headings still open, outermost first.
    open_headings: list[tuple[int, int]] = []
    rendered = FIRST_HEADING_LEVEL

    def renumber(match: re.Match) -> str:
        nonlocal rendered
        closing, written = match.group(1), int(match.group(2))
        if not closing:
            while open_headings and open_headings[-1][0] >= written:
                open_headings.pop()
            parent = open_headings[-1][1] if open_headings else FIRST_HEADING_LEVEL - 1
            rendered = min(parent + 1, LAST_HEADING_LEVEL)
            open_headings.append((written, rendered))
        return f"<{closing}h{rendered}>"

    return _HEADING.sub(renumber, html)


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
    return _IMG_TAG.sub(_drop_images_without_source, cleaned)


def render_markdown(text: str) -> SafeString:
    """The sanitised HTML of a Markdown ``text``, safe to put in a page."""
    html = markdown_lib.markdown(
        text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return mark_safe(_renumber_headings(sanitize_html(html)))  # noqa: S308 - sanitised just above
