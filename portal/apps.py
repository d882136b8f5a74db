from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .documents import register_documents
        from .folding import register_sqlite_function

        register_documents()
        connection_created.connect(register_sqlite_function, dispatch_uid="portal.folding")
