"""The work log in the Django admin (staff only).

Cadres log activities through the cadre screens, whose services check scopes and process
photos. The admin is for staff corrections: photos can be re-captioned or removed here,
not uploaded (an upload must go through the image processing that strips EXIF).
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Activity,
    ActivityPhoto,
    DialogueCommitment,
    DialogueDetails,
    DraftCommentDetails,
    MediationDetails,
    MeetingDetails,
    SupportDetails,
    VisitDetails,
    VoterContactDetails,
)


class DetailsInline(admin.StackedInline):
    extra = 0
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
    model = DialogueCommitment
    extra = 0


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
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "unit", "visibility", "created_by"]
    list_filter = ["kind", "visibility", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["summary", "place", "unit__name"]
    list_select_related = ["unit", "created_by"]
    autocomplete_fields = ["unit", "organizations"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def get_inline_instances(self, request: HttpRequest, obj: Activity | None = None):
        if obj is None:
            return []
        inlines = []
        details_inline = INLINES_BY_KIND.get(obj.kind)
        if details_inline is not None:
            inlines.append(details_inline(self.model, self.admin_site))
        if obj.kind == "dialogue":
            inlines.append(CommitmentInline(self.model, self.admin_site))
        inlines.append(PhotoInline(self.model, self.admin_site))
        return inlines
