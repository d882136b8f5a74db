from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = _("Residents' concerns")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Concern)
        auditlog.register(models.ConcernEvent)

        from activities.models import Activity
        from core import panels as core_panels

        from .panels import activity_opinions, public_activity_opinions

        # The opinions of a voter contact and the questions of a dialogue, on its two pages.
        core_panels.register(Activity, activity_opinions)
        core_panels.register_public(Activity, public_activity_opinions)
