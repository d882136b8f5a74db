from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import indexing, models

        auditlog.register(models.Article)
        auditlog.register(models.ArticlePhoto)
        auditlog.register(models.ArticleAttachment)
        indexing.register()

        from core import media, sitemaps

        from .media import MEDIA_PREFIX, can_serve
        from .sitemaps import Articles

        sitemaps.register("articles", Articles, position=2)
        media.register(MEDIA_PREFIX, can_serve)
