from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "social"
    verbose_name = _("Social policy work")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.SavingsGroup,
            models.LoanImport,
            models.LoanSnapshot,
            models.GreatUnityHouse,
            models.HousePhoto,
            models.FundCampaign,
            models.FundReceipt,
            models.FundSpending,
            models.EmulationMovement,
            models.Commendation,
        ):
            auditlog.register(model)
        # A snapshot's lines are part of it: its audit entries carry the totals, and an import is
        # recorded once (LoanImport); the lines are replaced in bulk without an entry each.
        auditlog.register(models.ExemplaryModel, m2m_fields={"movements"})

        from core import media, sitemaps

        from .media import MEDIA_PREFIX, can_serve
        from .sitemaps import ExemplaryModels, FundDisclosures, SocialPages

        sitemaps.register("social", SocialPages, position=7)
        sitemaps.register("fund", FundDisclosures, position=8)
        sitemaps.register("exemplary-models", ExemplaryModels, position=9)
        media.register(MEDIA_PREFIX, can_serve)
