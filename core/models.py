"""The models every app builds on: the abstract demo flag, timestamps and recorder, dated rows,
and the public search index.

One ``SearchEntry`` per public object (a published activity, an organization, a unit, a
published article): what the results page shows (title, summary, link, date) and the
object's public text normalized for matching without diacritics or case (see
``core.search.normalize``). It holds only what public pages show; it is kept up to date
by the services and rebuilt by ``manage.py rebuild_search_index``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DemoFlag(models.Model):
    """Marks rows invented for the demonstration (shown with a "Demo data" badge)."""

    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Invented for the demonstration.")
    )

    class Meta:
        abstract = True


class Timestamped(DemoFlag):
    """When a row was made and last changed (and whether it is demo data)."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Recorded(Timestamped):
    """A row of the work log or the boards' work: who recorded it, and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class DatedQuerySet(models.QuerySet):
    """Rows that carry ``valid_from`` / ``valid_to`` (inclusive) dates."""

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


class ConsentedPhoto(models.Model):
    """A photo re-encoded on upload (resized, without EXIF or GPS), with its caption and whether the
    people shown agreed to its publication: without that consent it never reaches a public page.

    Each concrete photo adds its owner and its ``image`` (an ``ImageField`` with
    ``width_field="width"``, ``height_field="height"`` and the owning app's folder).
    """

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
        abstract = True

    def __str__(self) -> str:
        return self.caption or self.image.name


class SearchEntry(models.Model):
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("content type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    result_type = models.CharField(
        _("result type"), max_length=20, help_text=_("activity, organization, unit, article…")
    )
    subtype = models.CharField(_("subtype"), max_length=40, blank=True)
    title = models.CharField(pgettext_lazy("heading of an article or a document", "title"), max_length=300)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    url = models.CharField(_("link"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    normalized_title = models.CharField(_("normalized title"), max_length=300)
    normalized = models.TextField(_("normalized text"), help_text=_("The title and all the public text."))
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=5, help_text=_("Results of a lower weight come first among equal matches.")
    )

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_search_entry"),
        ]
        # The table and index names of the app that kept the index first (``portal``).
        db_table = "portal_searchentry"
        indexes = [models.Index(fields=["result_type", "date"], name="portal_sear_result__d5dfdb_idx")]

    def __str__(self) -> str:
        return self.title


class FormSubmission(models.Model):
    """A form that was saved, by the one-time key it carried (``core.idempotency``).

    The key is issued with the form; the first submission that saves something records it here,
    with where it led, in the same transaction as what it saved. The same form sent again (a
    second tap, the browser's "resend", a phone's queue) finds its key and is answered with the
    first result instead of saving twice. Keys are removed after ``FORM_KEY_DAYS`` by
    ``manage.py clean_form_keys``.
    """

    key = models.UUIDField(_("key"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    result_url = models.CharField(_("result"), max_length=500)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("saved form")
        verbose_name_plural = _("saved forms")

    def __str__(self) -> str:
        return str(self.key)
