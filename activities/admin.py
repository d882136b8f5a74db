"""The work log in the Django admin (staff only).

Cadres log activities through the cadre screens, whose services check scopes and process
photos. The admin is for staff corrections, and writes through the same services with the
staff member as actor (``core.admin.ServiceAdminMixin``): a change, with the kind's details,
a dialogue's or voter contact's commitments and the photos kept, is one ``update_activity``
call, and a delete is ``delete_activity``, so an activity set to internal or deleted here
leaves the public search and the cached public pages at once, and the audit log names the
staff member. Activities are not added here (they are logged with their details and photos on
the cadre screens), their kind does not change and the service stamps the publication time.
Photos can be re-captioned or removed here, not uploaded (an upload must go through the image
processing that strips EXIF). The status of a commitment is recorded on the cadre screen.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ConfidentialAdminMixin, ServiceAdminMixin, kept_rows
from organizations.models import Person

from . import services
from .commitments import COMMITMENT_KINDS
from .models import (
    DETAILS_MODELS,
    Activity,
    ActivityDetails,
    ActivityPhoto,
    Commitment,
    DialogueDetails,
    DraftCommentDetails,
    MediationDetails,
    MeetingDetails,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)


class DetailsInline(admin.StackedInline):
    # One form: the details, or an empty form to enter them when they are missing.
    extra = 1
    max_num = 1
    can_delete = False


class VisitInline(DetailsInline):
    model = VisitDetails
    autocomplete_fields = ["residential_area"]
    filter_horizontal = ["cadres"]


class MeetingInline(DetailsInline):
    model = MeetingDetails
    autocomplete_fields = ["organization"]


class VoterContactInline(DetailsInline):
    model = VoterContactDetails


class DialogueInline(DetailsInline):
    model = DialogueDetails


class MediationInline(DetailsInline):
    model = MediationDetails
    autocomplete_fields = ["mediation_team"]


class DraftCommentInline(DetailsInline):
    model = DraftCommentDetails


class SupportInline(DetailsInline):
    model = SupportDetails


class CommitmentInline(admin.TabularInline):
    """A dialogue's or voter contact's commitments: what, by whom, by when. Their unit is the
    activity's (set by the service); what became of them is recorded on the cadre screen
    (``record_commitment_status``, with its checks), so the status is shown here, not changed."""

    model = Commitment
    extra = 0
    fields = ["text", "owner", "deadline", "status", "status_on", "evidence"]
    readonly_fields = ["status", "status_on", "evidence"]
    autocomplete_fields = ["owner"]


class PhotoInline(admin.TabularInline):
    model = ActivityPhoto
    extra = 0
    fields = ["image", "caption", "people_consent", "width", "height"]
    readonly_fields = ["image", "width", "height"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


INLINES_BY_KIND = {
    inline.model.kind: inline
    for inline in (
        VisitInline,
        MeetingInline,
        VoterContactInline,
        DialogueInline,
        MediationInline,
        DraftCommentInline,
        SupportInline,
    )
}


@admin.register(Activity)
class ActivityAdmin(ConfidentialAdminMixin, ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "unit", "visibility", "created_by"]
    list_filter = ["kind", "visibility", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["summary", "place", "unit__name"]
    list_select_related = ["unit", "created_by"]
    autocomplete_fields = ["unit", "organizations"]
    readonly_fields = ["kind", "published_at", "created_by", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def confidential_part(self, obj: Activity):
        # Mediation parties and beneficiaries are confidential (as on the cadre pages).
        details = obj.details
        return details if isinstance(details, MediationDetails | SupportDetails) else None

    def get_inline_instances(self, request: HttpRequest, obj: Activity | None = None):
        if obj is None:
            return []
        inlines = []
        details_inline = INLINES_BY_KIND.get(obj.kind)
        if details_inline is not None:
            inlines.append(details_inline(self.model, self.admin_site))
        if obj.kind in COMMITMENT_KINDS:
            inlines.append(CommitmentInline(self.model, self.admin_site))
        inlines.append(PhotoInline(self.model, self.admin_site))
        return inlines

    def save_with_service(self, request: HttpRequest, obj: Activity, form, formsets, change: bool) -> None:
        by_model = {formset.model: formset for formset in formsets}
        details, cadres = _details(formsets)
        commitments = by_model.get(Commitment)
        photos = by_model.get(ActivityPhoto)
        services.update_activity(
            actor=request.user,
            activity=obj,
            organizations=form.cleaned_data["organizations"],
            details=details,
            cadres=cadres,
            commitments=kept_rows(commitments) if commitments is not None else None,
            kept_photos=kept_rows(photos) if photos is not None else None,
        )

    def delete_with_service(self, request: HttpRequest, obj: Activity) -> None:
        services.delete_activity(actor=request.user, activity=obj)


def _details(formsets) -> tuple[ActivityDetails | None, list[Person]]:
    """The kind's details from their inline (the stored row, or the empty form once filled in)
    and, for a visit, the cadres who went."""
    for formset in formsets:
        if formset.model not in DETAILS_MODELS.values():
            continue
        stored = formset.initial_form_count()
        for index, form in enumerate(formset.forms):
            if index < stored or form.has_changed():
                return form.instance, list(form.cleaned_data.get("cadres") or ())
    return None, []
