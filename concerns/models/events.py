"""The timeline of a concern: one event per step, who took it, when, with what data."""

from __future__ import annotations

import contextlib
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.scoping import ScopedQuerySet

from .concern import ALLOWED_TRANSITIONS, Concern, ConcernStatus, InformedHow

EVENT_DATA_LABELS = {
    "received_on": _("Received on"),
    "authority": _("Forwarded to"),
    "document_number": _("Document number"),
    "forwarded_on": _("Forwarded on"),
    "due_date": _("Answer due by"),
    "answered_by": _("Answered on the spot by"),
    "answer": _("Answer"),
    "answered_on": _("Answered on"),
    "reply_document_number": _("Reply document number"),
    "commitment": _("Commitment"),
    "commitment_deadline": _("Commitment deadline"),
    "informed_on": _("Resident informed on"),
    "informed_how": _("Informed how"),
    "closed_on": _("Closed on"),
    "duplicate_of": _("Duplicate of"),
    "reason": _("Reason"),
}
EVENT_DATE_KEYS = frozenset(
    {
        "received_on",
        "forwarded_on",
        "due_date",
        "answered_on",
        "commitment_deadline",
        "informed_on",
        "closed_on",
    }
)


class ConcernEventQuerySet(ScopedQuerySet):
    unit_lookups = ("concern__unit_id", "concern__residential_area_id")
    org_lookups = ("concern__organization_id",)


class ConcernEvent(models.Model):
    """One step of a concern's timeline: who moved it from which status to which, when, with what data."""

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=ConcernStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = ConcernEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern event")
        verbose_name_plural = _("concern events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.from_status or '–'} → {self.to_status}"

    def data_items(self) -> list[tuple[str, object]]:
        """The transition's data as (label, value) pairs for the timeline, dates as dates."""
        items: list[tuple[str, object]] = []
        for key, label in EVENT_DATA_LABELS.items():
            value = self.data.get(key)
            if value in (None, ""):
                continue
            if key in EVENT_DATE_KEYS:
                with contextlib.suppress(TypeError, ValueError):
                    value = datetime.date.fromisoformat(value)
            elif key == "informed_how" and value in InformedHow.values:
                value = InformedHow(value).label
            items.append((label, value))
        return items

    @property
    def is_correction(self) -> bool:
        """A correction of the facts or of the resident's consent: it changes no status."""
        return bool((self.data or {}).get("correction"))

    def clean(self) -> None:
        if self.is_correction:
            if self.from_status != self.to_status:
                raise ValidationError(_("A correction does not change the status."))
            return
        if self.from_status and self.to_status not in ALLOWED_TRANSITIONS.get(self.from_status, frozenset()):
            raise ValidationError(_("This step is not allowed in the workflow."))
