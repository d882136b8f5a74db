"""The search documents of published activities, organizations and units.

Only what the public pages show goes into a document: never internal notes, mediation
parties, beneficiaries, the cadres who went on a visit, or anything about residents.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, Visibility
from organizations.models import AdministrativeUnit, Organization, OrganizationKind, UnitKind

from . import search
from .facts import CONFIDENTIAL_DEFERRED, PUBLIC_DETAILS_RELATED, public_facts

_labels: dict[tuple[str, str], str] = {}


def labels_in_all_languages(choices: type, value: str) -> str:
    """The label of ``value`` in every language of the portal, so that both can be searched."""
    key = (choices.__qualname__, value)
    if key not in _labels:
        try:
            label = choices(value).label
        except ValueError:
            label = value
        texts = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts.append(str(label))
        _labels[key] = " ".join(dict.fromkeys(texts))
    return _labels[key]


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


def all_organizations() -> QuerySet:
    return Organization.objects.select_related("unit__parent").order_by("pk")


def organization_document(organization: Organization) -> search.SearchDocument:
    unit = organization.unit
    text = " ".join(
        [
            labels_in_all_languages(OrganizationKind, organization.kind),
            unit.name,
            unit.parent.name if unit.parent_id is not None else "",
            organization.description,
            organization.office_address,
        ]
    )
    return search.SearchDocument(
        title=organization.name,
        url=reverse("public:organization_detail", args=[organization.pk]),
        text=text,
        summary=unit.name if unit.parent_id is None else f"{unit.name} · {unit.parent.name}",
        date=organization.valid_from,
        subtype=organization.kind,
        is_demo=organization.is_demo or unit.is_demo,
    )


def all_units() -> QuerySet:
    return AdministrativeUnit.objects.select_related("parent").order_by("pk")


def unit_document(unit: AdministrativeUnit) -> search.SearchDocument:
    parent = unit.parent.name if unit.parent_id is not None else ""
    return search.SearchDocument(
        title=unit.name,
        url=reverse("public:unit_detail", args=[unit.pk]),
        text=" ".join([labels_in_all_languages(UnitKind, unit.kind), parent, unit.code]),
        summary=parent,
        date=unit.valid_from,
        subtype=unit.kind,
        is_demo=unit.is_demo,
    )


def register_documents() -> None:
    search.register(
        Activity,
        result_type="activity",
        label=_("Activity"),
        to_document=activity_document,
        public_objects=lambda: public_activities().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(ActivityKind.choices),
        weight=3,
    )
    search.register(
        Organization,
        result_type="organization",
        label=_("Organization"),
        to_document=organization_document,
        public_objects=lambda: all_organizations().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(OrganizationKind.choices),
        weight=1,
    )
    search.register(
        AdministrativeUnit,
        result_type="unit",
        label=_("Unit"),
        to_document=unit_document,
        public_objects=lambda: all_units().iterator(chunk_size=search.BATCH_SIZE),
        subtype_labels=dict(UnitKind.choices),
        weight=0,
    )
