"""Cadre screens of articles: list, write, preview, publish and unpublish, photos and documents.

Articles are always fetched through ``Article.objects.visible_to`` / ``editable_by``: outside
the scope is a 404; visible but not changeable is a 403. Writes go through
``articles.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import paginate
from organizations.scoping import require_write_scope, scope_for

from .forms import ArticleFilter, ArticleForm, ExistingDocumentFormSet, ExistingPhotoFormSet, NewMediaForm
from .models import Article, ArticleAttachment, ArticlePhoto
from .services import (
    NewDocument,
    NewPhoto,
    create_article,
    publish_article,
    unpublish_article,
    update_article,
    update_article_media,
)

PAGE_SIZE = 25
# The service names the cover "cover"; the form's upload field is "cover_upload".
COVER_ERRORS = {"cover": "cover_upload"}
LIST_FIELDS = (
    "kind", "title", "status", "published_at", "created_at", "updated_at", "is_demo",
    "organization__name", "unit__name",
)  # fmt: skip


def _visible(user, pk: int, queryset=None) -> Article:
    return get_object_or_404(queryset if queryset is not None else Article.objects.visible_to(user), pk=pk)


def _editable(user, pk: int) -> Article:
    """The article if the user may change it; 404 outside the scope, 403 when only readable."""
    article = get_object_or_404(Article.objects.visible_to(user).select_related("organization"), pk=pk)
    if not Article.objects.editable_by(user).filter(pk=article.pk).exists():
        raise PermissionDenied
    return article


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    articles = (
        Article.objects.visible_to(user)
        .select_related("organization", "unit")
        .only(*LIST_FIELDS)
        .order_by("-created_at", "-pk")
    )
    filterset = ArticleFilter(request.GET or None, queryset=articles, request=request)
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "articles/cadre_list.html",
        {"filter": filterset, "page": page, "can_create": scope_for(user).can_write},
    )


@login_required
def article_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_write_scope(user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ArticleForm(data, files, instance=Article(), user=user)
    if data is not None and form.is_valid():
        try:
            article = create_article(
                actor=user, article=form.instance, cover=form.cleaned_data["cover_upload"]
            )
        except ValidationError as exc:
            _add_errors(exc, form, field_map=COVER_ERRORS)
        else:
            messages.success(request, _("The draft was saved. Check the preview, then publish it."))
            return redirect(article.get_cadre_url())
    return render(request, "articles/form.html", {"form": form, "article": None, "title": _("New article")})


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    article = _editable(user, pk)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ArticleForm(data, files, instance=article, user=user)
    if data is not None and form.is_valid():
        try:
            article = update_article(
                actor=user,
                article=form.instance,
                cover=form.cleaned_data["cover_upload"],
                remove_cover=bool(form.cleaned_data.get("remove_cover")),
            )
        except ValidationError as exc:
            _add_errors(exc, form, field_map=COVER_ERRORS)
        else:
            messages.success(request, _("The article was saved."))
            return redirect(article.get_cadre_url())
    title = _("Edit: %(title)s") % {"title": article.title}
    return render(request, "articles/form.html", {"form": form, "article": article, "title": title})


@login_required
def article_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as the public will see it, with its status and the actions on it."""
    user = request.user
    queryset = (
        Article.objects.visible_to(user)
        .select_related("organization", "unit", "author")
        .prefetch_related(
            Prefetch("photos", queryset=ArticlePhoto.objects.public(), to_attr="public_photos"),
            Prefetch("attachments", queryset=ArticleAttachment.objects.order_by("pk")),
        )
    )
    article = _visible(user, pk, queryset)
    hidden_photos = ArticlePhoto.objects.filter(article=article, people_consent=False).count()
    return render(
        request,
        "articles/preview.html",
        {
            "article": article,
            "hidden_photos": hidden_photos,
            "can_edit": Article.objects.editable_by(user).filter(pk=article.pk).exists(),
        },
    )


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request.user, pk)
    try:
        publish_article(actor=request.user, article=article)
    except ValidationError as exc:
        messages.error(
            request, _("The article was not published: %(reasons)s") % {"reasons": " ".join(exc.messages)}
        )
    else:
        messages.success(request, _("The article is published."))
    return redirect(article.get_cadre_url())


@login_required
@require_POST
def article_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    article = _editable(request.user, pk)
    try:
        unpublish_article(actor=request.user, article=article)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The article was taken off the public site; it is a draft again."))
    return redirect(article.get_cadre_url())


@login_required
def article_media(request: HttpRequest, pk: int) -> HttpResponse:
    """Gallery photos (captions, consent) and attached PDF documents of an article."""
    user = request.user
    article = _editable(user, pk)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    photos = ExistingPhotoFormSet(data, queryset=ArticlePhoto.objects.filter(article=article), prefix="photo")
    documents = ExistingDocumentFormSet(
        data, queryset=ArticleAttachment.objects.filter(article=article), prefix="document"
    )
    new_media = NewMediaForm(data, files)
    if data is not None and all([photos.is_valid(), documents.is_valid(), new_media.is_valid()]):
        cleaned = new_media.cleaned_data
        new_documents = []
        if cleaned.get("document"):
            new_documents.append(NewDocument(file=cleaned["document"], title=cleaned["document_title"]))
        try:
            update_article_media(
                actor=user,
                article=article,
                new_photos=[
                    NewPhoto(
                        file=f, caption=cleaned["photo_caption"], people_consent=cleaned["photo_consent"]
                    )
                    for f in cleaned["photos"]
                ],
                kept_photos=[f.instance for f in photos.forms if not f.cleaned_data.get("DELETE")],
                new_documents=new_documents,
                kept_documents=[f.instance for f in documents.forms if not f.cleaned_data.get("DELETE")],
            )
        except ValidationError as exc:
            _add_errors(exc, new_media, field_map={"documents": "document"})
        else:
            messages.success(request, _("The photos and documents were saved."))
            return redirect("articles_cadre:media", pk=article.pk)
    return render(
        request,
        "articles/media.html",
        {"article": article, "photos": photos, "documents": documents, "new_media": new_media},
    )


def _add_errors(exc: ValidationError, form: BaseForm, field_map: dict[str, str] | None = None) -> None:
    """Put a service's errors next to their fields, or on top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        field = (field_map or {}).get(field, field)
        if field != NON_FIELD_ERRORS and field in form.fields:
            form.add_error(field, errors)
        else:
            form.add_error(None, errors)
