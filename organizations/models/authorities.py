"""The register of authorities: the bodies the Front sends concerns, opinions, petitions and
recommendations to, and whose answers it follows.

An authority is dated like a unit: the People's Committee of a ward that was merged on 1 July 2025
ends that day and is replaced by the committee of the new ward (``replaced_by``), so the answers
an old committee owed can be followed to the body that owes them today. Each authority has the
number of days it is expected to answer in (30 unless the register says otherwise); the due date
of everything forwarded to it starts from that.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import DatedQuerySet, DemoFlag

DEFAULT_ANSWER_DAYS = 30


class AuthorityKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    COMMITTEE_OFFICE = "committee_office", _("Office or department of a People's Committee")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    POLICE = "police", _("Police")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    NA_DELEGATION = "na_delegation", _("National Assembly delegation")
    COURT_PROCURACY = "court_procuracy", _("Court or procuracy")
    UTILITY = "utility", _("Public utility company")
    OTHER = "other", _("Other")


class AuthorityQuerySet(DatedQuerySet):
    """The register is public: every cadre reads all of it; only the admins change it."""

    def for_unit(self, unit_ids):
        """Authorities of these units, and those not tied to a unit (national bodies)."""
        return self.filter(Q(unit_id__in=unit_ids) | Q(unit__isnull=True))

    def choosable(self, on: datetime.date | None = None):
        """The authorities something can be sent to on ``on`` (today by default)."""
        return self.current(on).select_related("unit").order_by("unit__kind", "unit__name", "kind", "name")


class Authority(DemoFlag):
    """A body that answers what the Front forwards: committee, office, police, council, company."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AuthorityKind.choices)
    unit = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authorities",
        help_text=_("The ward, commune or province it serves; empty for a national body."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=DEFAULT_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The due date of what is forwarded to it is this many days after forwarding."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced",
        help_text=_("The authority that took over its duties when it ended."),
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["unit", "kind"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:authority", args=[self.pk])

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    def due_date_from(self, forwarded_on: datetime.date) -> datetime.date:
        return forwarded_on + datetime.timedelta(days=self.answer_days)

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date cannot be before the start date.")})
        if self.replaced_by_id is not None and self.pk is not None and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("An authority cannot replace itself.")})
