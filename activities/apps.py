from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Activity, m2m_fields={"organizations"})
        for details_model in models.DETAILS_MODELS.values():
            if details_model is models.VisitDetails:
                auditlog.register(details_model, m2m_fields={"cadres"})
            else:
                auditlog.register(details_model)
        auditlog.register(models.Commitment)
        auditlog.register(models.ActivityPhoto)

        from core import media, panels, sitemaps

        from . import indexing
        from .media import MEDIA_PREFIX, can_serve
        from .panels import overdue_commitments_panel
        from .sitemaps import Activities

        indexing.register()
        sitemaps.register("activities", Activities, position=1)
        media.register(MEDIA_PREFIX, can_serve)
        panels.register_dashboard(overdue_commitments_panel)
