"""Forms of the article screens.

Forms validate and normalise; they never save. The views hand the cleaned values to
``articles.services``, which checks the scope again and writes. Choices are limited to what
the cadre may publish for, so an id posted by hand is a field error, not a write.
"""

from __future__ import annotations

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from activities.forms import MultipleFileField, current_first
from core.images import max_upload_bytes
from core.video import YouTubeURLField
from organizations.choosers import chooser
from organizations.fields import OrganizationChoiceField, OrganizationFilter, UnitChoiceField
from organizations.models import AdministrativeUnit, Organization

from .documents import check_pdf, max_document_bytes
from .models import Article, ArticleAttachment, ArticleKind, ArticlePhoto, ArticleStatus
from .services import writable_units_ids


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def _keep(queryset: QuerySet, model, pk: int | None) -> QuerySet:
    """``queryset`` plus the row an edited article already points at."""
    if pk is None:
        return queryset
    return model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk=pk))


@chooser("organization")
def article_organizations(user, *, keep: int | None = None) -> QuerySet[Organization]:
    """The organizations ``user`` writes for, and the one an edited article names (``keep``)."""
    return current_first(_keep(Organization.objects.editable_by(user), Organization, keep))


@chooser("unit")
def article_units(user, *, keep: int | None = None) -> QuerySet[AdministrativeUnit]:
    """The units ``user`` writes about, and the one an edited article names (``keep``)."""
    unit_ids = writable_units_ids(user)
    units = (
        AdministrativeUnit.objects.all()
        if unit_ids is None
        else AdministrativeUnit.objects.filter(pk__in=unit_ids)
    )
    units = _keep(units, AdministrativeUnit, keep).select_related("parent")
    return units.order_by(F("valid_to").desc(nulls_first=True), "name", "pk")


@chooser("organization")
def organizations_with_articles(user) -> QuerySet[Organization]:
    """The organizations of the articles ``user`` sees, by name."""
    with_articles = Article.objects.visible_to(user).values("organization_id")
    return Organization.objects.filter(pk__in=with_articles).order_by("name", "pk")


class ArticleForm(forms.ModelForm):
    """Everything an author writes; the cover photo is processed by the service."""

    cover_upload = forms.FileField(
        label=_("Cover photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover photo"), required=False)

    class Meta:
        model = Article
        fields = [
            "kind", "title", "summary", "body", "organization", "unit", "video_url",
            "cover_caption", "cover_people_consent", "names_people", "people_consent", "consent_note",
        ]  # fmt: skip
        field_classes = {
            "organization": OrganizationChoiceField,
            "unit": UnitChoiceField,
            "video_url": YouTubeURLField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["organization"].choose(article_organizations, user, keep=instance.organization_id)
        self.fields["unit"].choose(article_units, user, keep=instance.unit_id)
        self.fields["cover_upload"].help_text = _(
            "At most %(size)s MB; it is resized and location and camera data are removed."
        ) % {"size": max_upload_bytes() // (1024 * 1024)}
        if not instance.cover:
            del self.fields["remove_cover"]
        self.helper = _helper(
            Div(
                Div("kind", css_class="col-sm-5"), Div("organization", css_class="col-sm-7"), css_class="row"
            ),
            "title",
            "summary",
            "body",
            "unit",
            "cover_upload",
            *(["remove_cover"] if "remove_cover" in self.fields else []),
            "cover_caption",
            "cover_people_consent",
            "video_url",
            Fieldset(
                _("People named (exemplary stories)"),
                "names_people",
                "people_consent",
                "consent_note",
                css_id="consent-fields",
            ),
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("cover_upload") and cleaned.get("remove_cover"):
            self.add_error("remove_cover", _("Either upload a new cover photo or remove it, not both."))
        return cleaned


class ExistingPhotoForm(forms.ModelForm):
    class Meta:
        model = ArticlePhoto
        fields = ["caption", "people_consent"]


ExistingPhotoFormSet = forms.modelformset_factory(
    ArticlePhoto, form=ExistingPhotoForm, extra=0, can_delete=True, edit_only=True
)


class ExistingDocumentForm(forms.ModelForm):
    class Meta:
        model = ArticleAttachment
        fields = ["title"]


ExistingDocumentFormSet = forms.modelformset_factory(
    ArticleAttachment, form=ExistingDocumentForm, extra=0, can_delete=True, edit_only=True
)


class NewMediaForm(forms.Form):
    """Photos and one document to add to an article."""

    MAX_FILES = 10

    photos = MultipleFileField(label=_("Add photos"), required=False)
    photo_caption = forms.CharField(label=_("Caption of the new photos"), max_length=255, required=False)
    photo_consent = forms.BooleanField(
        label=_("The people shown in the new photos agreed to publication"), required=False
    )
    document = forms.FileField(
        label=_("Attach a PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    document_title = forms.CharField(label=_("Title of the document"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = _(
            "Up to %(count)s photos of at most %(size)s MB each; location and camera data are removed. "
            "Photos whose people did not agree are never shown to the public."
        ) % {"count": self.MAX_FILES, "size": max_upload_bytes() // (1024 * 1024)}
        self.fields["document"].help_text = _("A PDF file of at most %(size)s MB.") % {
            "size": max_document_bytes() // (1024 * 1024)
        }
        self.helper = _helper("photos", "photo_caption", "photo_consent", "document", "document_title")

    def clean_photos(self) -> list:
        photos = self.cleaned_data["photos"]
        if len(photos) > self.MAX_FILES:
            raise forms.ValidationError(
                _("Add at most %(count)s photos at a time.") % {"count": self.MAX_FILES}, code="too_many"
            )
        return photos

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document:
            check_pdf(document)
        return document

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_title", "").strip():
            self.add_error("document_title", _("Give the document a title."))
        return cleaned


class ArticleFilter(django_filters.FilterSet):
    """Filters of the cadre list; the organizations offered are those with articles in scope."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=ArticleStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ArticleKind.choices)
    organization = OrganizationFilter(label=_("Organization"), chooser=organizations_with_articles)

    def __init__(self, *args, request, **kwargs) -> None:
        super().__init__(*args, request=request, **kwargs)


class PublicKindForm(forms.Form):
    """The kind filter of the public list."""

    kind = forms.ChoiceField(
        label=_("Show"), choices=[("", _("All articles")), *ArticleKind.choices], required=False
    )
