"""The grassroots work log: activities of the Front and mass organizations.

An ``Activity`` holds what every kind of work shares (date, unit, organizers, summary,
visibility); what only one kind has lives in a typed one-to-one details model per kind
(``VisitDetails``, ``MediationDetails``...). Records keep the unit they were logged in: a
2023 visit stays with the old ward after the 2025 merge.

Reads that views reuse live on ``ActivityQuerySet``; every write goes through
``activities.services``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Recorded
from core.video import safe_youtube_id, youtube_url_validator
from organizations.models import (
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Person,
)
from organizations.scoping import ScopedQuerySet


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Household / grassroots visit")
    MEETING = "meeting", _("Branch or group meeting / training")
    VOTER_CONTACT = "voter_contact", _("Voter contact session")
    DIALOGUE = "dialogue", _("Dialogue between leaders and people")
    MEDIATION = "mediation", _("Mediation case")
    DRAFT_COMMENTS = "draft_comments", _("Comments on a draft / social criticism")
    SUPPORT = "support", _("Support given")
    OTHER = "other", _("Other activity")


# Kinds that happen at a set hour, so the start time is required.
TIMED_KINDS = (ActivityKind.MEETING, ActivityKind.VOTER_CONTACT, ActivityKind.DIALOGUE)


# Fields that never leave the cadre screens (mediation parties, beneficiaries, internal notes).
CONFIDENTIAL_FIELDS = frozenset({"internal_notes", "parties", "beneficiaries"})


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    PUBLISHED = "published", _("Published")


class ActivityQuerySet(ScopedQuerySet):
    """Activities in the user's units, or organized by one of the user's organizations."""

    def scope_condition(self, unit_ids, org_ids, *, write: bool) -> Q | None:
        organized = Activity.organizations.through.objects.filter(organization_id__in=org_ids).values(
            "activity_id"
        )
        return Q(unit_id__in=unit_ids) | Q(pk__in=organized)

    def published(self):
        """Activities that may appear on the public site."""
        return self.filter(
            visibility=Visibility.PUBLISHED, published_at__isnull=False, published_at__lte=timezone.now()
        )

    def newest_first(self):
        return self.order_by("-date", "-start_time", "-pk")


class Activity(Recorded):
    """One piece of grassroots work, logged in the unit where it happened."""

    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Required for meetings, voter contact sessions and dialogues."),
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("The ward, commune or residential area where it happened, as it was on that date."),
    )
    place = models.CharField(_("place"), max_length=255, blank=True, help_text=_("Shown to the public."))
    organizations = models.ManyToManyField(
        Organization, verbose_name=_("organizing organizations"), related_name="activities"
    )
    summary = models.TextField(_("summary"), help_text=_("Shown to the public if the activity is published."))
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Only for cadres; never published.")
    )
    video_url = models.URLField(
        _("YouTube video"),
        blank=True,
        validators=[youtube_url_validator],
        help_text=_("A link to a video on YouTube; shown on the public page when the activity is published."),
    )
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [
            models.Index(fields=["unit", "date"]),
            models.Index(fields=["kind", "date"]),
            # The feeds: newest publication first.
            models.Index(fields=["visibility", "published_at"]),
            # The public list in its order (``newest_first``), published_at checked in the index.
            models.Index(
                fields=["visibility", "-date", "-start_time", "-id", "published_at"],
                name="activity_public_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("activities:detail", args=[self.pk])

    @property
    def video_id(self) -> str:
        """The id of the YouTube video, or "" (see ``templates/articles/_video.html``)."""
        return safe_youtube_id(self.video_url)

    @property
    def details(self) -> models.Model | None:
        """The kind-specific details, or None (for "other", or when not saved yet)."""
        accessor = DETAILS_ACCESSORS.get(self.kind)
        if accessor is None:
            return None
        return getattr(self, accessor, None)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.kind in TIMED_KINDS and self.start_time is None:
            errors.setdefault("start_time", []).append(_("Enter the start time of this kind of activity."))
        if self.unit_id is not None and self.date is not None and not _unit_existed(self.unit, self.date):
            errors.setdefault("unit", []).append(
                _("This unit did not exist on %(date)s.") % {"date": f"{self.date:%d/%m/%Y}"}
            )
        if self.date is not None and self.date > timezone.localdate() + datetime.timedelta(days=366):
            errors.setdefault("date", []).append(_("The date is too far in the future."))
        if errors:
            raise ValidationError(errors)


def _unit_existed(unit: AdministrativeUnit, on: datetime.date) -> bool:
    started = unit.valid_from is None or unit.valid_from <= on
    return started and (unit.valid_to is None or unit.valid_to >= on)


def details_of(related_name: str) -> models.OneToOneField:
    """The link of a kind's details to their activity (which is also their primary key)."""
    return models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name=related_name,
    )


