from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members, households and areas")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Member,
            models.Membership,
            models.HouseholdFigure,
            models.Assignment,
        ):
            auditlog.register(model)
        # A household is only a number in its area's list, and a visit of it a date: they are written
        # with the visit (audited there) and in bulk by the demo, without an entry each.
        auditlog.register(models.MemberImport, exclude_fields=["content"])
