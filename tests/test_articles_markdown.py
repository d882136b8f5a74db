"""Headings of article bodies: renumbered under the page's <h1>, never skipping a level.

The rule is in ``articles.markdown``'s docstring: the highest level written becomes ``<h2>``,
a heading under another is one level below it, at most ``<h6>``.
"""

from __future__ import annotations

import re

import pytest

from articles.markdown import render_markdown
from articles.models import Article, ArticleStatus
from articles.slugs import slug_from_title
from demo import articles as demo

_HEADING = re.compile(r"<h([1-6])[\s>]")


def heading_levels(html: str) -> list[int]:
    return [int(level) for level in _HEADING.findall(html)]


def skipped_levels(levels: list[int], *, after: int = 1) -> list[tuple[int, int]]:
    """(previous, next) pairs where ``next`` goes more than one level deeper; ``after`` is the page's h1."""
    skips = []
    previous = after
    for level in levels:
        if level > previous + 1:
            skips.append((previous, level))
        previous = level
    return skips


def test_the_checker_finds_a_skipped_level():
    assert skipped_levels([2, 4]) == [(2, 4)]
    assert skipped_levels([3]) == [(1, 3)]
    assert skipped_levels([2, 3, 4, 2, 3]) == []


def test_a_top_level_heading_becomes_h2():
    html = render_markdown("# Một\n\nĐoạn văn.")
    assert "<h2>Một</h2>" in html
    assert "<h1" not in html


def test_a_second_level_heading_under_a_first_becomes_h3():
    assert heading_levels(render_markdown("# Một\n\n## Hai\n\n## Ba")) == [2, 3, 3]


def test_a_body_starting_at_h3_starts_at_h2():
    html = render_markdown("### Một\n\nĐoạn.\n\n#### Hai\n\n### Ba")
    assert "<h2>Một</h2>" in html and "<h3>Hai</h3>" in html and "<h2>Ba</h2>" in html


def test_a_body_using_only_h2_renders_h2():
    assert heading_levels(render_markdown("## Một\n\n## Hai")) == [2, 2]


def test_no_level_is_skipped_when_the_author_skips_one():
    html = render_markdown("# Một\n\n### Hai\n\n##### Ba\n\n### Bốn\n\n## Năm\n\n# Sáu")
    assert heading_levels(html) == [2, 3, 4, 3, 3, 2]
    assert skipped_levels(heading_levels(html)) == []


def test_closing_tags_match_their_renumbered_opening_tags():
    html = render_markdown("# Một\n\n### Hai")
    assert "<h2>Một</h2>" in html and "<h3>Hai</h3>" in html


def test_headings_stop_at_h6():
    html = render_markdown("# 1\n\n## 2\n\n### 3\n\n#### 4\n\n##### 5\n\n###### 6\n\n<h1>7</h1>\n\n## 8")
    assert heading_levels(html) == [2, 3, 4, 5, 6, 6, 2, 3]
    assert "<h6>6</h6>" in html and "<h7" not in html


def test_raw_html_headings_follow_the_same_rule():
    html = render_markdown('<h1 class="x" onclick="alert(1)">Một</h1>\n\n<h4>Hai</h4>')
    assert heading_levels(html) == [2, 3]
    assert "onclick" not in html and "class=" not in html


@pytest.mark.parametrize(
    "article", demo.ARTICLES, ids=[slug_from_title(article.title)[:40] for article in demo.ARTICLES]
)
def test_no_demo_article_skips_a_heading_level(article):
    levels = heading_levels(render_markdown(article.body + demo.DEMO_NOTE))
    assert skipped_levels(levels) == [], levels


@pytest.mark.django_db
def test_no_published_demo_article_page_skips_a_heading_level(client):
    articles = list(Article.objects.filter(is_demo=True, status=ArticleStatus.PUBLISHED))
    assert articles
    for article in articles:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        levels = heading_levels(response.content.decode())
        assert levels[:1] == [1] and levels.count(1) == 1, (article.slug, levels)
        assert skipped_levels(levels[1:]) == [], (article.slug, levels)
