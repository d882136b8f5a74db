"""A resident's concern, followed from receipt to an answer."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet

from ..phones import normalize_phone, validate_vietnamese_phone

TRACKING_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 10


def new_tracking_code() -> str:
    """A short, unambiguous and unguessable code (32^10, about 10^15 possibilities)."""
    return "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _i in range(TRACKING_CODE_LENGTH))


class ConcernSource(models.TextChoices):
    VISIT = "visit", _("Household visit")
    DIALOGUE = "dialogue", _("Dialogue with leaders")
    VOTER_CONTACT = "voter_contact", _("Voter contact")
    PETITION = "petition", _("Petition")
    PUBLIC_FORM = "public_form", _("Public form")
    OTHER = "other", _("Other")


class ConcernCategory(models.TextChoices):
    LAND_HOUSING = "land_housing", _("Land and housing")
    ENVIRONMENT = "environment", _("Environment")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    SOCIAL_POLICY = "social_policy", _("Social policy")
    SECURITY_ORDER = "security_order", _("Security and order")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    ADMINISTRATIVE = "administrative", _("Administrative procedures")
    OTHER = "other", _("Other")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    FORWARDED = "forwarded", _("Forwarded")
    ANSWERED = "answered", _("Answered")
    INFORMED = "informed", _("Resident informed")
    CLOSED = "closed", _("Closed")
    DUPLICATE = "duplicate", _("Closed as duplicate")
    NOT_IN_SCOPE = "not_in_scope", _("Closed: not in scope")


# Waiting for an answer: what counts towards a hot spot.
UNRESOLVED_STATUSES = (ConcernStatus.RECEIVED, ConcernStatus.FORWARDED)
CLOSED_STATUSES = (ConcernStatus.CLOSED, ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE)

# The workflow. A concern can be answered on the spot (e.g. at a voter contact) without
# being forwarded; it can be forwarded again when an authority passes it on; it is closed
# normally only once the resident has been informed of the answer, and early only as a
# duplicate or as not in scope.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ConcernStatus.RECEIVED: frozenset(
        {ConcernStatus.FORWARDED, ConcernStatus.ANSWERED, ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE}
    ),
    ConcernStatus.FORWARDED: frozenset(
        {ConcernStatus.FORWARDED, ConcernStatus.ANSWERED, ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE}
    ),
    ConcernStatus.ANSWERED: frozenset({ConcernStatus.INFORMED}),
    ConcernStatus.INFORMED: frozenset({ConcernStatus.CLOSED}),
    ConcernStatus.CLOSED: frozenset(),
    ConcernStatus.DUPLICATE: frozenset(),
    ConcernStatus.NOT_IN_SCOPE: frozenset(),
}


class ConcernQuerySet(ScopedQuerySet):
    """Concerns in the user's units (by unit or residential area) or received by their organizations."""

    unit_lookups = ("unit_id", "residential_area_id")
    org_lookups = ("organization_id",)

    def unresolved(self):
        return self.filter(status__in=UNRESOLVED_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        """Forwarded, not answered, and the due date has passed (in Vietnam time)."""
        today = today or timezone.localdate()
        return self.filter(status=ConcernStatus.FORWARDED, due_date__lt=today)

    def with_overdue_flag(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(status=ConcernStatus.FORWARDED, due_date__lt=today, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def inbox_order(self, today: datetime.date | None = None):
        """Overdue first, then the newest."""
        return self.with_overdue_flag(today).order_by("-is_overdue", "-received_on", "-pk")


class Concern(Timestamped):
    """A problem raised by a resident, followed until the resident has the answer."""

    tracking_code = models.CharField(
        _("tracking code"),
        max_length=TRACKING_CODE_LENGTH,
        unique=True,
        editable=False,
        default=new_tracking_code,
    )
    source = models.CharField(_("raised at"), max_length=20, choices=ConcernSource.choices)
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
        help_text=_("The visit, voter contact or dialogue where it was raised."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="concerns",
        help_text=_("The ward or commune, as it was on the day the concern was received."),
    )
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="area_concerns",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("received by organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
        help_text=_("The organization whose cadre received the concern."),
    )
    category = models.CharField(_("category"), max_length=20, choices=ConcernCategory.choices)
    summary = models.TextField(
        _("public summary"),
        max_length=1000,
        help_text=_("What the concern is about, without names or addresses. May be shown to the public."),
    )
    detail = models.TextField(
        _("confidential detail"), blank=True, help_text=_("Only for cadres in charge; never published.")
    )
    resident_name = models.CharField(_("resident's name (confidential)"), max_length=150, blank=True)
    resident_phone = models.CharField(
        _("resident's phone (confidential)"),
        max_length=20,
        blank=True,
        validators=[validate_vietnamese_phone],
    )
    resident_consent = models.BooleanField(
        _("the resident agreed that we keep their name and phone to contact them"), default=False
    )
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.RECEIVED
    )
    forwarded_to = models.CharField(_("forwarded to (authority)"), max_length=255, blank=True)
    forward_document_number = models.CharField(_("document number"), max_length=60, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    due_date = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    informed_on = models.DateField(_("resident informed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["category", "received_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} – {self.get_category_display()}"

    def get_absolute_url(self) -> str:
        return reverse("concerns:detail", args=[self.pk])

    @property
    def place(self) -> AdministrativeUnit:
        """The residential area, or the unit when the area is not known."""
        return self.residential_area if self.residential_area_id else self.unit

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def is_overdue_on(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == ConcernStatus.FORWARDED and self.due_date is not None and self.due_date < today

    def allowed_transitions(self) -> frozenset[str]:
        return ALLOWED_TRANSITIONS.get(self.status, frozenset())

    def can_go_to(self, status: str) -> bool:
        return status in self.allowed_transitions()

    def clean(self) -> None:
        errors: dict[str, list] = {}

        def add(field: str, message) -> None:
            errors.setdefault(field, []).append(message)

        self.resident_phone = normalize_phone(self.resident_phone) if self.resident_phone else ""
        self.resident_name = (self.resident_name or "").strip()
        if (self.resident_name or self.resident_phone) and not self.resident_consent:
            add(
                "resident_consent",
                _("Keep the resident's name or phone only if they agreed; otherwise leave them empty."),
            )

        received = self.received_on
        if received is not None and received > timezone.localdate():
            add("received_on", _("The date cannot be in the future."))
        if self.unit_id is not None and received is not None and not _existed(self.unit, received):
            add("unit", _("This unit did not exist on %(date)s.") % {"date": f"{received:%d/%m/%Y}"})
        if self.residential_area_id is not None:
            area = self.residential_area
            if not area.is_residential_area:
                add("residential_area", _("Choose a village, quarter or street group."))
            elif self.unit_id is not None and self.unit_id not in _self_and_ancestor_ids(area):
                add("residential_area", _("The residential area must be in the chosen unit."))
            if received is not None and not _existed(area, received):
                add(
                    "residential_area",
                    _("This residential area did not exist on %(date)s.") % {"date": f"{received:%d/%m/%Y}"},
                )

        self._clean_workflow_fields(add)
        if errors:
            raise ValidationError(errors)

    def _clean_workflow_fields(self, add) -> None:
        received = self.received_on
        status = self.status
        forwarded_needed = status == ConcernStatus.FORWARDED
        if forwarded_needed:
            for field in ("forwarded_to", "forwarded_on", "due_date"):
                if not getattr(self, field):
                    add(field, _("This field is required to forward a concern."))
        if self.forwarded_on and self.due_date and self.due_date < self.forwarded_on:
            add("due_date", _("The due date cannot be before the date it was forwarded."))
        if status in (ConcernStatus.ANSWERED, ConcernStatus.INFORMED, ConcernStatus.CLOSED):
            if not self.answer.strip():
                add("answer", _("Enter the answer."))
            if not self.answered_on:
                add("answered_on", _("Enter the date of the answer."))
        if status in (ConcernStatus.INFORMED, ConcernStatus.CLOSED) and not self.informed_on:
            add("informed_on", _("Enter the date the resident was informed."))
        if self.answered_on and self.informed_on and self.informed_on < self.answered_on:
            add("informed_on", _("The resident cannot be informed before the answer."))
        if status in CLOSED_STATUSES and not self.closed_on:
            add("closed_on", _("Enter the date it was closed."))
        if (
            self.informed_on
            and self.closed_on
            and status == ConcernStatus.CLOSED
            and self.closed_on < self.informed_on
        ):
            add("closed_on", _("A concern cannot be closed before the resident was informed."))
        if status == ConcernStatus.DUPLICATE and self.duplicate_of_id is None:
            add("duplicate_of", _("Choose the concern this one duplicates."))
        if self.duplicate_of_id is not None and self.pk is not None and self.duplicate_of_id == self.pk:
            add("duplicate_of", _("A concern cannot be a duplicate of itself."))
        if status in (ConcernStatus.DUPLICATE, ConcernStatus.NOT_IN_SCOPE) and not self.close_reason.strip():
            add("close_reason", _("Enter the reason."))
        today = timezone.localdate()
        for field in ("forwarded_on", "answered_on", "informed_on", "closed_on"):
            value = getattr(self, field)
            if value is None:
                continue
            if received is not None and value < received:
                add(field, _("This date cannot be before the concern was received."))
            if value > today:
                add(field, _("The date cannot be in the future."))


def _existed(unit: AdministrativeUnit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_to is None or unit.valid_to >= on
    )


def _self_and_ancestor_ids(unit: AdministrativeUnit) -> set[int]:
    """The unit and the units above it (a residential area is two or three levels deep)."""
    found: set[int] = {unit.pk}
    current = unit.parent_id
    while current is not None and current not in found:
        found.add(current)
        current = AdministrativeUnit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return found


# What a transition may store in ``ConcernEvent.data``, in display order.
