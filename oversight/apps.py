from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Supervision and monitoring")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Supervision, m2m_fields={"participants"})
        for model in (
            models.BoardMember,
            models.MonitoringBoard,
            models.InspectionWorkPlan,
            models.Inspection,
            models.InspectionReport,
            models.Project,
            models.MonitoringSession,
            models.MonitoringFinding,
            models.Recommendation,
        ):
            auditlog.register(model)

        from concerns.models import Concern
        from core import panels, sitemaps

        from .panels import board_projects, concern_recommendations
        from .sitemaps import InspectionBoards, Projects

        sitemaps.register("projects", Projects, position=5)
        sitemaps.register("inspection-boards", InspectionBoards, position=6)
        panels.register(Concern, concern_recommendations)
        panels.register_dashboard(board_projects)
