"""Who may download an uploaded file of an article.

The media view (``core.media``) asks ``can_serve(user, path)`` for every path under
``MEDIA_PREFIX``. The cover, the consented gallery photos and the documents of a published
article are public; everything else (a draft's files, photos of people who did not
consent) is served only to cadres who may see the article.
"""

from __future__ import annotations

from core.media import owner_allows

from .models import Article, ArticleAttachment, ArticlePhoto

MEDIA_PREFIX = "articles/"


def can_serve(user, path: str) -> bool:
    """Whether ``user`` may download the file stored at ``path`` (relative to MEDIA_ROOT)."""
    if not path.startswith(MEDIA_PREFIX) or ".." in path.split("/"):
        return False
    return owner_allows(
        user, _owner(path), published=Article.objects.published(), visible_to=Article.objects.visible_to
    )


def _owner(path: str) -> tuple[int, bool] | None:
    """The article a file belongs to, and whether it is public once the article is published."""
    if path.startswith("articles/photos/"):
        return ArticlePhoto.objects.filter(image=path).values_list("article_id", "people_consent").first()
    if path.startswith("articles/documents/"):
        article = ArticleAttachment.objects.filter(file=path).values_list("article_id", flat=True).first()
        return None if article is None else (article, True)
    if path.startswith("articles/covers/"):
        return Article.objects.filter(cover=path).values_list("pk", "cover_people_consent").first()
    return None
