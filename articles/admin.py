"""Articles in the Django admin (staff only).

Cadres write and publish through the cadre screens, whose services check scopes, process
uploads and invalidate the public pages. The admin is for staff corrections: photos and
documents can be re-captioned or removed here, not uploaded.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.caching import public_content_changed

from . import indexing
from .models import Article, ArticleAttachment, ArticlePhoto


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
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organization", "status", "published_at"]
    list_filter = ["kind", "status", "is_demo"]
    date_hierarchy = "created_at"
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization", "unit"]
    readonly_fields = ["slug", "cover", "status", "published_at", "author", "created_at", "updated_at"]
    inlines = [PhotoInline, AttachmentInline]

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if obj.is_published:
            public_content_changed()
            indexing.article_changed(obj.pk)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if form.instance.is_published:
            public_content_changed()

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        super().delete_model(request, obj)
        public_content_changed()
        indexing.article_changed(obj.pk)

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        public_content_changed()
        for pk in ids:
            indexing.article_changed(pk)
