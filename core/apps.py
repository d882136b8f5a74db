from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal builds on; imports no other app of the project."""

    name = "core"
    verbose_name = _("Portal infrastructure")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .folding import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="core.folding")

        from django.contrib.auth.signals import user_logged_in

        from .sessions import start_session

        user_logged_in.connect(start_session, dispatch_uid="core.sessions")
