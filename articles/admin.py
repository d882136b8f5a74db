"""Articles in the Django admin (staff only).

Cadres write and publish through the cadre screens, whose services check scopes, process
uploads and invalidate the public pages. The admin is for staff corrections, and writes through
the same services with the staff member as actor (``core.admin.ServiceAdminMixin``): a change is
``update_article`` (then ``update_article_media`` when a photo or document was re-captioned or
removed), the status chosen on the form is ``publish_article`` or ``unpublish_article``, a new
article is ``create_article`` and a delete is ``delete_article``. So an article unpublished or
deleted here leaves the public search and the cached public pages at once, and the audit log
names the staff member. Photos and documents can be re-captioned or removed here, not uploaded
(uploads go through the image processing and the PDF checks of the cadre screens).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ServiceAdminMixin, kept_rows

from . import services
from .models import Article, ArticleAttachment, ArticlePhoto, ArticleStatus


class PhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    fields = ["image", "caption", "people_consent", "width", "height"]
    readonly_fields = ["image", "width", "height"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    extra = 0
    fields = ["title", "file", "size"]
    readonly_fields = ["file", "size"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "status", "published_at"]
    list_filter = ["kind", "status", "is_demo"]
    date_hierarchy = "created_at"
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "unit"]
    readonly_fields = ["slug", "cover", "published_at", "author", "created_at", "updated_at"]
    inlines = [PhotoInline, AttachmentInline]

    def save_with_service(self, request: HttpRequest, obj: Article, form, formsets, change: bool) -> None:
        actor = request.user
        # The services keep the status apart: a change or a new article keeps it as it was (a
        # new one is a draft). Unpublishing comes first, so that a change only a draft may have
        # (the people named withdrew their consent) is saved with it; publishing comes last.
        wanted = obj.status
        if change and wanted != ArticleStatus.PUBLISHED:
            services.unpublish_article(actor=actor, article=obj)
        if not change:
            article = services.create_article(actor=actor, article=obj)
        elif set(form.changed_data) - {"status"}:
            article = services.update_article(actor=actor, article=obj)
        else:
            article = obj
        by_model = {formset.model: formset for formset in formsets}
        photos, documents = by_model.get(ArticlePhoto), by_model.get(ArticleAttachment)
        if change and any(formset is not None and formset.has_changed() for formset in (photos, documents)):
            services.update_article_media(
                actor=actor,
                article=article,
                kept_photos=kept_rows(photos) if photos is not None else None,
                kept_documents=kept_rows(documents) if documents is not None else None,
            )
        if wanted == ArticleStatus.PUBLISHED:
            services.publish_article(actor=actor, article=article)

    def delete_with_service(self, request: HttpRequest, obj: Article) -> None:
        services.delete_article(actor=request.user, article=obj)
