from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from core import sitemaps

        from .sitemaps import Authorities, FixedPages

        sitemaps.register("pages", FixedPages, position=0)
        sitemaps.register("authorities", Authorities, position=10)
