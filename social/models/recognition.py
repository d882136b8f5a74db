"""Exemplary models and people: emulation movements, models ("Dân vận khéo" and others), commendations.

A model's story is public once published; the name of the person behind it, and the name of a
person who was commended, only when they agreed (``name_consent``). A collective is named.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded, Timestamped
from organizations.models import Organization
from organizations.scoping import ScopedQuerySet

from .common import add_error, check_not_future, raise_errors


class OrganizationScopedQuerySet(ScopedQuerySet):
    """Rows of an organization: its unit, or the organization itself (and its branches)."""

    unit_lookups = ("organization__unit_id",)
    org_lookups = ("organization_id",)

    def published(self):
        return self.filter(is_published=True)


class MovementKind(models.TextChoices):
    MOVEMENT = "movement", _("Emulation movement")
    CAMPAIGN = "campaign", _("Campaign")


class EmulationMovement(Timestamped):
    """An emulation movement (phong trào thi đua) or a campaign (cuộc vận động) run locally."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MovementKind.choices, default=MovementKind.MOVEMENT
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="emulation_movements",
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Shown to the public."))

    objects = OrganizationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation movement or campaign")
        verbose_name_plural = _("emulation movements and campaigns")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ModelField(models.TextChoices):
    ECONOMY = "economy", _("Economy and livelihoods")
    SOCIAL_SECURITY = "social_security", _("Social security")
    CULTURE = "culture", _("Culture and society")
    ENVIRONMENT = "environment", _("Environment")
    SECURITY = "security", _("Security and public order")
    GOVERNMENT = "government", _("Building the Party and government")
    OTHER = "other", _("Other")


class ExemplaryModel(Recorded):
    name = models.CharField(_("name"), max_length=255)
    field = models.CharField(_("field"), max_length=20, choices=ModelField.choices)
    organization = models.ForeignKey(
        Organization, verbose_name=_("owning organization"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    movements = models.ManyToManyField(
        EmulationMovement,
        verbose_name=_("movements and campaigns"),
        blank=True,
        related_name="exemplary_models",
    )
    decision_number = models.CharField(_("recognising decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("date of the recognising decision"), null=True, blank=True)
    decided_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    results = models.TextField(_("results"), blank=True, help_text=_("Shown to the public when published."))
    story = models.TextField(
        _("story"),
        blank=True,
        help_text=_("Shown to the public when published. Name people only if they agreed."),
    )
    person_name = models.CharField(
        _("person behind the model"),
        max_length=150,
        blank=True,
        help_text=_("Shown to the public only with the person's consent."),
    )
    name_consent = models.BooleanField(_("the person agreed to be named publicly"), default=False)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown in the public showcase.")
    )

    objects = OrganizationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemplary model")
        verbose_name_plural = _("exemplary models")
        ordering = ["-year", "name", "pk"]
        indexes = [models.Index(fields=["is_published", "year"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("social:model_detail", args=[self.pk])

    @property
    def public_person(self) -> str:
        return self.person_name if self.name_consent else ""

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.year is not None and not 2000 <= self.year <= timezone.localdate().year:
            add_error(errors, "year", _("Enter a year between 2000 and this year."))
        check_not_future(errors, "decision_date", self.decision_date)
        raise_errors(errors)


class RecipientKind(models.TextChoices):
    PERSON = "person", _("Person")
    COLLECTIVE = "collective", _("Collective")


class CommendationLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District or town")
    COMMUNE = "commune", _("Ward or commune")
    ORGANIZATION = "organization", _("Association or Front")


class AwardForm(models.TextChoices):
    MEDAL = "medal", _("Order or medal")
    MERIT_CERTIFICATE = "merit_certificate", _("Certificate of merit")
    COMMENDATION_LETTER = "commendation_letter", _("Letter of commendation")
    EMULATION_FLAG = "emulation_flag", _("Emulation flag")
    EMULATION_TITLE = "emulation_title", _("Emulation title")
    OTHER = "other", _("Other")


class Commendation(Recorded):
    recipient_kind = models.CharField(
        _("recipient"), max_length=10, choices=RecipientKind.choices, default=RecipientKind.PERSON
    )
    recipient_name = models.CharField(_("recipient's name"), max_length=255)
    name_consent = models.BooleanField(
        _("the person agreed to be named publicly"),
        default=False,
        help_text=_("A collective is always named; a person only with their consent."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organization that proposed the commendation, or whose member was commended."),
    )
    exemplary_model = models.ForeignKey(
        ExemplaryModel,
        verbose_name=_("exemplary model"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    movement = models.ForeignKey(
        EmulationMovement,
        verbose_name=_("movement or campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    level = models.CharField(_("level"), max_length=15, choices=CommendationLevel.choices)
    form = models.CharField(_("form"), max_length=20, choices=AwardForm.choices)
    awarded_by = models.CharField(_("awarded by"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    reason = models.TextField(_("for"), blank=True, help_text=_("Shown to the public when published."))
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown in the public showcase.")
    )

    objects = OrganizationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-decision_date", "-pk"]
        indexes = [models.Index(fields=["is_published", "decision_date"])]

    def __str__(self) -> str:
        return f"{self.get_form_display()} – {self.decision_number}"

    @property
    def public_recipient(self) -> str:
        """The recipient as the public showcase names them ("" for a person who did not agree)."""
        if self.recipient_kind == RecipientKind.COLLECTIVE or self.name_consent:
            return self.recipient_name
        return ""

    def clean(self) -> None:
        errors: dict[str, list] = {}
        check_not_future(errors, "decision_date", self.decision_date)
        raise_errors(errors)
