"""What the concerns app adds to an activity's pages (``core.panels``): on the cadre page of a voter
contact or dialogue, the opinions or questions raised there with the button to add one; on its
public page, once it has taken place, the opinions counted by topic and the publishable summaries.
The activities app knows nothing of concerns: ``ConcernsConfig.ready`` registers these."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from activities.models import Activity, ActivityKind

from . import selectors, selectors_public

OPINION_KINDS = (ActivityKind.VOTER_CONTACT, ActivityKind.DIALOGUE)


def activity_opinions(request: HttpRequest, activity: Activity) -> str:
    """The opinions (questions) of a voter contact (dialogue) the user may see (three queries)."""
    if activity.kind not in OPINION_KINDS:
        return ""
    context = selectors.activity_opinions(request.user, activity)
    context.update(
        activity=activity,
        is_dialogue=activity.kind == ActivityKind.DIALOGUE,
        can_add=not activity.is_upcoming
        and Activity.objects.editable_by(request.user).filter(pk=activity.pk).exists(),
    )
    return render_to_string("concerns/_activity_opinions.html", context, request=request)


def public_activity_opinions(request: HttpRequest, activity: Activity) -> str:
    """After the event: its opinions grouped by topic, counted, and the publishable summaries (two
    queries); nothing before it or when none was recorded. The same for every visitor."""
    if activity.kind not in OPINION_KINDS or activity.is_upcoming:
        return ""
    opinions = selectors_public.activity_opinions(activity.pk)
    if not opinions.groups:
        return ""
    return render_to_string(
        "concerns/public/_activity_opinions.html",
        {"opinions": opinions, "is_dialogue": activity.kind == ActivityKind.DIALOGUE},
        request=request,
    )
