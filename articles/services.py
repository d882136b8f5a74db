"""Writes to articles.

Each service checks the actor's scope, validates the whole article (``full_clean``) and its
uploads, and saves in one transaction with the audit actor set, so the audit log records who
made every change; on any error nothing is saved. Whatever changes what the public sees (a
publication, an unpublication, a change to a published article) invalidates the cached
public pages and updates the search index once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import set_actor
from core.caching import public_content_changed
from core.images import NewPhoto, process_photo
from core.services import ServiceErrors
from organizations.scoping import OUTSIDE_SCOPE, READ_ONLY, scope_for

from . import indexing
from .documents import check_pdf, stored_name
from .models import Article, ArticleAttachment, ArticlePhoto, ArticleStatus
from .slugs import unique_slug

MAX_PHOTOS = 60
MAX_DOCUMENTS = 20


@dataclass(frozen=True)
class NewDocument:
    """A PDF document to attach, with the title readers see."""

    file: File
    title: str


def writable_units_ids(actor) -> frozenset[int] | None:
    """Units an article of ``actor`` may be about; ``None`` means every unit."""
    scope = scope_for(actor)
    return None if scope.is_global else scope.work_unit_ids


def create_article(*, actor, article: Article, cover: File | None = None) -> Article:
    """Save a new article as a draft written by ``actor``; ``cover`` is an uploaded photo.

    Raises ``ValidationError`` keyed by field name, and saves nothing, when anything is wrong
    or outside the actor's scope.
    """
    if article.pk is not None:
        raise ValueError("create_article() takes a new article; use update_article().")
    errors = ServiceErrors()
    _check_scope(errors, actor=actor, article=article, stored=None)
    article.status = ArticleStatus.DRAFT
    article.published_at = None
    article.author = actor
    if article.title:
        article.slug = unique_slug(article.title, taken=_slug_taken(None))
    cover_file = _process_cover(errors, cover)
    errors.collect(article.full_clean, exclude=["cover"])
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        if cover_file is not None:
            article.cover.save(cover_file.name, cover_file, save=False)
        article.save()
    return article


def update_article(
    *, actor, article: Article, cover: File | None = None, remove_cover: bool = False
) -> Article:
    """Save changes to an article the actor may edit; the status does not change here.

    ``cover`` replaces the cover photo; ``remove_cover`` removes it. The web address follows
    the title until the article is first published, and stays the same after that.
    """
    stored = _editable(actor, article)
    errors = ServiceErrors()
    _check_scope(errors, actor=actor, article=article, stored=stored)
    article.status = stored.status
    article.published_at = stored.published_at
    article.author_id = stored.author_id
    if stored.published_at is not None:
        article.slug = stored.slug
    elif article.title and article.title != stored.title:
        article.slug = unique_slug(article.title, taken=_slug_taken(article.pk))
    cover_file = _process_cover(errors, cover)
    old_cover = stored.cover.name if (cover_file is not None or remove_cover) else ""
    if cover_file is None and remove_cover:
        article.cover = None
    elif cover_file is None and article.cover.name != stored.cover.name:
        article.cover = stored.cover
    errors.collect(article.full_clean, exclude=["cover"])
    if cover_file is not None and article.is_published and not article.cover_people_consent:
        errors.add(
            "cover_people_consent",
            _("Confirm that nobody recognisable is on the cover, or that the people shown agreed."),
        )
    errors.raise_if_any()
    with transaction.atomic(), set_actor(actor):
        if cover_file is not None:
            article.cover.save(cover_file.name, cover_file, save=False)
        article.save()
        if old_cover:
            transaction.on_commit(lambda: _delete_files(Article, "cover", [old_cover]))
        if article.is_published:
            _announce(article)
    return article


def publish_article(*, actor, article: Article) -> Article:
    """Publish an article the actor may edit (it stays published if it already was)."""
    stored = _editable(actor, article)
    if stored.is_published:
        return stored
    _require_write(actor)
    stored.status = ArticleStatus.PUBLISHED
    if stored.published_at is None:
        stored.published_at = timezone.now()
    stored.full_clean()
    with transaction.atomic(), set_actor(actor):
        stored.save(update_fields=["status", "published_at", "updated_at"])
        _announce(stored)
    return stored


def unpublish_article(*, actor, article: Article) -> Article:
    """Take an article off the public site; it becomes a draft again (with the same address)."""
    stored = _editable(actor, article)
    if not stored.is_published:
        return stored
    _require_write(actor)
    stored.status = ArticleStatus.DRAFT
    with transaction.atomic(), set_actor(actor):
        stored.save(update_fields=["status", "updated_at"])
        _announce(stored)
    return stored


def update_article_media(
    *,
    actor,
    article: Article,
    new_photos: Sequence[NewPhoto] = (),
    kept_photos: Sequence[ArticlePhoto] | None = None,
    new_documents: Sequence[NewDocument] = (),
    kept_documents: Sequence[ArticleAttachment] | None = None,
) -> Article:
    """Add, change and remove the gallery photos and attached documents of an article.

    ``kept_photos`` and ``kept_documents``, when given, are the complete lists to keep (with
    their changed captions, consent and titles); the others are deleted with their files.
    """
    stored = _editable(actor, article)
    _require_write(actor)
    errors = ServiceErrors()
    if kept_photos is not None and any(photo.article_id != stored.pk for photo in kept_photos):
        errors.add("photos", _("A photo of another article cannot be kept here."))
    if kept_documents is not None and any(doc.article_id != stored.pk for doc in kept_documents):
        errors.add("documents", _("A document of another article cannot be kept here."))
    photo_count = len(kept_photos) if kept_photos is not None else stored.photos.count()
    if photo_count + len(new_photos) > MAX_PHOTOS:
        errors.add("photos", _("An article can have at most %(count)s photos.") % {"count": MAX_PHOTOS})
    document_count = len(kept_documents) if kept_documents is not None else stored.attachments.count()
    if document_count + len(new_documents) > MAX_DOCUMENTS:
        errors.add(
            "documents", _("An article can have at most %(count)s documents.") % {"count": MAX_DOCUMENTS}
        )
    for photo in kept_photos or ():
        errors.collect(photo.full_clean, exclude=["article", "image"])
    for document in kept_documents or ():
        errors.collect(document.full_clean, exclude=["article", "file"])
    photo_files = []
    for photo in new_photos:
        try:
            photo_files.append(process_photo(photo.file))
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("photos", f"{getattr(photo.file, 'name', '')}: {message}".lstrip(": "))
    for document in new_documents:
        try:
            check_pdf(document.file)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("documents", f"{getattr(document.file, 'name', '')}: {message}".lstrip(": "))
        if not document.title.strip():
            errors.add("documents", _("Give every document a title."))
    errors.raise_if_any()

    saved: list[tuple[type, str, str]] = []
    try:
        with transaction.atomic(), set_actor(actor):
            removed: list[tuple[type, str, str]] = []
            if kept_photos is not None:
                for old in stored.photos.exclude(pk__in=[p.pk for p in kept_photos]):
                    removed.append((ArticlePhoto, "image", old.image.name))
                    old.delete()
                for photo in kept_photos:
                    photo.save(update_fields=["caption", "people_consent"])
            if kept_documents is not None:
                for old in stored.attachments.exclude(pk__in=[d.pk for d in kept_documents]):
                    removed.append((ArticleAttachment, "file", old.file.name))
                    old.delete()
                for document in kept_documents:
                    document.save(update_fields=["title"])
            for photo, content in zip(new_photos, photo_files, strict=True):
                record = ArticlePhoto(
                    article=stored, caption=photo.caption, people_consent=photo.people_consent
                )
                record.image.save(content.name, content, save=False)
                saved.append((ArticlePhoto, "image", record.image.name))
                record.save()
            for document in new_documents:
                record = ArticleAttachment(
                    article=stored, title=document.title.strip(), size=document.file.size
                )
                record.file.save(stored_name(), document.file, save=False)
                saved.append((ArticleAttachment, "file", record.file.name))
                record.save()
            transaction.on_commit(lambda: _delete_all(removed))
            if stored.is_published:
                _announce(stored)
    except Exception:
        _delete_all(saved)
        raise
    return stored


# Helpers -----------------------------------------------------------------------------------


def _editable(actor, article: Article) -> Article:
    if article.pk is None:
        raise ValueError("This service takes a saved article.")
    stored = Article.objects.editable_by(actor).filter(pk=article.pk).first()
    if stored is None:
        raise ValidationError(OUTSIDE_SCOPE)
    return stored


def _require_write(actor) -> None:
    if not scope_for(actor).can_write:
        raise ValidationError(READ_ONLY)


def _check_scope(errors: ServiceErrors, *, actor, article: Article, stored: Article | None) -> None:
    scope = scope_for(actor)
    if not scope.can_write:
        errors.add(None, READ_ONLY)
        return
    if scope.is_global:
        return
    organization_changed = stored is None or stored.organization_id != article.organization_id
    organization_id = article.organization_id
    if organization_id is not None and organization_changed and not scope.can_write_org(organization_id):
        errors.add("organization", OUTSIDE_SCOPE)
    unit_changed = stored is None or stored.unit_id != article.unit_id
    if article.unit_id is not None and unit_changed and article.unit_id not in writable_units_ids(actor):
        errors.add("unit", OUTSIDE_SCOPE)


def _slug_taken(own_pk: int | None):
    def taken(slug: str) -> bool:
        return Article.objects.filter(slug=slug).exclude(pk=own_pk).exists()

    return taken


def _process_cover(errors: ServiceErrors, cover: File | None) -> File | None:
    if cover is None:
        return None
    try:
        return process_photo(cover)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add("cover", message)
        return None


def _announce(article: Article) -> None:
    """What the public sees has changed: rebuild cached pages and the search index entry."""
    public_content_changed()
    transaction.on_commit(lambda: indexing.article_changed(article.pk))


def _delete_all(files: list[tuple[type, str, str]]) -> None:
    for model, field, name in files:
        _delete_files(model, field, [name])


def _delete_files(model: type, field: str, names: list[str]) -> None:
    storage = model._meta.get_field(field).storage
    for name in names:
        if name:
            storage.delete(name)


def delete_article(*, actor, article: Article) -> None:
    """Delete an article the actor may edit, with its photos and documents (their files once the
    deletion is committed). Its search entry goes, and a published article leaves the cached
    public pages at once."""
    stored = _editable(actor, article)
    _require_write(actor)
    pk, was_published = stored.pk, stored.is_published
    files = [(Article, "cover", stored.cover.name)]
    files += [(ArticlePhoto, "image", photo.image.name) for photo in stored.photos.all()]
    files += [(ArticleAttachment, "file", document.file.name) for document in stored.attachments.all()]
    with transaction.atomic(), set_actor(actor):
        stored.delete()
        indexing.article_changed(pk)
        if was_published:
            public_content_changed()
        transaction.on_commit(lambda: _delete_all(files))
