"""Public pages of the structure: home, the directory of units and organizations, a unit,
an organization.

Everything here is public by nature (names of units and organizations, names and titles of
office holders) and the same for every visitor, so the pages can be cached later. A
person's private fields are never loaded: office holders are read as (title, name) values.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities import selectors_public as activity_selectors
from articles.models import ArticleKind
from core.caching import cache_public_page
from members import counts as member_counts
from organizations.lineage import lineage_around
from organizations.models import (
    COMMUNE_LEVEL_KINDS,
    MEMBER_ORGANIZATION_KINDS,
    AdministrativeUnit,
    Organization,
    OrganizationKind,
    Position,
    PositionTitle,
    Reorganization,
    UnitKind,
    UnitLineage,
)
from organizations.models.titles import organization_tier, position_title_label
from reports.public import years_of as report_years_of

from . import selectors

# The breadcrumb of a unit is read with the unit in one query, up to this many levels
# (province → town → ward → residential area needs three).
ANCESTOR_DEPTH = 6
_ANCESTORS = "__".join(["parent"] * ANCESTOR_DEPTH)

_UNIT_KIND_RANK = {kind: rank for rank, kind in enumerate(UnitKind.values)}
_ORG_KIND_RANK = {kind: rank for rank, kind in enumerate(OrganizationKind.values)}
_TITLE_RANK = {title: rank for rank, title in enumerate(PositionTitle.values)}
EXEMPLARY_STORY = ArticleKind.EXEMPLARY_STORY


def _natural_key(text: str) -> tuple:
    """Sort "Khu phố 2" before "Khu phố 10"."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text))


def unit_sort_key(unit: AdministrativeUnit) -> tuple:
    return (_UNIT_KIND_RANK.get(unit.kind, len(_UNIT_KIND_RANK)), _natural_key(unit.name))


def organization_sort_key(organization: Organization) -> tuple:
    return (_ORG_KIND_RANK.get(organization.kind, len(_ORG_KIND_RANK)), _natural_key(organization.name))


# --- the directory ----------------------------------------------------------------------


class StructureDateForm(forms.Form):
    """The date of the directory: ?on=dd/mm/yyyy or ?on=yyyy-mm-dd (what a date input sends)."""

    on = forms.DateField(
        label=_("Structure on"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Units and organizations as they were on this date."),
    )

    def date_or(self, default: datetime.date) -> datetime.date:
        """The date asked for, or ``default`` when none was given or it is not a date."""
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return default


@dataclass
class OrganizationNode:
    organization: Organization
    branches: list[OrganizationNode] = field(default_factory=list)


@dataclass
class UnitNode:
    unit: AdministrativeUnit
    organizations: list[OrganizationNode] = field(default_factory=list)
    children: list[UnitNode] = field(default_factory=list)

    @property
    def residential_children(self) -> list[UnitNode]:
        return [child for child in self.children if child.unit.is_residential_area]

    @property
    def other_children(self) -> list[UnitNode]:
        return [child for child in self.children if not child.unit.is_residential_area]


def structure_on(on: datetime.date) -> list[UnitNode]:
    """The tree of units current on ``on`` with their organizations current on that date.

    Two queries whatever the size of the structure; the tree is assembled in Python. A
    unit whose parent is not current on that date is a root.
    """
    current_units = AdministrativeUnit.objects.current(on)
    units = list(current_units.only("pk", "name", "kind", "parent_id", "is_demo"))
    organizations = list(
        Organization.objects.current(on)
        .filter(unit__in=current_units.values("pk"))
        .only("pk", "name", "kind", "unit_id", "parent_id")
    )
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    org_nodes = {organization.pk: OrganizationNode(organization) for organization in organizations}
    for org_node in sorted(org_nodes.values(), key=lambda n: organization_sort_key(n.organization)):
        organization = org_node.organization
        parent = org_nodes.get(organization.parent_id)
        if parent is not None and parent.organization.unit_id == organization.unit_id:
            parent.branches.append(org_node)  # a group under a branch of the same unit
        else:
            nodes[organization.unit_id].organizations.append(org_node)
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent is not None else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda child: unit_sort_key(child.unit))
    roots.sort(key=lambda root: unit_sort_key(root.unit))
    return roots


