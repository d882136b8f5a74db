"""An activity of the work log (what every kind shares) and its photos."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ConsentedPhoto, Recorded
from core.video import safe_youtube_id, youtube_url_validator
from organizations.models import (
    AdministrativeUnit,
    Organization,
)
from organizations.scoping import RowExists, ScopedQuerySet, ScopeIds, any_of


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

    def scope_condition(self, unit_ids: ScopeIds, org_ids: ScopeIds, *, write: bool) -> Q | None:
        parts: list = [Q(unit_id__in=unit_ids)] if unit_ids else []
        wide = unit_ids.wide or org_ids.wide
        if org_ids:
            organizers = Activity.organizations.through.objects.filter(org_ids.matching("organization_id"))
            if org_ids.rowwise:
                # Asked of each row the list reads in its order (``RowExists``), not a hash of
                # every activity the organizations ran, built before the first row is returned.
                parts.append(RowExists(organizers.filter(activity_id=OuterRef("pk"))))
            else:
                parts.append(organizers.order_by().values("activity_id"))
        return any_of(Activity, parts, wide=wide)

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
            # The work log in its order (``newest_first``), read from the top until a page is full.
            models.Index(fields=["date", "start_time", "id"], name="activity_order_idx"),
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
    def is_upcoming(self) -> bool:
        """An event still to come: it has no attendance or results yet."""
        return self.date > timezone.localdate()

    @property
    def video_id(self) -> str:
        """The id of the YouTube video, or "" (see ``templates/articles/_video.html``)."""
        return safe_youtube_id(self.video_url)

    @property
    def details(self) -> models.Model | None:
        """The kind-specific details, or None (for "other", or when not saved yet)."""
        from .details import DETAILS_ACCESSORS

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


def photo_upload_to(instance: ActivityPhoto, filename: str) -> str:
    # The file name is made by the image processing (a random name), never the uploader's.
    return f"activities/{timezone.localdate():%Y/%m}/{filename}"


class ActivityPhoto(ConsentedPhoto):
    """A photo of an activity, re-encoded on upload (resized, without EXIF or GPS)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]
