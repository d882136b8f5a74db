from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.AdministrativeUnit,
            models.Authority,
            models.Organization,
            models.Person,
            models.Term,
            models.Position,
            models.Scope,
            models.Reorganization,
        ):
            auditlog.register(model)
        auditlog.register(models.User, exclude_fields=["password", "last_login", "session_generation"])

        from django.contrib.auth.signals import user_logged_in

        from .twofactor import note_second_factor

        user_logged_in.connect(note_second_factor, dispatch_uid="organizations.twofactor")

        from core import sitemaps

        from . import indexing
        from .sitemaps import Organizations, Units

        indexing.register()
        sitemaps.register("units", Units, position=3)
        sitemaps.register("organizations", Organizations, position=4)