def directory(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = StructureDateForm(request.GET or None)
    on = form.date_or(today)
    if not form.errors:
        form = StructureDateForm(initial={"on": on})  # shown again as yyyy-mm-dd, what a date input reads
    return render(
        request,
        "public/directory.html",
        {"form": form, "on": on, "is_today": on == today, "roots": structure_on(on)},
    )


# --- home -------------------------------------------------------------------------------

HOME_ACTIVITIES = 6
HOME_EVENTS = 5
HOME_ARTICLES = 4
HOME_STORIES = 3
# Unit and organization pages show their newest published activities and articles.
PAGE_ACTIVITIES = 5
PAGE_ARTICLES = 5
# Units (and the organizations of units) that the public activity list can be filtered by.
ACTIVITY_FILTER_UNIT_KINDS = (UnitKind.TOWN, UnitKind.DISTRICT, *COMMUNE_LEVEL_KINDS)


@dataclass
class UnitWithOrganizations:
    unit: AdministrativeUnit
    organizations: list[Organization] = field(default_factory=list)


def units_with_organizations(on: datetime.date) -> list[UnitWithOrganizations]:
    """Today's ward/commune-level units with the organizations working at their level (two queries)."""
    units = sorted(
        AdministrativeUnit.objects.current(on).filter(kind__in=COMMUNE_LEVEL_KINDS).select_related("parent"),
        key=unit_sort_key,
    )
    rows = {unit.pk: UnitWithOrganizations(unit) for unit in units}
    organizations = (
        Organization.objects.current(on)
        .filter(unit__in=list(rows))
        .only("pk", "name", "kind", "unit_id", "is_demo")
    )
    for organization in sorted(organizations, key=organization_sort_key):
        rows[organization.unit_id].organizations.append(organization)
    return list(rows.values())


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "public/home.html",
        {
            "today": today,
            "figures": selectors.headline_figures(today.year),
            "events": list(
                activity_selectors.upcoming_events(today, kinds=activity_selectors.HOME_EVENT_KINDS)[
                    :HOME_EVENTS
                ]
            ),
            "activities": activity_selectors.latest_activities(HOME_ACTIVITIES),
            "articles": selectors.latest_articles(HOME_ARTICLES, exclude_kind=EXEMPLARY_STORY),
            "stories": selectors.latest_articles(HOME_STORIES, kind=EXEMPLARY_STORY),
            "units": units_with_organizations(today),
        },
    )


def _activity_list_url(parameter: str, pk: int) -> str:
    return f"{reverse('portal:activity_list')}?{urlencode({parameter: pk})}"


# --- a unit -----------------------------------------------------------------------------


