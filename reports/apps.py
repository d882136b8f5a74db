from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # The figures are a copy of what the audited records added up to, kept whole in the row; the
        # entries show when they were computed (``figures_computed_at``), not the copy itself.
        auditlog.register(models.ReportSubmission, exclude_fields=["figures"])

        from core import sitemaps

        from .sitemaps import PublicReports

        sitemaps.register("reports", PublicReports, position=11)
