"""Template filters of articles: ``markdown`` (rendered and sanitised) and ``youtube_id``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from articles.markdown import render_markdown
from core.video import safe_youtube_id

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """``{{ article.body|markdown }}``: the sanitised HTML of a Markdown text."""
    return render_markdown(text)


@register.filter(name="youtube_id")
def youtube_id_filter(url: str) -> str:
    """``{{ activity.video_url|youtube_id }}``: the video id of a YouTube link, or ""."""
    return safe_youtube_id(url)