class ActivityDetails(models.Model):
    """Base of the kind-specific details: one row per activity of that kind."""

    kind: str = ""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.activity)

    def clean_for(self, activity: Activity) -> None:
        """Checks that need the activity (its date and unit); called by the services."""


class VisitDetails(ActivityDetails):
    kind = ActivityKind.VISIT

    activity = details_of("visit_details")
    residential_area = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("residential area"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    households_visited = models.PositiveIntegerField(
        _("households visited"), validators=[MinValueValidator(1)]
    )
    cadres = models.ManyToManyField(
        Person,
        verbose_name=_("cadres who went"),
        blank=True,
        related_name="+",
        help_text=_("Office holders from the directory."),
    )
    other_cadres = models.CharField(
        _("other cadres who went"),
        max_length=255,
        blank=True,
        help_text=_("Names of cadres who are not in the directory."),
    )

    class Meta:
        verbose_name = _("visit details")
        verbose_name_plural = _("visit details")

    def clean_for(self, activity: Activity) -> None:
        if self.residential_area_id is None or activity.unit_id is None:
            return
        area = self.residential_area
        if not area.is_residential_area:
            raise ValidationError({"residential_area": _("Choose a village, quarter or street group.")})
        if activity.date is not None and not _unit_existed(area, activity.date):
            raise ValidationError(
                {"residential_area": _("This residential area did not exist on the activity's date.")}
            )
        if area.pk != activity.unit_id and activity.unit_id not in _ancestor_ids(area):
            raise ValidationError(
                {"residential_area": _("The residential area must be in the activity's unit.")}
            )


def _ancestor_ids(unit: AdministrativeUnit) -> set[int]:
    """The units above ``unit`` (a residential area is two or three levels deep)."""
    found: set[int] = set()
    current = unit.parent_id
    while current is not None and current not in found:
        found.add(current)
        current = AdministrativeUnit.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return found


class MeetingDetails(ActivityDetails):
    kind = ActivityKind.MEETING

    activity = details_of("meeting_details")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("branch or group"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    is_training = models.BooleanField(_("training"), default=False)
    topic = models.CharField(_("topic"), max_length=255)

    class Meta:
        verbose_name = _("meeting details")
        verbose_name_plural = _("meeting details")


class CouncilLevel(models.TextChoices):
    NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
    PROVINCIAL_COUNCIL = "provincial_council", _("Provincial People's Council")
    COMMUNE_COUNCIL = "commune_council", _("Commune People's Council")


class SessionTiming(models.TextChoices):
    BEFORE = "before", _("Before the session")
    AFTER = "after", _("After the session")


class VoterContactDetails(ActivityDetails):
    kind = ActivityKind.VOTER_CONTACT

    activity = details_of("voter_contact_details")
    level = models.CharField(_("level"), max_length=20, choices=CouncilLevel.choices)
    timing = models.CharField(_("timing"), max_length=10, choices=SessionTiming.choices)
    session = models.CharField(
        _("session"), max_length=255, help_text=_("e.g. “kỳ họp thứ 10, Quốc hội khóa XV”.")
    )
    deputies_present = models.TextField(_("deputies present"), blank=True)
    voters_attending = models.PositiveIntegerField(_("voters attending"), default=0)
    opinions_count = models.PositiveIntegerField(_("opinions raised"), default=0)

    class Meta:
        verbose_name = _("voter contact details")
        verbose_name_plural = _("voter contact details")


class DialogueDetails(ActivityDetails):
    kind = ActivityKind.DIALOGUE

    activity = details_of("dialogue_details")
    leaders_present = models.TextField(_("leaders present"))
    topics = models.TextField(_("topics"))

    class Meta:
        verbose_name = _("dialogue details")
        verbose_name_plural = _("dialogue details")


class DialogueCommitment(models.Model):
    """A commitment made by the leaders at a dialogue, followed until fulfilled."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("dialogue"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.TextField(_("commitment"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    fulfilled = models.BooleanField(_("fulfilled"), default=False)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.activity_id is not None and self.activity.kind != ActivityKind.DIALOGUE:
            raise ValidationError(_("Only a dialogue can have commitments."))


class DisputeType(models.TextChoices):
    LAND = "land", _("Land")
    FAMILY = "family", _("Marriage and family")
    NEIGHBOURS = "neighbours", _("Between neighbours")
    CIVIL = "civil", _("Civil")
    OTHER = "other", _("Other")


class MediationOutcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Successful")
    UNSUCCESSFUL = "unsuccessful", _("Unsuccessful")
    PENDING = "pending", _("Pending")
    REFERRED = "referred", _("Referred to the authorities")


class MediationDetails(ActivityDetails):
    kind = ActivityKind.MEDIATION

    activity = details_of("mediation_details")
    mediation_team = models.ForeignKey(
        Organization,
        verbose_name=_("mediation team"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganizationKind.MEDIATION_TEAM},
    )
    dispute_type = models.CharField(_("dispute type"), max_length=20, choices=DisputeType.choices)
    parties_count = models.PositiveSmallIntegerField(
        _("number of parties"), default=2, validators=[MinValueValidator(2)]
    )
    parties = models.TextField(_("parties (confidential)"), help_text=_("Never shown to the public."))
    sessions = models.PositiveSmallIntegerField(_("mediation sessions"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=MediationOutcome.choices, default=MediationOutcome.PENDING
    )

    class Meta:
        verbose_name = _("mediation details")
        verbose_name_plural = _("mediation details")

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.mediation_team_id is not None and self.mediation_team.kind != OrganizationKind.MEDIATION_TEAM:
            errors["mediation_team"] = [_("Choose a mediation team.")]
        if self.outcome in (MediationOutcome.SUCCESSFUL, MediationOutcome.UNSUCCESSFUL) and not self.sessions:
            errors["sessions"] = [_("A case that was mediated successfully or unsuccessfully had sessions.")]
        if errors:
            raise ValidationError(errors)


class DraftCommentDetails(ActivityDetails):
    kind = ActivityKind.DRAFT_COMMENTS

    activity = details_of("draft_comment_details")
    document_title = models.CharField(_("draft or policy"), max_length=255)
    drafting_body = models.CharField(_("drafting body"), max_length=255)
    opinions_gathered = models.PositiveIntegerField(_("opinions gathered"), default=0)
    sent_document_number = models.CharField(_("number of the document sent"), max_length=60, blank=True)
    sent_document_date = models.DateField(_("date of the document sent"), null=True, blank=True)
    accepted_or_explained = models.TextField(_("accepted or explained"), blank=True)

    class Meta:
        verbose_name = _("comments on a draft")
        verbose_name_plural = _("comments on drafts")


class SupportType(models.TextChoices):
    DISASTER_RELIEF = "disaster_relief", _("Relief after a disaster")
    TET_GIFTS = "tet_gifts", _("Tết gifts")
    SCHOLARSHIPS = "scholarships", _("Scholarships")
    GREAT_UNITY_HOUSE = "great_unity_house", _("Great Unity house")
    FUND_FOR_THE_POOR = "fund_for_the_poor", _("Fund for the Poor")
    OTHER = "other", _("Other support")


class SupportDetails(ActivityDetails):
    kind = ActivityKind.SUPPORT

    activity = details_of("support_details")
    support_type = models.CharField(_("type of support"), max_length=20, choices=SupportType.choices)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    value_vnd = models.PositiveBigIntegerField(_("value (VND)"), default=0)
    beneficiaries = models.TextField(
        _("beneficiaries (confidential)"), blank=True, help_text=_("Never shown to the public.")
    )

    class Meta:
        verbose_name = _("support details")
        verbose_name_plural = _("support details")


DETAILS_MODELS: dict[str, type[ActivityDetails]] = {
    model.kind: model
    for model in (
        VisitDetails,
        MeetingDetails,
        VoterContactDetails,
        DialogueDetails,
        MediationDetails,
        DraftCommentDetails,
        SupportDetails,
    )
}
DETAILS_ACCESSORS: dict[str, str] = {
    kind: model._meta.get_field("activity").remote_field.related_name
    for kind, model in DETAILS_MODELS.items()
}


def photo_upload_to(instance: ActivityPhoto, filename: str) -> str:
    # The file name is made by the image processing (a random name), never the uploader's.
    return f"activities/{timezone.localdate():%Y/%m}/{filename}"


class ActivityPhoto(models.Model):
    """A photo of an activity, re-encoded on upload (resized, without EXIF or GPS)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    people_consent = models.BooleanField(
        _("the people shown agreed to publication"),
        default=False,
        help_text=_("Photos of people are published only with their consent."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
