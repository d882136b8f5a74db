"""Public pages of the work log: the activity list and an activity's page.

Only published activities are shown (anything else is a 404), and only their public
fields (``activities.facts``). Pages are the same for every anonymous visitor and are cached
for them (``cache_public_page``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.caching import cache_public_page
from core.panels import public_panels_for
from core.views import paginate

from . import selectors_public as selectors
from .commitments import COMMITMENT_KINDS, public_commitments
from .facts import public_facts
from .filters_public import PublicActivityFilter, has_filter_values

PAGE_SIZE = 20


@require_safe
@cache_public_page(params=("page", *PublicActivityFilter.base_filters))
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = selectors.published_activities().prefetch_related(selectors.organizers()).newest_first()
    filterset = PublicActivityFilter(request.GET or None, queryset=activities)
    page = paginate(request, filterset.qs, PAGE_SIZE)
    return render(
        request,
        "portal/activity_list.html",
        {"filter": filterset, "page": page, "filtered": has_filter_values(filterset)},
    )


@require_safe
@cache_public_page
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_for_public_page(pk)
    if activity is None:
        raise Http404
    photos = activity.public_photos
    return render(
        request,
        "portal/activity_detail.html",
        {
            "activity": activity,
            "facts": public_facts(activity),
            "photos": photos,
            "commitments": _public_commitments(activity),
            # What apps above add to the public page (the opinions of a voter contact, from concerns).
            "public_panels": public_panels_for(request, activity),
            "page_url": request.build_absolute_uri(request.path),
            "share_image": request.build_absolute_uri(photos[0].image.url) if photos else "",
        },
    )


def _public_commitments(activity) -> list:
    """A dialogue's or voter contact's commitments once it has taken place (one query), else none."""
    if activity.kind not in COMMITMENT_KINDS or activity.is_upcoming:
        return []
    return public_commitments([activity.pk])[activity.pk]
