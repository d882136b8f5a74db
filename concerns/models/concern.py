"""A resident's concern, followed from receipt to an answer."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Timestamped
from organizations.fields import authority_not_current
from organizations.models import AdministrativeUnit, Authority, Organization
from organizations.scoping import ScopedQuerySet, scope_for

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


class PetitionType(models.TextChoices):
    """The four kinds of petition of the Law on Complaints, the Law on Denunciations and Decree 124."""

    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    REPORT = "report", _("Report")


class PetitionChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the office")
    BY_POST = "by_post", _("By post")
    AT_MEETING = "at_meeting", _("Handed in at a meeting")
    FORWARDED = "forwarded", _("Passed on by another body")
    ELECTRONIC = "electronic", _("E-mail or online")


class InformedHow(models.TextChoices):
    NEXT_CONTACT = "next_contact", _("At the next voter contact or dialogue")
    BY_FRONT = "by_front", _("By the Front (visit, phone or meeting)")
    IN_WRITING = "in_writing", _("In writing")
    PUBLIC_NOTICE = "public_notice", _("Public notice in the residential area")


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
# The answer is known: answered, the resident informed of it, closed after that.
ANSWERED_STATUSES = (ConcernStatus.ANSWERED, ConcernStatus.INFORMED, ConcernStatus.CLOSED)
# Opinions raised at a voter contact and questions asked at a dialogue: concerns of an activity.
OPINION_SOURCES = (ConcernSource.VOTER_CONTACT, ConcernSource.DIALOGUE)

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

    def opinions(self):
        """Opinions raised at voter contacts and questions asked at dialogues."""
        return self.filter(source__in=OPINION_SOURCES)

    def petitions(self):
        return self.filter(source=ConcernSource.PETITION)

    def with_identity_flag(self, user):
        """Each row with ``identity_visible``: whether ``user`` may be shown the name and phone of
        the resident or petitioner, on the concern's own page (never in a list or an export).

        The one rule: a denouncer's identity is protected by law, so a denunciation shows it only
        to the cadres who may change records in its unit or residential area (an account that
        sees everything too), not to its readers nor to an organization's cadre. Every other
        concern shows it to whoever may open its page (``visible_to``). In the same query.
        """
        scope = scope_for(user)
        if scope.is_global:
            return self.annotate(identity_visible=Value(True, output_field=models.BooleanField()))
        # The units the account changes records in, as a subquery (never a list of a province's ids).
        ids = scope.unit_ids_query(write=True)
        shown = ~Q(petition_type=PetitionType.DENUNCIATION)
        if ids:
            shown |= Q(unit_id__in=ids) | Q(residential_area_id__in=ids)
        return self.annotate(
            identity_visible=Case(
                When(shown, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )


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
    topic = models.CharField(
        _("topic"),
        max_length=120,
        blank=True,
        help_text=_("A few words that group opinions on the same question, e.g. “Road 23/4 flooding”."),
    )
    publishable = models.BooleanField(
        _("the summary may be published"),
        default=False,
        help_text=_(
            "An opinion or question marked so is shown with its answer, without names, on the public page "
            "of the voter contact or dialogue: write neither in a way that points to a person."
        ),
    )
    petition_type = models.CharField(
        _("kind of petition"), max_length=20, choices=PetitionType.choices, blank=True
    )
    petition_channel = models.CharField(
        _("received how"), max_length=20, choices=PetitionChannel.choices, blank=True
    )
    answered_on_spot = models.BooleanField(_("answered on the spot"), default=False)
    answered_by = models.CharField(
        _("answered by"),
        max_length=150,
        blank=True,
        help_text=_("Who gave the answer on the spot, e.g. “Chairman of the ward People's Committee”."),
    )
    authority = models.ForeignKey(
        Authority,
        verbose_name=_("authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
        help_text=_("The authority it was forwarded to, or that answered it on the spot."),
    )
    forward_document_number = models.CharField(_("document number"), max_length=60, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    due_date = models.DateField(_("answer due by"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    reply_document_number = models.CharField(_("reply document number"), max_length=60, blank=True)
    commitment = models.ForeignKey(
        "activities.Commitment",
        verbose_name=_("commitment in the answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_concerns",
    )
    informed_on = models.DateField(_("resident informed on"), null=True, blank=True)
    informed_how = models.CharField(_("informed how"), max_length=20, choices=InformedHow.choices, blank=True)
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
            # Only a concern answered late, or not yet, can be overdue at a day (the reports' overdue).
            models.Index(fields=["answered_on"], name="concern_answered_on"),
            # What was sent to the authorities in a report's period (its answers by authority).
            models.Index(fields=["forwarded_on"], name="concern_forwarded_on"),
            models.Index(fields=["category", "received_on"]),
            models.Index(fields=["authority", "forwarded_on"]),
            # The days taken to answer the concerns received in a report's period, by place or
            # organization: on PostgreSQL read from the index alone (the table is not visited once
            # its pages are vacuumed), SQLite keeps the index of the dates.
            models.Index(
                fields=["received_on"],
                include=["answered_on", "residential_area", "unit", "organization"],
                condition=models.Q(answered_on__isnull=False),
                name="concern_answered_days",
            ),
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

    @property
    def is_opinion(self) -> bool:
        """An opinion raised at a voter contact or a question asked at a dialogue."""
        return self.source in OPINION_SOURCES

    @property
    def is_petition(self) -> bool:
        return self.source == ConcernSource.PETITION

    @property
    def is_denunciation(self) -> bool:
        return self.petition_type == PetitionType.DENUNCIATION

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
        self.topic = " ".join((self.topic or "").split())
        self.answered_by = (self.answered_by or "").strip()
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
        self._clean_petition_fields(add)
        self._clean_answer_on_the_spot(add)
        if errors:
            raise ValidationError(errors)

    def _clean_petition_fields(self, add) -> None:
        """A petition says what kind it is and how it came; nothing else has a kind of petition."""
        if self.source == ConcernSource.PETITION:
            if not self.petition_type:
                add("petition_type", _("Choose the kind of petition."))
            if not self.petition_channel:
                add("petition_channel", _("Choose how the petition was received."))
            return
        if self.petition_type:
            add("petition_type", _("Only a petition has a kind of petition."))
        if self.petition_channel:
            add("petition_channel", _("Only a petition records how it was received."))

    def _clean_answer_on_the_spot(self, add) -> None:
        """An answer on the spot is an answer (given by someone), never a forwarding; a forwarding
        goes to an authority that existed on the day."""
        if self.answered_on_spot:
            if self.status not in ANSWERED_STATUSES:
                add("answered_on_spot", _("Only an answered opinion can have been answered on the spot."))
                if not self.answer.strip():
                    add("answer", _("Enter the answer given on the spot."))
            if not self.answered_by:
                add("answered_by", _("Enter who answered on the spot."))
            if self.forwarded_on or self.forward_document_number or self.due_date:
                add(
                    "answered_on_spot",
                    _("An opinion answered on the spot was not forwarded: leave the forwarding empty."),
                )
            authority = self.authority if self.authority_id is not None else None
            if error := authority_not_current(authority, self.answered_on):
                add("authority", error)
            return
        if self.answered_by:
            add("answered_by", _("Say who answered only for an answer given on the spot."))
        sent_to = self.authority if self.authority_id is not None else None
        if error := authority_not_current(sent_to, self.forwarded_on):
            add("authority", error)

    def _clean_workflow_fields(self, add) -> None:
        received = self.received_on
        status = self.status
        forwarded_needed = status == ConcernStatus.FORWARDED
        if forwarded_needed:
            for field in ("authority", "forwarded_on", "due_date"):
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
