"""Permission-matrix rows for the articles app's URLs (see tests/matrix.py).

The objects are the demo articles of Phường Phước Hội (the ward cadre's own, outside the
Women's Union scope): a draft policy explanation and a published news article.
"""

from __future__ import annotations

import random

from articles.models import Article, ArticleKind, ArticleStatus
from demo import articles as demo
from tests.matrix import CADRE, PH_READ, PH_WRITE, PUBLIC, ROLES, WRITE, Row

# A POST action: writers in scope are sent back to the article, the read-only cadre gets 403,
# a cadre of another scope 404, and an anonymous visitor is sent to the login.
PH_ACTION = dict.fromkeys(ROLES, 302) | {"cadre_women": 404, "board_member": 404, "cadre_viewer": 403}


def _ph_article(status: str) -> Article:
    if not Article.objects.filter(is_demo=True).exists():
        demo.seed(random.Random(2025))
    return (
        Article.objects.filter(
            organization__unit__code="LD-PPHUOCHOI",
            status=status,
            kind__in=[ArticleKind.NEWS, ArticleKind.POLICY],
        )
        .order_by("pk")
        .first()
    )


def ph_draft() -> Article:
    return _ph_article(ArticleStatus.DRAFT)


def ph_published() -> Article:
    return _ph_article(ArticleStatus.PUBLISHED)


ROWS: dict[str, Row] = {
    "articles:list": Row(PUBLIC),
    "articles:detail": Row(PUBLIC, lambda: {"slug": ph_published().slug}),
    "articles_cadre:list": Row(CADRE),
    "articles_cadre:create": Row(WRITE),
    "articles_cadre:preview": Row(PH_READ, lambda: {"pk": ph_draft().pk}),
    "articles_cadre:edit": Row(PH_WRITE, lambda: {"pk": ph_draft().pk}),
    "articles_cadre:media": Row(PH_WRITE, lambda: {"pk": ph_draft().pk}),
    "articles_cadre:publish": Row(PH_ACTION, lambda: {"pk": ph_draft().pk}, method="post"),
    "articles_cadre:unpublish": Row(PH_ACTION, lambda: {"pk": ph_published().pk}, method="post"),
}
