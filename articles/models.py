"""Articles of the public portal: news, plain-language explanations of new policies, and
exemplary stories ("typical examples" of the Smart Mass Mobilization movement).

An article belongs to the organization that publishes it; a cadre sees and edits the
articles of the organizations in their scope. The body is Markdown, rendered and sanitised
by ``articles.markdown``. Reads that views reuse live on ``ArticleQuerySet``; every write
goes through ``articles.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import ConsentedPhoto, Timestamped
from core.video import safe_youtube_id, youtube_url_validator
from organizations.models import AdministrativeUnit, Organization
from organizations.scoping import ScopedQuerySet


class ArticleKind(models.TextChoices):
    NEWS = "news", _("News")
    POLICY = "policy", _("Policy explained")
    EXEMPLARY_STORY = "exemplary_story", _("Exemplary story")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ArticleQuerySet(ScopedQuerySet):
    """Articles of the organizations the user may see."""

    org_lookups = ("organization_id",)

    def published(self):
        """Articles that may appear on the public site."""
        return self.filter(
            status=ArticleStatus.PUBLISHED, published_at__isnull=False, published_at__lte=timezone.now()
        )

    def newest_first(self):
        return self.order_by(models.F("published_at").desc(nulls_first=True), "-created_at", "-pk")


def cover_upload_to(instance: Article, filename: str) -> str:
    # The file name is made by the image processing (a random name), never the uploader's.
    return f"articles/covers/{timezone.localdate():%Y/%m}/{filename}"


class Article(Timestamped):
    kind = models.CharField(_("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    title = models.CharField(pgettext_lazy("heading of an article or a document", "title"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=200,
        unique=True,
        help_text=_("Made from the title; it stays the same once the article has been published."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in lists and when the article is shared."),
    )
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: a blank line between paragraphs, ## for a heading, **bold**, *italic*, "
            "- for a list, [text](https://…) for a link."
        ),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("publishing organization"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text=_("The ward, commune or residential area the article is about, if any."),
    )
    cover = models.ImageField(
        _("cover photo"),
        upload_to=cover_upload_to,
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(_("cover width"), null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(_("cover height"), null=True, blank=True, editable=False)
    cover_caption = models.CharField(
        _("cover caption"), max_length=255, blank=True, help_text=_("Describes the photo for blind readers.")
    )
    cover_people_consent = models.BooleanField(
        _("nobody recognisable is on the cover, or the people shown agreed to publication"),
        default=False,
    )
    video_url = models.URLField(
        _("YouTube video"),
        blank=True,
        validators=[youtube_url_validator],
        help_text=_(
            "A link to a video on YouTube (youtube.com/watch?v=…, youtu.be/…, /shorts/… or /embed/…)."
        ),
    )
    names_people = models.BooleanField(
        _("the story names people"),
        default=True,
        help_text=_(
            "Residents or members named in the story (office holders in their public role do not count)."
        ),
    )
    people_consent = models.BooleanField(
        _("the people named agreed to publication"),
        default=False,
        help_text=_("Required to publish an exemplary story that names people."),
    )
    consent_note = models.CharField(
        _("how consent was given"),
        max_length=255,
        blank=True,
        help_text=_(
            "e.g. “signed consent form of 10/11/2025, kept at the ward Front office”. Not published."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Set when the article is first published.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["kind", "status", "published_at"]),
            models.Index(fields=["organization", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The public page (a 404 for the public while it is a draft)."""
        return reverse("articles:detail", args=[self.slug])

    def get_cadre_url(self) -> str:
        return reverse("articles_cadre:preview", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    @property
    def video_id(self) -> str:
        return safe_youtube_id(self.video_url)

    @property
    def needs_people_consent(self) -> bool:
        return self.kind == ArticleKind.EXEMPLARY_STORY and self.names_people and not self.people_consent

    def clean(self) -> None:
        if self.status != ArticleStatus.PUBLISHED:
            return
        errors: dict[str, list] = {}
        if self.needs_people_consent:
            errors["people_consent"] = [
                _(
                    "An exemplary story that names people can only be published when the people "
                    "named agreed to publication."
                )
            ]
        if self.cover and not self.cover_people_consent:
            errors["cover_people_consent"] = [
                _("Confirm that nobody recognisable is on the cover, or that the people shown agreed.")
            ]
        if errors:
            raise ValidationError(errors)


def photo_upload_to(instance: ArticlePhoto, filename: str) -> str:
    return f"articles/photos/{timezone.localdate():%Y/%m}/{filename}"


class ArticlePhotoQuerySet(models.QuerySet):
    def public(self):
        """Photos that may be shown to the public: the people shown agreed."""
        return self.filter(people_consent=True)


class ArticlePhoto(ConsentedPhoto):
    """A gallery photo, re-encoded on upload (resized, without EXIF or GPS)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"), upload_to=photo_upload_to, width_field="width", height_field="height"
    )

    objects = ArticlePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("article photo")
        verbose_name_plural = _("article photos")
        ordering = ["pk"]


def attachment_upload_to(instance: ArticleAttachment, filename: str) -> str:
    return f"articles/documents/{timezone.localdate():%Y/%m}/{filename}"


class ArticleAttachment(models.Model):
    """A PDF document attached to an article (a decision, a leaflet, a form)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(pgettext_lazy("heading of an article or a document", "title"), max_length=200)
    file = models.FileField(_("PDF file"), upload_to=attachment_upload_to)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title
