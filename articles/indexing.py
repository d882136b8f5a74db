"""Published articles in the public search (``core.search``).

``register`` is called from ``ArticlesConfig.ready``; the services call ``article_changed``
after the transaction commits, for every article whose public face changed (published,
changed while published, or unpublished): its entry is added, refreshed or removed. Only the
public text goes into the index: never consent notes, drafts or the author.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import search

from .models import Article, ArticleKind, ArticleStatus


def public_articles() -> QuerySet:
    return Article.objects.published().select_related("organization", "unit").order_by("pk")


def article_document(article: Article) -> search.SearchDocument | None:
    if (
        article.status != ArticleStatus.PUBLISHED
        or article.published_at is None
        or article.published_at > timezone.now()
    ):
        return None
    from core.search import labels_in_all_languages

    where = [article.organization.name]
    if article.unit_id is not None:
        where.append(article.unit.name)
    return search.SearchDocument(
        title=article.title,
        url=reverse("articles:detail", args=[article.slug]),
        text=" ".join([article.body, labels_in_all_languages(ArticleKind, article.kind), *where]),
        summary=article.summary,
        date=timezone.localdate(article.published_at),
        subtype=article.kind,
        is_demo=article.is_demo,
    )


def register() -> None:
    search.register(
        Article,
        result_type="article",
        label=_("Article"),
        to_document=article_document,
        public_objects=lambda: public_articles().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(ArticleKind.choices),
        # After units and organizations, before activities when they match equally well.
        weight=2,
    )


def article_changed(article_id: int) -> None:
    """Add, refresh or remove the search entry of one article."""
    article = Article.objects.select_related("organization", "unit").filter(pk=article_id).first()
    if article is None:
        search.unindex_id(Article, article_id)
    else:
        search.index(article)
