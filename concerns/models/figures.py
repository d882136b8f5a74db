"""The concerns' figures by half-month, kept beside the concerns for the reports.

A report of a year over two hundred thousand concerns cannot count them one by one at each
request. Every period a report offers (a month, a quarter, six or nine months, a year, a term, with
either cut-off: the 1st or the 15th of the month) starts on the 1st or the 15th and ends on the
14th or the last day of a month: it is a run of whole half-months. These rows count the concerns
of one place (the residential area, or the unit when no area is known) or of one receiving
organization by the half-month they were received in and the half-month they were answered in,
and the spans of half-months at whose end a concern was overdue. A report sums them for a period
made of whole half-months and counts the concerns themselves for any other (a period that ends
today). They are derived data: ``concerns.figures`` keeps them current whenever a concern is
received, changes step or is corrected through the services, and rebuilds them all
(``manage.py rebuild_concern_figures``) after a bulk load.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import AdministrativeUnit, Organization


class _OfPlaceOrOrganization(models.Model):
    """Rows of one place (the residential area, or the unit when no area is known) or of one
    receiving organization (exactly one of the two is set), for the concerns received in
    ``received_half``."""

    place = models.ForeignKey(AdministrativeUnit, on_delete=models.CASCADE, null=True, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, related_name="+")
    received_half = models.PositiveIntegerField(_("half-month received"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False, organization__isnull=True)
                | Q(place__isnull=True, organization__isnull=False),
                name="%(class)s_place_or_organization",
            )
        ]


class ConcernHalfMonth(_OfPlaceOrOrganization):
    """The concerns of one place or organization received in ``received_half`` and answered in
    ``answered_half`` (None: not answered).

    A half-month is a number (``concerns.figures.half_of``): the year × 24, plus twice the month
    from 0, plus one from the 15th on. ``concerns`` counts them all; the other counts are the
    petitions, the opinions and questions of voter contacts and dialogues, those answered on the
    spot, and each category.
    """

    answered_half = models.PositiveIntegerField(_("half-month answered"), null=True)
    concerns = models.PositiveIntegerField(default=0)
    petitions = models.PositiveIntegerField(default=0)
    opinions = models.PositiveIntegerField(default=0)
    opinions_answered_on_spot = models.PositiveIntegerField(default=0)
    land_housing = models.PositiveIntegerField(default=0)
    environment = models.PositiveIntegerField(default=0)
    infrastructure = models.PositiveIntegerField(default=0)
    social_policy = models.PositiveIntegerField(default=0)
    security_order = models.PositiveIntegerField(default=0)
    health = models.PositiveIntegerField(default=0)
    education = models.PositiveIntegerField(default=0)
    administrative = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)

    class Meta(_OfPlaceOrOrganization.Meta):
        verbose_name = _("concerns of a half-month")
        verbose_name_plural = _("concerns of the half-months")
        indexes = [models.Index(fields=["received_half"], name="concernhalf_received")]

    def __str__(self) -> str:
        return f"{self.place_id or self.organization_id} {self.received_half}→{self.answered_half}"


class ConcernOverdueSpan(_OfPlaceOrOrganization):
    """The concerns of one place or organization received in ``received_half`` that were overdue
    at the end of every half-month from ``overdue_from`` up to, not including, ``overdue_until``
    (None: still overdue, or never answered). A concern answered in time has no span."""

    overdue_from = models.PositiveIntegerField(_("overdue from the half-month"))
    overdue_until = models.PositiveIntegerField(_("overdue until the half-month"), null=True)
    concerns = models.PositiveIntegerField(default=0)
    opinions = models.PositiveIntegerField(default=0)

    class Meta(_OfPlaceOrOrganization.Meta):
        verbose_name = _("span of overdue concerns")
        verbose_name_plural = _("spans of overdue concerns")
        indexes = [models.Index(fields=["overdue_from"], name="concernoverdue_from")]

    def __str__(self) -> str:
        return f"{self.place_id or self.organization_id} {self.overdue_from}–{self.overdue_until}"
