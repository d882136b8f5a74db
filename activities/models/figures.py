"""The work log's figures of each day, kept beside the log for the reports.

A report of a year over a million activities cannot count them one by one at each request: it sums
these rows instead, one per unit and day (the activities logged in that unit on that day), one per
organizer and day (the activities that organization held or co-organized) and one per residential
area and day for the visits made there (a visit logged at the ward names the area it went to: the
coverage of the areas reads these). They are derived
data: ``activities.figures`` keeps them current whenever an activity is saved or deleted through
the services and rebuilds them all (``manage.py rebuild_work_figures``) after a bulk load.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import AdministrativeUnit, Organization


class _WorkFigures(models.Model):
    """What the work log's figures count (``activities.figures.figures`` defines each)."""

    activities = models.PositiveIntegerField(default=0, db_default=0)
    visits = models.PositiveIntegerField(default=0, db_default=0)
    households_visited = models.PositiveIntegerField(default=0, db_default=0)
    meetings = models.PositiveIntegerField(default=0, db_default=0)
    voter_contacts = models.PositiveIntegerField(default=0, db_default=0)
    voters_attending = models.PositiveIntegerField(default=0, db_default=0)
    opinions = models.PositiveIntegerField(default=0, db_default=0)
    dialogues = models.PositiveIntegerField(default=0, db_default=0)
    mediations = models.PositiveIntegerField(default=0, db_default=0)
    mediations_successful = models.PositiveIntegerField(default=0, db_default=0)
    drafts_commented = models.PositiveIntegerField(default=0, db_default=0)
    support_given = models.PositiveIntegerField(default=0, db_default=0)
    support_recipients = models.PositiveIntegerField(default=0, db_default=0)
    support_value = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        abstract = True


class WorkDay(_WorkFigures):
    """What the activities of one unit (or one organizer) on one day count, or the visits made in one
    residential area that day: exactly one of ``unit``, ``organization`` and ``area`` is set."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    area = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("work log figures of a day")
        verbose_name_plural = _("work log figures of the days")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, organization__isnull=True, area__isnull=True)
                | Q(unit__isnull=True, organization__isnull=False, area__isnull=True)
                | Q(unit__isnull=True, organization__isnull=True, area__isnull=False),
                name="workday_unit_organization_or_area",
            ),
            models.UniqueConstraint(
                fields=["unit", "day"], condition=Q(unit__isnull=False), name="workday_unit_day"
            ),
            models.UniqueConstraint(
                fields=["organization", "day"],
                condition=Q(organization__isnull=False),
                name="workday_organization_day",
            ),
            models.UniqueConstraint(
                fields=["area", "day"], condition=Q(area__isnull=False), name="workday_area_day"
            ),
        ]
        indexes = [
            models.Index(fields=["day", "unit"], name="workday_day_unit"),
            models.Index(fields=["day", "organization"], name="workday_day_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id or self.organization_id or self.area_id} {self.day}"


class WorkHalfMonth(_WorkFigures):
    """The figures of the days of one half-month (``core.halfmonths``) summed, per unit or per
    organizer (exactly one is set): a report of a period of whole half-months (every period the
    reports offer, once it has ended) sums these, a few rows per unit a month instead of one a
    day. Derived from ``WorkDay`` whenever its days are recomputed."""

    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    half = models.PositiveIntegerField(_("half-month"))

    class Meta:
        verbose_name = _("work log figures of a half-month")
        verbose_name_plural = _("work log figures of the half-months")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, organization__isnull=True)
                | Q(unit__isnull=True, organization__isnull=False),
                name="workhalfmonth_unit_or_organization",
            ),
            models.UniqueConstraint(
                fields=["unit", "half"], condition=Q(unit__isnull=False), name="workhalfmonth_unit_half"
            ),
            models.UniqueConstraint(
                fields=["organization", "half"],
                condition=Q(organization__isnull=False),
                name="workhalfmonth_organization_half",
            ),
        ]
        indexes = [models.Index(fields=["half"], name="workhalfmonth_half")]

    def __str__(self) -> str:
        return f"{self.unit_id or self.organization_id} {self.half}"
