"""Public pages of articles: the list of published articles and an article's page.

Only published articles are ever loaded here (``Article.objects.published()``): a draft's
address is a 404 for the public. Gallery photos are shown only when the people in them
agreed. The pages are the same for every visitor, so they are cached for anonymous ones.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from core.caching import cache_public_page
from core.views import paginate

from .forms import PublicKindForm
from .models import Article, ArticleAttachment, ArticleKind, ArticlePhoto

PAGE_SIZE = 25
LIST_FIELDS = ("kind", "title", "slug", "summary", "published_at", "is_demo", "organization__name")


def public_articles():
    """Published articles with what an article's page shows, in three queries."""
    return (
        Article.objects.published()
        .select_related("organization", "unit")
        .prefetch_related(
            Prefetch("photos", queryset=ArticlePhoto.objects.public(), to_attr="public_photos"),
            Prefetch("attachments", queryset=ArticleAttachment.objects.order_by("pk")),
        )
    )


@cache_public_page(params=("kind", "page"))
def article_list(request: HttpRequest) -> HttpResponse:
    form = PublicKindForm(request.GET or None)
    articles = Article.objects.published().select_related("organization").only(*LIST_FIELDS)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    if kind:
        articles = articles.filter(kind=kind)
    page = paginate(request, articles.order_by("-published_at", "-pk"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "kind_label": ArticleKind(kind).label if kind else "",
    }
    return render(request, "articles/public_list.html", context)


@cache_public_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(public_articles(), slug=slug)
    return render(request, "articles/public_detail.html", {"article": article})
