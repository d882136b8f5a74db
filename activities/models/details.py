"""What only one kind of activity has: one typed details record per kind, and the commitments
made at dialogues and voter contacts."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import (
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Person,
)
from organizations.scoping import ScopedQuerySet, ScopeIds

from .activity import Activity, ActivityKind, _unit_existed, details_of


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
    DISTRICT_COUNCIL = "district_council", _("District or town People's Council")
    COMMUNE_COUNCIL = "commune_council", _("Commune People's Council")


# The district level (huyện, thị xã such as La Gi) ended on 1 July 2025, and its People's Councils with it.
DISTRICT_LEVEL_END = datetime.date(2025, 6, 30)


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

    def clean_for(self, activity: Activity) -> None:
        if (
            self.level == CouncilLevel.DISTRICT_COUNCIL
            and activity.date is not None
            and activity.date > DISTRICT_LEVEL_END
        ):
            raise ValidationError(
                {
                    "level": _(
                        "District and town People's Councils ended on 30 June 2025; choose another level."
                    )
                }
            )


class DialogueDetails(ActivityDetails):
    kind = ActivityKind.DIALOGUE

    activity = details_of("dialogue_details")
    leaders_present = models.TextField(_("leaders present"))
    topics = models.TextField(_("topics"))

    class Meta:
        verbose_name = _("dialogue details")
        verbose_name_plural = _("dialogue details")


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Not yet due or not yet checked")
    KEPT = "kept", _("Kept")
    PARTLY_KEPT = "partly_kept", _("Partly kept")
    NOT_KEPT = "not_kept", _("Not kept")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


class CommitmentQuerySet(ScopedQuerySet):
    """Commitments in the user's units, or made at an activity one of the user's organizations
    organized (the same rule as the activity's); overdue ones are still pending after their deadline."""

    unit_lookups = ("unit_id",)

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        # EXISTS on the commitment's own activity: an index look-up per row, where an IN list would
        # read every activity the organizations ever organized.
        organized = Activity.organizations.through.objects.filter(
            activity_id=OuterRef("activity_id"), organization_id__in=org_ids
        )
        return Q(unit_id__in=unit_ids) | Q(Exists(organized))

    def pending(self):
        return self.filter(status=CommitmentStatus.PENDING)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(status=CommitmentStatus.PENDING, deadline__lt=today)


class Commitment(models.Model):
    """A commitment made by an authority at a dialogue or a voter contact, or in a reply to a
    concern, followed until it is kept (or found not kept) with evidence."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("dialogue or voter contact"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    unit = models.ForeignKey(
        "organizations.AdministrativeUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where it was made: the unit of the dialogue, or of the concern it answers."),
    )
    owner = models.ForeignKey(
        "organizations.Authority",
        verbose_name=_("committed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    text = models.TextField(_("commitment"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.PENDING
    )
    status_on = models.DateField(_("status recorded on"), null=True, blank=True)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows the status: a document, a visit, a photo's description."),
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue_on(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == CommitmentStatus.PENDING and self.deadline is not None and self.deadline < today

    def clean(self) -> None:
        if self.activity_id is not None and self.activity.kind not in (
            ActivityKind.DIALOGUE,
            ActivityKind.VOTER_CONTACT,
        ):
            raise ValidationError(_("Only a dialogue or a voter contact can have commitments."))
        if self.status != CommitmentStatus.PENDING:
            errors = {}
            if not self.status_on:
                errors["status_on"] = _("Enter the date the status was checked.")
            if not self.evidence.strip():
                errors["evidence"] = _("Describe the evidence for this status.")
            if errors:
                raise ValidationError(errors)


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