def unit_ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The units above ``unit``, the highest first (read with the unit, see ``_ANCESTORS``)."""
    ancestors: list[AdministrativeUnit] = []
    seen = {unit.pk}
    current = unit.parent
    while current is not None and current.pk not in seen:
        ancestors.append(current)
        seen.add(current.pk)
        current = current.parent
    ancestors.reverse()
    return ancestors


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related(_ANCESTORS).prefetch_related(
            Prefetch("children", queryset=AdministrativeUnit.objects.all()),
            Prefetch("organizations", queryset=Organization.objects.select_related("parent")),
        ),
        pk=pk,
    )
    organizations = sorted(unit.organizations.all(), key=organization_sort_key)
    current_organizations = [o for o in organizations if _is_current(o, today)]
    past_organizations = [o for o in organizations if not _is_current(o, today)]
    children = sorted(unit.children.all(), key=lambda c: (not c.is_current(today), unit_sort_key(c)))
    lineage = lineage_around(unit.pk)
    return render(
        request,
        "public/unit_detail.html",
        {
            "unit": unit,
            "today": today,
            "is_current": unit.is_current(today),
            "ancestors": unit_ancestors(unit),
            "children": children,
            "came_from": _by_reorganization([r for r in lineage if r.after_id == unit.pk], "before"),
            "became": _by_reorganization([r for r in lineage if r.before_id == unit.pk], "after"),
            "lineage_steps": lineage_steps(lineage),
            "current_organizations": current_organizations,
            "past_organizations": past_organizations,
            "activities": activity_selectors.activities_of_unit(unit, PAGE_ACTIVITIES),
            "activities_url": _activity_list_url("unit", unit.pk)
            if unit.kind in ACTIVITY_FILTER_UNIT_KINDS
            else "",
            # The years of its public figures (reports.public; none for a residential area).
            "report_years": report_years_of(unit, today),
        },
    )


def _by_reorganization(rows, end: str) -> list[tuple]:
    """Lineage rows grouped by their reorganization: (reorganization, [units at the other end])."""
    grouped: dict[int, tuple] = {}
    for row in rows:
        grouped.setdefault(row.reorganization_id, (row.reorganization, []))[1].append(getattr(row, end))
    return [(r, sorted(units, key=unit_sort_key)) for r, units in grouped.values()]


@dataclass
class LineageStep:
    """One reorganization in the lineage diagram: the units before it and the units after it."""

    reorganization: Reorganization
    before: list[AdministrativeUnit]
    after: list[AdministrativeUnit]

    @property
    def sides(self) -> list[tuple[str, list[AdministrativeUnit]]]:
        return [(_("Before the reorganization"), self.before), (_("After the reorganization"), self.after)]


def lineage_steps(rows: list[UnitLineage]) -> list[LineageStep]:
    """The rows (the earliest first) as one step per reorganization, each side without repeats."""
    steps: dict[int, tuple[Reorganization, dict, dict]] = {}
    for row in rows:
        _reorganization, before, after = steps.setdefault(row.reorganization_id, (row.reorganization, {}, {}))
        before[row.before_id] = row.before
        after[row.after_id] = row.after
    return [
        LineageStep(r, sorted(before.values(), key=unit_sort_key), sorted(after.values(), key=unit_sort_key))
        for r, before, after in steps.values()
    ]


def _is_current(obj: AdministrativeUnit | Organization, on: datetime.date) -> bool:
    return (obj.valid_from is None or obj.valid_from <= on) and (obj.valid_to is None or obj.valid_to >= on)


# --- an organization --------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeHolder:
    """What the public may know of an office holder: the name and the title, nothing else."""

    full_name: str
    title: str
    is_demo: bool


def office_holders_on(organization: Organization, on: datetime.date) -> list[OfficeHolder]:
    rows = (
        Position.objects.current(on)
        .filter(organization=organization)
        .values_list("person__full_name", "title", "person__is_demo")
    )
    holders = sorted(rows, key=lambda row: (_TITLE_RANK.get(row[1], len(_TITLE_RANK)), _natural_key(row[0])))
    # The title as this body calls it: Trưởng ban, Tổ trưởng, Chi hội trưởng, Bí thư, Ủy viên ...
    tier = organization_tier(organization)
    return [
        OfficeHolder(
            full_name=name, title=position_title_label(title, organization.kind, tier=tier), is_demo=demo
        )
        for name, title, demo in holders
    ]


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    organization = get_object_or_404(
        Organization.objects.select_related("unit__parent", "parent").prefetch_related(
            Prefetch("branches", queryset=Organization.objects.select_related("unit"))
        ),
        pk=pk,
    )
    branches = sorted(
        organization.branches.all(),
        key=lambda b: (not _is_current(b, today), _natural_key(b.unit.name), organization_sort_key(b)),
    )
    is_current = _is_current(organization, today)
    # An organization that has ended shows who held office on its last day.
    holders_on = today if is_current or organization.valid_to is None else organization.valid_to
    office_holders = office_holders_on(organization, holders_on)
    return render(
        request,
        "public/organization_detail.html",
        {
            "organization": organization,
            "today": today,
            "is_current": is_current,
            "holders_on": holders_on,
            "branches": branches,
            "office_holders": office_holders,
            # Aggregates only: how many members the organization and its branches have.
            "member_count": (
                member_counts.members_on(holders_on, organization=organization)
                if organization.kind in MEMBER_ORGANIZATION_KINDS
                else None
            ),
            "has_demo_holders": any(holder.is_demo for holder in office_holders),
            "activities": activity_selectors.activities_of_organization(organization, PAGE_ACTIVITIES),
            "activities_url": (
                _activity_list_url("organization", organization.pk)
                if organization.unit.kind in ACTIVITY_FILTER_UNIT_KINDS
                else ""
            ),
            "articles": selectors.articles_of_organization(organization, PAGE_ARTICLES),
        },
    )
