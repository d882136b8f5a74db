"""The search documents of published activities.

Only what the public pages show goes into a document: never internal notes, mediation
parties, beneficiaries, the cadres who went on a visit, or anything about residents.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core import search
from core.search import labels_in_all_languages
from organizations.models import Organization

from .facts import CONFIDENTIAL_DEFERRED, PUBLIC_DETAILS_RELATED, public_facts
from .models import Activity, ActivityKind, Visibility


def is_public(activity: Activity) -> bool:
    return (
        activity.visibility == Visibility.PUBLISHED
        and activity.published_at is not None
        and activity.published_at <= timezone.now()
    )


def public_activities() -> QuerySet:
    """Published activities with what their documents read, for a rebuild of the index."""
    return (
        Activity.objects.published()
        .select_related("unit__parent", *PUBLIC_DETAILS_RELATED)
        .defer(*CONFIDENTIAL_DEFERRED)
        .prefetch_related(Prefetch("organizations", queryset=Organization.objects.only("pk", "name")))
        .order_by("pk")
    )


def activity_title(activity: Activity) -> str:
    return Truncator(" ".join(activity.summary.split())).chars(120)


def activity_document(activity: Activity) -> search.SearchDocument | None:
    if not is_public(activity):
        return None
    unit = activity.unit
    where = [activity.place, unit.name]
    if unit.parent_id is not None:
        where.append(unit.parent.name)
    # The values only: the labels are in the language of whoever saved the activity.
    facts = [fact.value for fact in public_facts(activity)]
    text = " ".join(
        [
            activity.summary,
            *where,
            labels_in_all_languages(ActivityKind, activity.kind),
            *(organization.name for organization in activity.organizations.all()),
            *facts,
        ]
    )
    summary = " · ".join(part for part in (activity.place, unit.name) if part)
    return search.SearchDocument(
        title=activity_title(activity),
        url=reverse("portal:activity_detail", args=[activity.pk]),
        text=text,
        summary=summary,
        date=activity.date,
        subtype=activity.kind,
        is_demo=activity.is_demo or unit.is_demo,
    )


def register() -> None:
    search.register(
        Activity,
        result_type="activity",
        label=_("Activity"),
        to_document=activity_document,
        public_objects=lambda: public_activities().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(ActivityKind.choices),
        weight=3,
    )
